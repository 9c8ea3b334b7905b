package metrics

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// summaryFixture runs a small known test: 2 s, 10 iterations, checks in
// the root group and in ::outer::inner, a trend with a sub-metric
// threshold, data and a gauge.
func summaryFixture(t *testing.T) (fixture, *Summary) {
	t.Helper()
	f := newFixture()
	f.reg.MustNew("lat", Trend, Time)
	ts, err := ParseThresholds(rawThresholds(t, `{
		"lat": ["p(95)<1000", "avg<10"],
		"lat{subject:fast}": ["max<=10"],
		"checks": ["rate>0.5"]
	}`), f.reg)
	if err != nil {
		t.Fatal(err)
	}
	f.agg.SetThresholds(ts)
	s := f.agg.NewSink()
	root := f.reg.Intern(map[string]string{CheckTag: "connected", GroupTag: ""})
	inner := f.reg.Intern(map[string]string{CheckTag: "got reply", GroupTag: "::outer::inner"})
	innerGroup := f.reg.Intern(map[string]string{GroupTag: "::outer::inner"})
	outerGroup := f.reg.Intern(map[string]string{GroupTag: "::outer"})
	for i := 0; i < 10; i++ {
		s.Add(f.b.Iterations, nil, 1)
		s.Add(f.b.IterationDuration, nil, 1500)
		s.Add(f.b.Checks, root, 1)
		s.Add(f.b.Checks, inner, float64(i%2))
		s.Add(f.b.GroupDuration, innerGroup, 0.25)
		s.Add(f.b.GroupDuration, outerGroup, 0.5)
		s.Add(f.b.DataSent, nil, 1300)
	}
	emitLatencies(f, s)
	s.Add(f.b.VUs, nil, 1)
	s.Add(f.b.VUs, nil, 19)
	s.Add(f.b.VUs, nil, 2)
	s.Flush()
	f.agg.EvaluateThresholds(2 * time.Second)
	return f, f.agg.Summary(SummaryMeta{Duration: 2 * time.Second, StdOutTTY: true})
}

func TestSummaryData(t *testing.T) {
	_, sum := summaryFixture(t)
	js, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		RootGroup struct {
			Name, Path, ID string
			Groups         []struct {
				Name, Path, ID string
				Groups         []struct {
					Name, Path string
					Checks     []Check
				}
			}
			Checks []Check
		} `json:"root_group"`
		Options struct {
			SummaryTrendStats []string `json:"summaryTrendStats"`
			SummaryTimeUnit   *string  `json:"summaryTimeUnit"`
			NoColor           *bool    `json:"noColor"`
		}
		State struct {
			IsStdOutTTY       bool    `json:"isStdOutTTY"`
			IsStdErrTTY       *bool   `json:"isStdErrTTY"`
			TestRunDurationMs float64 `json:"testRunDurationMs"`
		}
		Metrics map[string]struct {
			Type, Contains string
			Values         map[string]float64
			Thresholds     map[string]struct{ OK bool }
		}
	}
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatal(err)
	}
	rg := got.RootGroup
	if rg.Name != "" || rg.Path != "" || rg.ID != "d41d8cd98f00b204e9800998ecf8427e" {
		t.Errorf("root group = %q %q %q", rg.Name, rg.Path, rg.ID)
	}
	if len(rg.Checks) != 1 || rg.Checks[0].Name != "connected" || rg.Checks[0].Path != "::connected" || rg.Checks[0].Passes != 10 || rg.Checks[0].Fails != 0 {
		t.Errorf("root checks = %+v", rg.Checks)
	}
	if len(rg.Groups) != 1 || rg.Groups[0].Name != "outer" || rg.Groups[0].Path != "::outer" || len(rg.Groups[0].Groups) != 1 {
		t.Fatalf("groups = %+v", rg.Groups)
	}
	in := rg.Groups[0].Groups[0]
	if in.Name != "inner" || in.Path != "::outer::inner" || len(in.Checks) != 1 || in.Checks[0].Passes != 5 || in.Checks[0].Fails != 5 || in.Checks[0].Path != "::outer::inner::got reply" {
		t.Errorf("inner group = %+v", in)
	}
	if strings.Join(got.Options.SummaryTrendStats, ",") != "avg,min,med,max,p(90),p(95)" || got.Options.SummaryTimeUnit == nil || got.Options.NoColor == nil {
		t.Errorf("options = %+v", got.Options)
	}
	if !got.State.IsStdOutTTY || got.State.IsStdErrTTY == nil || got.State.TestRunDurationMs != 2000 {
		t.Errorf("state = %+v", got.State)
	}
	m := got.Metrics
	if it := m["iterations"]; it.Type != "counter" || it.Contains != "default" || it.Values["count"] != 10 || it.Values["rate"] != 5 {
		t.Errorf("iterations = %+v", it)
	}
	if c := m["checks"]; c.Type != "rate" || c.Values["rate"] != 0.75 || c.Values["passes"] != 15 || c.Values["fails"] != 5 || !c.Thresholds["rate>0.5"].OK {
		t.Errorf("checks = %+v", c)
	}
	if v := m["vus"]; v.Type != "gauge" || v.Values["value"] != 2 || v.Values["min"] != 1 || v.Values["max"] != 19 {
		t.Errorf("vus = %+v", v)
	}
	lat := m["lat"]
	if lat.Type != "trend" || lat.Contains != "time" || lat.Values["avg"] != 50.5 || lat.Values["min"] != 1 || lat.Values["max"] != 100 || len(lat.Values) != 6 {
		t.Errorf("lat = %+v", lat)
	}
	if lat.Thresholds["p(95)<1000"].OK != true || lat.Thresholds["avg<10"].OK != false {
		t.Errorf("lat thresholds = %+v", lat.Thresholds)
	}
	sub, ok := m["lat{subject:fast}"]
	if !ok || sub.Values["max"] != 10 || sub.Values["avg"] != 5.5 || !sub.Thresholds["max<=10"].OK {
		t.Errorf("sub-metric = %+v (present %v)", sub, ok)
	}
	if _, ok := m["dropped_iterations"]; ok {
		t.Error("metrics without samples or thresholds must not appear")
	}
}

func TestRenderLegacyText(t *testing.T) {
	_, sum := summaryFixture(t)
	text := RenderText(sum, TextOptions{NoColor: true, Mode: ModeLegacy})
	want := []string{
		"     ✓ connected\n",
		"     █ outer\n",
		"       █ inner\n",
		"         ✗ got reply\n",
		"          ↳  50% — ✓ 5 / ✗ 5\n",
		"   ✓ checks...............: 75.00% ✓ 15     ✗ 5\n",
		"     data_sent............: 13 kB  6.5 kB/s\n",
		"     group_duration.......: avg=375µs  min=250µs med=375µs  max=500µs p(90)=500µs  p(95)=500µs\n",
		"     iteration_duration...: avg=1.5s   min=1.5s  med=1.5s   max=1.5s  p(90)=1.5s   p(95)=1.5s\n",
		"     iterations...........: 10     5/s\n",
		"   ✗ lat..................: avg=50.5ms min=1ms   med=50.5ms max=100ms p(90)=90.1ms p(95)=95.05ms\n",
		"   ✓   { subject:fast }...: avg=5.5ms  min=1ms   med=5.5ms  max=10ms  p(90)=9.1ms  p(95)=9.55ms\n",
		"     vus..................: 2      min=1    max=19\n",
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("text summary lacks %q\n%s", w, text)
		}
	}
	if strings.Index(text, "connected") > strings.Index(text, "█ outer") || strings.Index(text, "█ outer") > strings.Index(text, "checks....") {
		t.Errorf("want checks, then groups, then metrics:\n%s", text)
	}
	if strings.Contains(text, "\x1b[") {
		t.Error("NoColor output has ANSI escapes")
	}
	if colored := RenderText(sum, TextOptions{Mode: ModeLegacy}); !strings.Contains(colored, "\x1b[32m✓\x1b[0m connected") {
		t.Errorf("colored output lacks a green mark:\n%s", colored)
	}
}

func TestExportJSON(t *testing.T) {
	_, sum := summaryFixture(t)
	raw, err := ExportJSON(sum)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		RootGroup struct {
			Path   string
			ID     string
			Groups map[string]struct {
				Path   string
				Groups map[string]struct{ Checks map[string]Check }
			}
			Checks map[string]Check
		} `json:"root_group"`
		Metrics map[string]map[string]any
	}
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	if c := got.RootGroup.Checks["connected"]; c.Passes != 10 || c.ID == "" {
		t.Errorf("root check = %+v", c)
	}
	if c := got.RootGroup.Groups["outer"].Groups["inner"].Checks["got reply"]; c.Passes != 5 || c.Fails != 5 {
		t.Errorf("inner check = %+v", c)
	}
	m := got.Metrics
	if c := m["checks"]; c["passes"] != 15.0 || c["fails"] != 5.0 || c["value"] != 0.75 || c["rate"] != nil {
		t.Errorf("checks = %v", c)
	}
	if th := m["checks"]["thresholds"].(map[string]any); th["rate>0.5"] != false {
		t.Errorf("checks thresholds = %v, want {rate>0.5: false} (false: not failed)", th)
	}
	if th := m["lat"]["thresholds"].(map[string]any); th["avg<10"] != true || th["p(95)<1000"] != false {
		t.Errorf("lat thresholds = %v", th)
	}
	if l := m["lat"]; l["avg"] != 50.5 || l["p(95)"] == nil || l["med"] == nil {
		t.Errorf("lat = %v", l)
	}
	if it := m["iterations"]; it["count"] != 10.0 || it["rate"] != 5.0 {
		t.Errorf("iterations = %v", it)
	}
	if v := m["vus"]; v["value"] != 2.0 || v["min"] != 1.0 || v["max"] != 19.0 {
		t.Errorf("vus = %v", v)
	}
	if _, ok := m["lat{subject:fast}"]; !ok {
		t.Error("sub-metric with thresholds missing from export")
	}
}

func TestFormats(t *testing.T) {
	cases := []struct{ got, want string }{
		{formatDuration(0.007, ""), "7µs"},
		{formatDuration(0.01225, ""), "12.25µs"},
		{formatDuration(144.561, ""), "144.56ms"},
		{formatDuration(6450, ""), "6.45s"},
		{formatDuration(63500, ""), "1m3.5s"},
		{formatDuration(0, ""), "0s"},
		{formatDuration(1500, "ms"), "1500ms"},
		{formatDuration(1500, "s"), "1.5s"},
		{formatBytes(600), "600 B"},
		{formatBytes(2000), "2.0 kB"},
		{formatBytes(31000), "31 kB"},
		{formatBytes(1.3e6), "1.3 MB"},
		{formatFloat(4.36938), "4.36938"},
		{formatFloat(120), "120"},
		{formatFloat(152.3555556), "152.355556"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestValidateTrendStats(t *testing.T) {
	if err := ValidateTrendStats([]string{"avg", "p(99.9)", "count", "med"}); err != nil {
		t.Error(err)
	}
	if err := ValidateTrendStats([]string{"avg", "p99"}); err == nil || !strings.Contains(err.Error(), "p99") {
		t.Errorf("err = %v, want one naming p99", err)
	}
	err := ValidateTrendStats([]string{"p99", "avg", "bogus", "p(101)"})
	if err == nil || !strings.Contains(err.Error(), `"p99", "bogus", "p(101)" are not`) {
		t.Errorf("err = %v, want one naming p99, bogus and p(101)", err)
	}
}
