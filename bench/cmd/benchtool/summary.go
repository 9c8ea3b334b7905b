package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
)

// Summary is a natsk6 --summary-export file.
type Summary struct {
	Metrics map[string]map[string]json.RawMessage `json:"metrics"`
}

func readSummary(path string) (*Summary, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &s, nil
}

// Field returns one value of a metric, e.g. ("nats_requests", "rate").
func (s *Summary) Field(metric, name string) (float64, bool) {
	values, ok := s.Metrics[metric]
	if !ok {
		return math.NaN(), false
	}
	// k6's summary export holds the values at the metric's top level;
	// handleSummary's data nests them under "values": accept both.
	if nested, ok := values["values"]; ok {
		var inner map[string]json.RawMessage
		if json.Unmarshal(nested, &inner) == nil {
			values = inner
		}
	}
	var v float64
	if err := json.Unmarshal(values[name], &v); err != nil {
		return math.NaN(), false
	}
	return v, true
}

// Measurement reads throughput from rateMetric, "name" for a counter's
// rate or "name:field" for another field (e.g. a script's own msgs/s
// counter read through its count), and p50/p99 from trendMetric's med and
// p(99), in milliseconds as k6 exports time trends (scripts list p(99) in
// summaryTrendStats).
func (s *Summary) Measurement(rateMetric, trendMetric string) (Measurement, error) {
	rateName, rateField, found := strings.Cut(rateMetric, ":")
	if !found {
		rateField = "rate"
	}
	rate, ok := s.Field(rateName, rateField)
	if !ok {
		return Measurement{}, fmt.Errorf("no %s for metric %q", rateField, rateName)
	}
	m := Measurement{Rate: rate, P50: math.NaN(), P99: math.NaN()}
	if trendMetric != "" {
		if med, ok := s.Field(trendMetric, "med"); ok {
			m.P50 = med * 1000
		}
		if p99, ok := s.Field(trendMetric, "p(99)"); ok {
			m.P99 = p99 * 1000
		}
	}
	return m, nil
}
