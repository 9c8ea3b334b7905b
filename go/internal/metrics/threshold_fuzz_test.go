package metrics

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Any threshold key and expression a script can write parses without a
// panic or a hang: into thresholds that evaluate, with and without
// samples, or into an error that names the key. Run it longer with
// `go test -fuzz FuzzParseThresholds ./internal/metrics/`; what it finds
// goes to testdata/fuzz.
func FuzzParseThresholds(f *testing.F) {
	for _, seed := range [][2]string{
		{"lat", "p(95)<200"}, {"lat{subject:a,scenario:'b'}", "avg <= 1.5"}, {"iterations", "count==0"},
		{"checks", "rate>0.9"}, {"vus", "value!=3"}, {"lat", "p(99.9)>=1e3"}, {"lat{", "max<1"},
		{"{}", "min>0"}, {"lat{a:b,a:c}", "med===2"}, {"iterations", "rate<NaN"}, {"lat", "p(100000000000000000000)<1"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, key, expr string) {
		raw, err := json.Marshal(map[string][]string{key: {expr}})
		if err != nil {
			t.Skip("not JSON-encodable") // a script's options are JSON
		}
		var thresholds map[string]json.RawMessage
		if err := json.Unmarshal(raw, &thresholds); err != nil {
			t.Fatal(err)
		}
		f := newFixture()
		f.reg.MustNew("lat", Trend, Time)
		ts, err := ParseThresholds(thresholds, f.reg)
		if err != nil {
			// The key as the JSON round trip gave it back (invalid UTF-8
			// becomes U+FFFD).
			for k := range thresholds {
				if !strings.Contains(err.Error(), strconv.Quote(k)) {
					t.Fatalf("error %q does not name the threshold %q", err, k)
				}
			}
			return
		}
		f.agg.SetThresholds(ts)
		f.agg.EvaluateThresholds(time.Second)
		s := f.agg.NewSink()
		emitLatencies(f, s)
		s.Flush()
		f.agg.EvaluateThresholds(time.Second)
		_ = f.agg.CrossedThresholds("ms")
	})
}
