package main

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"time"
)

// nats latency (natscli v0.5.0) prints its HDR percentiles one a line as
// Go durations ("50:       91µs", "99:       1.056ms") and the rate it
// achieved ("Actual Msgs/Sec: 10008"), each line after a time of day.
var (
	natsLatencyRate = regexp.MustCompile(`Actual Msgs/Sec: ([0-9]+)`)
	natsLatencyP50  = regexp.MustCompile(`(?m)\s50:\s+(\S+)\s*$`)
	natsLatencyP99  = regexp.MustCompile(`(?m)\s99:\s+(\S+)\s*$`)
)

func parseNatsLatency(out string) (Measurement, error) {
	rate := math.NaN()
	if m := natsLatencyRate.FindStringSubmatch(out); m != nil {
		rate, _ = strconv.ParseFloat(m[1], 64)
	}
	p50, p99 := latencyMicros(natsLatencyP50, out), latencyMicros(natsLatencyP99, out)
	if math.IsNaN(rate) || math.IsNaN(p50) || math.IsNaN(p99) {
		return Measurement{}, fmt.Errorf("no rate and percentiles in nats latency output")
	}
	return Measurement{Rate: rate, P50: p50, P99: p99}, nil
}

// latencyMicros is the duration re matches, in microseconds.
func latencyMicros(re *regexp.Regexp, s string) float64 {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return math.NaN()
	}
	d, err := time.ParseDuration(m[1])
	if err != nil {
		return math.NaN()
	}
	return float64(d) / float64(time.Microsecond)
}
