package main

import (
	"fmt"
	"math"
	"strconv"
)

// Measurement is one run's throughput (msgs/s) and latency percentiles in
// microseconds; NaN means the tool does not report that figure.
type Measurement struct {
	Rate, P50, P99 float64
}

func (m Measurement) String() string {
	return fmt.Sprintf("%s %s %s", formatField(m.Rate), formatField(m.P50), formatField(m.P99))
}

func formatField(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(v, 'f', 3, 64)
}

func parseField(s string) (float64, error) {
	if s == "-" || s == "" {
		return math.NaN(), nil
	}
	return strconv.ParseFloat(s, 64)
}
