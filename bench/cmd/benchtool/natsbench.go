package main

import (
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// nats bench (natscli v0.5.0) prints either one "stats:" line for a single
// client or an "aggregated stats:" line plus a "latencies per operation"
// line for several clients.
var (
	natsBenchRate = regexp.MustCompile(`stats: ([0-9,]+) msgs/sec`)
	natsBenchP50  = regexp.MustCompile(`P50:? ([0-9,.]+)us`)
	natsBenchP99  = regexp.MustCompile(`P99:? ([0-9,.]+)us`)
)

// parseFile reads one tool's output file with parse; errors name the file.
func parseFile(path string, parse func(string) (Measurement, error)) (Measurement, error) {
	out, err := os.ReadFile(path)
	if err != nil {
		return Measurement{}, err
	}
	m, err := parse(string(out))
	if err != nil {
		return m, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func parseNatsBench(out string) (Measurement, error) {
	// The aggregated figures come after the per-client lines, so the last
	// match of each pattern is the one that covers every client.
	rate := lastNumber(natsBenchRate, out)
	if math.IsNaN(rate) {
		return Measurement{}, fmt.Errorf("no throughput in nats bench output")
	}
	latencies := out
	if i := strings.Index(out, "latencies per operation"); i >= 0 {
		latencies = out[i:]
	}
	return Measurement{Rate: rate, P50: lastNumber(natsBenchP50, latencies), P99: lastNumber(natsBenchP99, latencies)}, nil
}

func lastNumber(re *regexp.Regexp, s string) float64 {
	all := re.FindAllStringSubmatch(s, -1)
	if len(all) == 0 {
		return math.NaN()
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(all[len(all)-1][1], ",", ""), 64)
	if err != nil {
		return math.NaN()
	}
	return v
}
