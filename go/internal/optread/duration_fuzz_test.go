package optread

import (
	"strings"
	"testing"
)

// FuzzParseDuration: k6's grammar never panics, never yields a negative
// duration or one beyond Longest, and what it accepts reads back the
// same from Go's own rendering of it. The committed corpus
// (testdata/fuzz) runs as an ordinary test.
func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"1d", "1d12h", "1.5d", "90m", "500ms", "0", "-5s", "1d-1h", "1e6d", "9223372036854775807ns", " 2h ", "d", "1dd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			if !strings.Contains(err.Error(), "invalid duration") {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if d < 0 || d > Longest {
			t.Fatalf("%q read as %v", s, d)
		}
		if again, err := ParseDuration(d.String()); err != nil || again != d {
			t.Fatalf("%q read as %v, which reads back as %v, %v", s, d, again, err)
		}
	})
}

// FuzzDurationValue: a duration option, as a string or as milliseconds,
// is read or refused with a message, never negative or beyond Longest.
func FuzzDurationValue(f *testing.F) {
	f.Add("30s", 0.0)
	f.Add("", 1500.0)
	f.Add("", -1.0)
	f.Add("", 1e300)
	f.Add("2562047h", 0.0)
	f.Fuzz(func(t *testing.T, s string, ms float64) {
		var v any = ms
		if s != "" {
			v = s
		}
		d, err := DurationValue(v)
		if err == nil && (d < 0 || d > Longest) {
			t.Fatalf("%v read as %v", v, d)
		}
		if err != nil && strings.Contains(err.Error(), "-2562047h") {
			t.Fatalf("%v: an overflow reached the message: %v", v, err)
		}
	})
}
