package optread

import (
	"math"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"0": 0, "500ms": 500 * time.Millisecond, "1m30s": 90 * time.Second, "2h": 2 * time.Hour,
		"1.5s": 1500 * time.Millisecond, "1d": 24 * time.Hour, "1d2h": 26 * time.Hour, " 1h30m ": 90 * time.Minute,
	} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "10", "x", "-1s", "1dd", "d", "1h1d", "1d-1h", "1d+1h", "NaNd", "Infd", "1e3d", "-1d", ".d"} {
		if _, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) succeeded", in)
		}
	}
}

// A script's duration is milliseconds as a number, k6's syntax as a
// string; a negative one is named as such.
func TestDurationValue(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want time.Duration
	}{
		{int64(250), 250 * time.Millisecond}, {1.5, 1500 * time.Microsecond}, {"1d", 24 * time.Hour}, {"1h30m", 90 * time.Minute},
	} {
		if got, err := DurationValue(tc.in); err != nil || got != tc.want {
			t.Errorf("DurationValue(%v) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for in, want := range map[any]string{
		"soon":     `expected milliseconds or a duration like "30s", got "soon"`,
		"-1s":      "must not be negative, got -1s",
		true:       "expected milliseconds or a duration string, got a boolean",
		math.NaN(): "must be a finite number",
	} {
		if _, err := DurationValue(in); err == nil || err.Error() != want {
			t.Errorf("DurationValue(%v) = %v; want %q", in, err, want)
		}
	}
}

// A duration too large to mean anything is accepted as about a century,
// not an overflow that reads as negative.
func TestHugeDurationsDoNotOverflow(t *testing.T) {
	for _, v := range []any{int64(1e13), 1e13, int64(math.MaxInt64), "1000000d", "9223372036854775807ns", "36500d2562047h"} {
		if d, err := DurationValue(v); err != nil || d != Longest {
			t.Errorf("DurationValue(%v) = %v, %v; want %v", v, d, err, Longest)
		}
	}
}
