// Package optread reads options the way scripts write them: one strict
// reader for exported JS objects (numbers, strings, arrays, objects,
// Dates) and one duration grammar, k6's, for every option that takes a
// duration (test options, flags, environment variables, NATS options).
package optread

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Longest is the longest duration an option reads as, about a century:
// a larger one is accepted as Longest rather than overflowing into a
// negative duration.
const Longest = 100 * 365 * 24 * time.Hour

// ParseDuration reads k6's duration syntax: Go's ("1m30s", "500ms",
// "1.5s") with an optional leading days part ("1d", "1d12h"). A bare
// number other than 0 has no unit and is rejected, as k6 rejects it;
// negative durations are rejected too. Beyond Longest it is Longest.
func ParseDuration(text string) (time.Duration, error) {
	d, ok := parseSigned(text)
	if !ok || d < 0 {
		return 0, fmt.Errorf("invalid duration %q", text)
	}
	return d, nil
}

// parseSigned is ParseDuration's grammar with a sign allowed on the Go
// part, so that callers can word a negative duration their own way.
func parseSigned(text string) (time.Duration, bool) {
	s := strings.TrimSpace(text)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		if !isDecimal(s[:i]) { // no sign, exponent, NaN or Inf
			return 0, false
		}
		n, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return 0, false
		}
		if n*24 >= Longest.Hours() {
			days = Longest
		} else {
			days = time.Duration(n * float64(24*time.Hour))
		}
		if s = s[i+1:]; s == "" {
			return days, true
		}
		if s[0] == '-' || s[0] == '+' { // "1d-1h" is no k6 duration
			return 0, false
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, false
	}
	if d > Longest-days { // also keeps days+d from overflowing
		return Longest, true
	}
	return days + d, true
}

// isDecimal reports whether s is digits with at most one '.' among them.
func isDecimal(s string) bool {
	digits, dots := 0, 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

// Millis converts a number of milliseconds, as k6 reads a duration
// given as a number; beyond Longest it is Longest.
func Millis(ms float64) time.Duration {
	if ms >= float64(Longest/time.Millisecond) {
		return Longest
	}
	return time.Duration(ms * float64(time.Millisecond))
}
