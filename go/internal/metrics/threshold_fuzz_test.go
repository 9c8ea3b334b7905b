package metrics

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// FuzzParseThresholds: any thresholds key and expression parses or fails
// with an error naming the key; it never panics. The committed corpus
// (testdata/fuzz) runs as an ordinary test.
func FuzzParseThresholds(f *testing.F) {
	for _, seed := range [][2]string{
		{"lat", "p(95)<200"}, {"lat{subject:a}", "avg<=1.5"}, {"iterations", "count>1"}, {"checks", "rate===1"},
		{"vus", "value!=3"}, {"lat", "p(101)<1"}, {"lat{subject", "max<1"}, {"lat", "med<abc"}, {"lat", `{"threshold":"min>0","abortOnFail":true,"delayAbortEval":"10s"}`},
	} {
		f.Add(seed[0], seed[1])
	}
	reg := NewRegistry()
	RegisterBuiltin(reg)
	reg.MustNew("lat", Trend, Time)
	f.Fuzz(func(t *testing.T, key, expr string) {
		item, err := json.Marshal(expr)
		if err != nil {
			t.Skip("not encodable as a JSON string")
		}
		if json.Valid([]byte(expr)) && strings.HasPrefix(expr, "{") {
			item = []byte(expr) // a {threshold, abortOnFail, delayAbortEval} object
		}
		raw := map[string]json.RawMessage{key: json.RawMessage("[" + string(item) + "]")}
		ths, err := ParseThresholds(raw, reg)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "threshold "+strconv.Quote(key)+": ") {
				t.Fatalf("key %q, %q: the error does not name the key: %v", key, expr, err)
			}
			return
		}
		if len(ths) != 1 || ths[0].Key != key || ths[0].Metric == nil {
			t.Fatalf("key %q, %q: parsed as %+v", key, expr, ths)
		}
	})
}
