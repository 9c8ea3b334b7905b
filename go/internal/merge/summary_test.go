package merge_test

import (
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/merge"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// writeChecksFile writes an instance that ran checks in group "::orders"
// (passes and fails given), its VUs gauge at vus, and a custom counter
// that never got a sample.
func writeChecksFile(t *testing.T, path string, passes, fails int, vus float64, thresholds map[string]json.RawMessage) {
	t.Helper()
	reg := metrics.NewRegistry()
	builtin := metrics.RegisterBuiltin(reg)
	reg.MustNew("orders_rejected", metrics.Counter, metrics.Default)
	agg := metrics.NewAggregator(reg)
	sink := agg.NewSink()
	check := reg.Intern(map[string]string{metrics.GroupTag: "::orders", metrics.CheckTag: "accepted", "scenario": "orders"})
	for i := range passes + fails {
		sink.Add(builtin.Checks, check, map[bool]float64{true: 1, false: 0}[i < passes])
	}
	sink.Add(builtin.GroupDuration, reg.Intern(map[string]string{metrics.GroupTag: "::orders", "scenario": "orders"}), 3)
	sink.Add(builtin.VUs, nil, vus)
	sink.Flush()
	start := time.Date(2026, 12, 3, 14, 0, 0, 0, time.UTC)
	run := merge.Run{Aggregator: agg, Thresholds: thresholds, Tags: map[string]string{"instance_id": filepath.Base(path)}, Start: start, End: start.Add(time.Second)}
	if err := merge.Write(path, run); err != nil {
		t.Fatal(err)
	}
}

func TestMergedSummaryKeepsChecksGroupsGaugesAndSubmetrics(t *testing.T) {
	dir := t.TempDir()
	thresholds := map[string]json.RawMessage{
		"checks{scenario:orders}": json.RawMessage(`["rate>0.9"]`),
		"orders_rejected":         json.RawMessage(`["count==0"]`),
	}
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	writeChecksFile(t, a, 10, 0, 4, thresholds)
	writeChecksFile(t, b, 8, 2, 6, thresholds)
	merged, err := merge.Combine([]string{a, b})
	if err != nil {
		t.Fatal(err)
	}
	agg := merged.Aggregator
	agg.EvaluateThresholds(merged.Duration())
	sum := agg.Summary(metrics.SummaryMeta{Duration: merged.Duration()})

	if len(sum.RootGroup.Groups) != 1 || sum.RootGroup.Groups[0].Name != "orders" {
		t.Fatalf("groups %+v, want the one group orders", sum.RootGroup.Groups)
	}
	c := sum.RootGroup.Groups[0].Checks
	if len(c) != 1 || c[0].Name != "accepted" || c[0].Passes != 18 || c[0].Fails != 2 {
		t.Fatalf("checks %+v, want accepted with 18 passes and 2 fails", c)
	}
	// 18 of 20 is 0.9: the sub-metric's rate>0.9 fails on the merged
	// data, though file a alone (10 of 10) passes it.
	sub := sum.Metrics["checks{scenario:orders}"]
	if sub == nil || sub.Values["rate"] != 0.9 || sub.Thresholds["rate>0.9"].OK {
		t.Fatalf("sub-metric %+v, want rate 0.9 and its threshold failed", sub)
	}
	// A metric without samples in any file is still known, so its
	// threshold parses and holds, as in a single run.
	if m := sum.Metrics["orders_rejected"]; m == nil || !m.Thresholds["count==0"].OK {
		t.Fatalf("orders_rejected %+v, want count==0 passed", m)
	}
	if vus := sum.Metrics["vus"].Values; vus["min"] != 4 || vus["max"] != 6 || vus["value"] != 6 {
		t.Fatalf("vus %v, want min 4, max 6 and the last file's 6", vus)
	}
	if err := agg.CrossedThresholds(""); err == nil || err.Error() != fmt.Sprintf("thresholds on metrics 'checks{scenario:orders}' have been crossed: checks{scenario:orders} 'rate>0.9' rate=%s", "90.00%") {
		t.Fatalf("crossed: %v", err)
	}
}

// TestInfinitiesSurviveTheResultFile: JSON has no Infinity, which a
// custom metric may record; the file carries it as a string.
func TestInfinitiesSurviveTheResultFile(t *testing.T) {
	reg := metrics.NewRegistry()
	trend := reg.MustNew("weird", metrics.Trend, metrics.Default)
	gauge := reg.MustNew("level", metrics.Gauge, metrics.Default)
	agg := metrics.NewAggregator(reg)
	sink := agg.NewSink()
	sink.Add(trend, nil, math.Inf(1))
	sink.Add(trend, nil, 2)
	sink.Add(gauge, nil, math.Inf(-1))
	sink.Flush()
	path := filepath.Join(t.TempDir(), "inf.json")
	if err := merge.Write(path, merge.Run{Aggregator: agg}); err != nil {
		t.Fatal(err)
	}
	merged, err := merge.Combine([]string{path})
	if err != nil {
		t.Fatal(err)
	}
	w := merged.Aggregator.Query(merged.Aggregator.Registry.Get("weird"))
	g := merged.Aggregator.Query(merged.Aggregator.Registry.Get("level"))
	if !math.IsInf(w.Max, 1) || w.Min != 2 || w.Count != 2 || !math.IsInf(g.Last, -1) {
		t.Fatalf("trend %+v, gauge %+v: want +Inf and 2, and -Inf", w, g)
	}
}
