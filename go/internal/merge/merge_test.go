package merge_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/merge"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// instance is one synthetic instance's data: latency samples (ms) in a
// custom trend, and its iterations.
type instance struct {
	latencies  []float64
	iterations int
}

// writeFile writes the result file of one instance with the given
// thresholds, as a run does at its end.
func writeFile(t *testing.T, dir string, id int, in instance, thresholds map[string]json.RawMessage) string {
	t.Helper()
	reg := metrics.NewRegistry()
	builtin := metrics.RegisterBuiltin(reg)
	latency := reg.MustNew("latency", metrics.Trend, metrics.Time)
	agg := metrics.NewAggregator(reg)
	sink := agg.NewSink()
	tags := reg.Intern(map[string]string{"instance_id": string(rune('0' + id)), "scenario": "default"})
	for _, v := range in.latencies {
		sink.Add(latency, tags, v)
	}
	for range in.iterations {
		sink.Add(builtin.Iterations, tags, 1)
	}
	sink.Flush()
	start := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC).Add(time.Duration(id) * time.Second)
	path := filepath.Join(dir, "result-"+string(rune('0'+id))+".json")
	err := merge.Write(path, merge.Run{Aggregator: agg, Thresholds: thresholds, Options: json.RawMessage(`{"summaryTrendStats":["avg","p(95)","p(99)","count"]}`),
		Tags: map[string]string{"instance_id": string(rune('0' + id))}, Start: start, End: start.Add(10 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// latencies returns n deterministic, skewed latencies: mostly a few
// milliseconds, a long tail to seconds.
func latencies(seed uint64, n int) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Exp(r.NormFloat64()*1.2 + 1.5)
	}
	return out
}

// oneHistogram aggregates every sample in one run's trend: what a single
// unsegmented run would have reported.
func oneHistogram(samples []float64) metrics.Stats {
	reg := metrics.NewRegistry()
	m := reg.MustNew("latency", metrics.Trend, metrics.Time)
	agg := metrics.NewAggregator(reg)
	sink := agg.NewSink()
	for _, v := range samples {
		sink.Add(m, nil, v)
	}
	sink.Flush()
	return agg.Query(m)
}

func TestMergedPercentilesEqualOneHistogramOfTheUnion(t *testing.T) {
	cases := map[string][]int{
		"every file exact, union exact":     {1000, 2000, 3000, 4000},
		"every file exact, union histogram": {40_000, 30_000, 20_000, 20_000},
		"exact and histogram files":         {150_000, 5_000, 120_000, 7_000},
	}
	for name, sizes := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			var paths []string
			var union []float64
			for i, n := range sizes {
				in := instance{latencies: latencies(uint64(i+1), n), iterations: n}
				union = append(union, in.latencies...)
				paths = append(paths, writeFile(t, dir, i, in, nil))
			}
			merged, err := merge.Combine(paths)
			if err != nil {
				t.Fatal(err)
			}
			got := merged.Aggregator.Query(merged.Aggregator.Registry.Get("latency"))
			want := oneHistogram(slices.Clone(union))
			exactUnion := len(union) <= 100_000
			if got.Count != int64(len(union)) || got.Min != want.Min || got.Max != want.Max {
				t.Fatalf("count/min/max %d/%v/%v, want %d/%v/%v", got.Count, got.Min, got.Max, len(union), want.Min, want.Max)
			}
			if math.Abs(got.Sum-want.Sum) > 1e-9*want.Sum {
				t.Fatalf("sum %v, want %v", got.Sum, want.Sum)
			}
			for _, p := range []float64{50, 90, 95, 99, 99.9} {
				g, w := got.Percentile(p), want.Percentile(p)
				// The same data in one histogram gives the same buckets:
				// merging loses nothing. Exact unions stay exact.
				if g != w {
					t.Errorf("p(%v) merged %v, one histogram %v", p, g, w)
				}
				exact := metrics.Percentile(slices.Clone(union), p)
				// HDR's stated precision: 4 significant digits here, and
				// the documented bound is 0.1% relative.
				if tol := 1e-3 * exact; math.Abs(g-exact) > tol || exactUnion && g != exact {
					t.Errorf("p(%v) merged %v, exact over the union %v", p, g, exact)
				}
			}
		})
	}
}

func TestThresholdPassingOnEachFileFailsOnTheMergedData(t *testing.T) {
	dir := t.TempDir()
	thresholds := map[string]json.RawMessage{
		"iterations": json.RawMessage(`["count<300"]`),
		"latency":    json.RawMessage(`[{"threshold":"p(95)<1000","abortOnFail":true}]`),
	}
	var paths []string
	for i := range 4 {
		paths = append(paths, writeFile(t, dir, i, instance{latencies: latencies(uint64(i), 100), iterations: 100}, thresholds))
	}
	for _, p := range paths {
		one, err := merge.Combine([]string{p})
		if err != nil {
			t.Fatal(err)
		}
		one.Aggregator.EvaluateThresholds(one.Duration())
		if err := one.Aggregator.CrossedThresholds(""); err != nil {
			t.Fatalf("%s alone: %v", p, err)
		}
	}
	all, err := merge.Combine(paths)
	if err != nil {
		t.Fatal(err)
	}
	// The four instances ran from 14:00:00 to 14:00:13.
	if all.Duration() != 13*time.Second {
		t.Fatalf("merged duration %v, want 13s", all.Duration())
	}
	all.Aggregator.EvaluateThresholds(all.Duration())
	err = all.Aggregator.CrossedThresholds("")
	if err == nil || !strings.Contains(err.Error(), "iterations 'count<300' count=400") || strings.Contains(err.Error(), "latency") {
		t.Fatalf("merged thresholds: %v, want count<300 crossed at 400 and latency's held", err)
	}
}

func TestCombineRefusesFilesNotFromOneTest(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, 0, instance{iterations: 1}, map[string]json.RawMessage{"iterations": json.RawMessage(`["count<10"]`)})
	b := writeFile(t, dir, 1, instance{iterations: 1}, map[string]json.RawMessage{"iterations": json.RawMessage(`["count<20"]`)})
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	original, err := os.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	retyped := strings.Replace(string(original), `{"name":"latency","type":"trend"`, `{"name":"latency","type":"counter"`, 1)
	retyped = strings.Replace(retyped, `"instance_id":"0"`, `"instance_id":"9"`, 1)
	cases := map[string]struct {
		paths []string
		want  string
	}{
		"other thresholds": {[]string{a, b}, "has other thresholds than"},
		"one file twice":   {[]string{a, a}, "are from the same instance (same start and tags)"},
		"not json":         {[]string{write("text.json", "hello")}, "is not JSON"},
		"no version":       {[]string{write("k6.json", `{"metrics":{}}`)}, "has no version"},
		"newer version":    {[]string{write("v2.json", `{"version":2}`)}, "has version 2; this natsk6 reads version 1"},
		"unknown field":    {[]string{write("typo.json", strings.Replace(string(original), `"series"`, `"seris"`, 1))}, `unknown field "seris"`},
		"other type":       {[]string{a, write("retyped.json", retyped)}, `metric "latency" is already registered as a trend`},
		"missing file":     {[]string{filepath.Join(dir, "absent.json")}, "no such file"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := merge.Combine(c.paths)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}
