// Package merge writes the mergeable result file of a run (--out
// result=FILE) and combines the files of many instances, each running a
// segment of one test, into one aggregate: natsk6 merge prints its
// summary and evaluates the thresholds globally on it.
package merge

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/pondigo/natsk6/go/internal/accounting"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// Version is the result file format this natsk6 writes and reads.
const Version = 1

// File is a mergeable result file: one JSON object, version 1.
//
//	{
//	  "version": 1,
//	  "start": "2026-12-03T14:00:00Z",   // when the run's test duration began (after init)
//	  "end":   "2026-12-03T14:01:00Z",   // when its last sample was flushed
//	  "tags":  {"instance_id": "0"},      // the test-wide tags (options.tags and --tag)
//	  "options": {...},                   // the consolidated options, as k6 names them
//	  "thresholds": {"iterations": ["count<400"],
//	                 "nats_request_duration{subject:a}": [{"threshold": "p(95)<20", "abortOnFail": true}]},
//	  "histogram": {"scale": 1e6, "lowest": 1, "highest": 1e15, "digits": 4},
//	  "metrics": [{"name": "iterations", "type": "counter", "contains": "default"}, ...],
//	  "series":  [{"metric": "iterations", "tags": {"scenario": "default"},
//	               "stats": {"count": 3, "sum": 3, "min": 1, "max": 1, "last": 1, "nonZero": 3}}, ...],
//	  "accounting": {"readBackStream": "ORDERS",  // only in a run that stamped or saw stamped messages
//	                 "producers": [{"id": "9f2c61d0-1-js", "jetStream": true,
//	                                "sent": [[1, 1000]], "acked": [[1, 997]],
//	                                "live": {"seen": [[1, 500], [502, 997]], "duplicated": 2, "outOfOrder": 1},
//	                                "stream": {"seen": [[1, 997]]}, "longestStallNs": 7062000000}]}
//	}
//
// Every metric the run registered is listed with its type and contents.
// Series are the run's aggregates per metric and tag set, so checks and
// groups (the checks and group_duration series with their check and group
// tags) and any sub-metric a threshold selects are recomputed exactly from
// them. Counters, rates and gauges are exact aggregates (count, sum, min,
// max, last value, non-zero count). A trend keeps its samples in
// stats.samples while it has at most 100 000 of them; past that
// stats.histogram holds its HDR histogram in the standard V2 compressed,
// base64 encoding, in units of 1/scale (nanoseconds for time trends),
// with the stated geometry. Merging adds samples and histograms exactly,
// so merged percentiles carry only the histogram's own precision (4
// significant digits). Thresholds keep the options' form: expressions,
// abortOnFail and delayAbortEval. Accounting is the run's message tracker
// (accounting.State): per producer, the sequence ranges this process
// sent, had acknowledged and saw delivered, so the merge can tell which
// acknowledged messages no process received.
type File struct {
	Version    int                        `json:"version"`
	Start      time.Time                  `json:"start"`
	End        time.Time                  `json:"end"`
	Tags       map[string]string          `json:"tags"`
	Options    json.RawMessage            `json:"options"`
	Thresholds map[string]json.RawMessage `json:"thresholds"`
	Histogram  Geometry                   `json:"histogram"`
	Metrics    []Metric                   `json:"metrics"`
	Series     []Series                   `json:"series"`
	Accounting *accounting.State          `json:"accounting,omitempty"`
}

// Geometry is the HDR histogram layout of every trend in a file.
type Geometry struct {
	Scale   float64 `json:"scale"`
	Lowest  int64   `json:"lowest"`
	Highest int64   `json:"highest"`
	Digits  int     `json:"digits"`
}

// natsk6Geometry is the layout this natsk6 records trends in.
var natsk6Geometry = Geometry{Scale: metrics.HistogramScale, Lowest: 1, Highest: metrics.HistogramHighest, Digits: metrics.HistogramDigits}

// Metric is one registered metric.
type Metric struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Contains string `json:"contains"`
}

// Series is the aggregate of one metric over one tag set.
type Series struct {
	Metric string             `json:"metric"`
	Tags   map[string]string  `json:"tags"`
	Stats  metrics.StatsState `json:"stats"`
}

// Run is what a finished run hands to Write.
type Run struct {
	Aggregator *metrics.Aggregator
	Options    json.RawMessage
	Thresholds map[string]json.RawMessage
	Tags       map[string]string
	Start, End time.Time
	Accounting *accounting.State // nil for a run that accounted for nothing
}

// Write writes r's result file to path.
func Write(path string, r Run) error {
	f := File{Version: Version, Start: r.Start.UTC(), End: r.End.UTC(), Tags: r.Tags, Options: r.Options,
		Thresholds: r.Thresholds, Histogram: natsk6Geometry, Metrics: []Metric{}, Series: []Series{}, Accounting: r.Accounting}
	if f.Tags == nil {
		f.Tags = map[string]string{}
	}
	for _, m := range r.Aggregator.Registry.Metrics() {
		f.Metrics = append(f.Metrics, Metric{Name: m.Name, Type: m.Type.String(), Contains: m.Contains.String()})
	}
	for _, s := range r.Aggregator.Series() {
		st, err := s.Stats.State()
		if err != nil {
			return fmt.Errorf("result file %s: metric %s: %w", path, s.Metric.Name, err)
		}
		f.Series = append(f.Series, Series{Metric: s.Metric.Name, Tags: s.Tags.Map(), Stats: st})
	}
	b, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("result file %s: %w", path, err)
	}
	// Written aside and renamed, so that a merge waiting for the file
	// (natsk6 merge --wait) never reads half of it.
	tmp := path + ".partial"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("result file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("result file: %w", err)
	}
	return nil
}

// Read reads a result file strictly: an unknown field, another version
// or another histogram geometry is an error naming the file.
func Read(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("result file: %w", err)
	}
	var probe struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("result file %s is not JSON: %w", path, err)
	}
	switch {
	case probe.Version == nil:
		return nil, fmt.Errorf("result file %s has no version: is it a natsk6 --out result=FILE file?", path)
	case *probe.Version != Version:
		return nil, fmt.Errorf("result file %s has version %d; this natsk6 reads version %d", path, *probe.Version, Version)
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("result file %s: %w", path, err)
	}
	if f.Histogram != natsk6Geometry {
		return nil, fmt.Errorf("result file %s records histograms as %+v; this natsk6 merges %+v", path, f.Histogram, natsk6Geometry)
	}
	if f.Accounting != nil {
		if err := f.Accounting.Check(); err != nil {
			return nil, fmt.Errorf("result file %s: %w", path, err)
		}
	}
	return &f, nil
}
