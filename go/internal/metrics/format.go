package metrics

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// formatFloat prints v with up to 6 decimals, trailing zeros dropped, as
// k6 prints plain numbers ("4.36938", "120").
func formatFloat(v float64) string {
	return trimZeros(strconv.FormatFloat(v, 'f', 6, 64))
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// formatDuration prints a millisecond value in the largest fitting unit
// with up to 2 decimals: "7µs", "144.56ms", "6.45s", "1m3.5s". A fixed
// unit ("s", "ms" or "us", k6's summaryTimeUnit) overrides the choice.
func formatDuration(ms float64, unit string) string {
	switch unit {
	case "s":
		return trimZeros(strconv.FormatFloat(ms/1e3, 'f', 2, 64)) + "s"
	case "ms":
		return trimZeros(strconv.FormatFloat(ms, 'f', 2, 64)) + "ms"
	case "us":
		return trimZeros(strconv.FormatFloat(ms*1e3, 'f', 2, 64)) + "µs"
	}
	abs := math.Abs(ms)
	switch {
	case abs == 0:
		return "0s"
	case abs < 1:
		return trimZeros(strconv.FormatFloat(ms*1e3, 'f', 2, 64)) + "µs"
	case abs < 1e3:
		return trimZeros(strconv.FormatFloat(ms, 'f', 2, 64)) + "ms"
	case abs < 60e3:
		return trimZeros(strconv.FormatFloat(ms/1e3, 'f', 2, 64)) + "s"
	}
	return time.Duration(ms * float64(time.Millisecond)).Round(10 * time.Millisecond).String()
}

// formatBytes prints a byte count with SI units: "600 B", "2.0 kB",
// "31 kB", "1.3 MB".
func formatBytes(b float64) string {
	units := []string{"B", "kB", "MB", "GB", "TB", "PB", "EB"}
	if math.Abs(b) < 10 {
		return strconv.FormatFloat(b, 'f', 0, 64) + " B"
	}
	exp := math.Min(math.Floor(math.Log10(math.Abs(b))/3), float64(len(units)-1))
	v := b / math.Pow(1000, exp)
	prec := 0
	if math.Abs(v) < 10 {
		prec = 1
	}
	return strconv.FormatFloat(v, 'f', prec, 64) + " " + units[int(exp)]
}

// formatValue prints v as the metric's contents call for.
func formatValue(v float64, contains, timeUnit string) string {
	switch contains {
	case "time":
		return formatDuration(v, timeUnit)
	case "data":
		return formatBytes(v)
	}
	return formatFloat(v)
}
