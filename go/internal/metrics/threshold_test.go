package metrics

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func rawThresholds(t *testing.T, js string) map[string]json.RawMessage {
	t.Helper()
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(js), &raw); err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestParseThresholdsErrors(t *testing.T) {
	reg := NewRegistry()
	RegisterBuiltin(reg)
	reg.MustNew("lat", Trend, Time)
	cases := []struct {
		name, js  string
		wantInErr []string
	}{
		{"unknown metric", `{"nope":["count>1"]}`, []string{`"nope"`, "no metric"}},
		{"bad operator", `{"iterations":["count=>1"]}`, []string{`"iterations"`, `"count=>1"`}},
		{"bad aggregation", `{"lat":["p95<1"]}`, []string{`"lat"`, `"p95<1"`}},
		{"bad number", `{"lat":["avg<abc"]}`, []string{`"avg<abc"`, "not a number"}},
		{"avg on counter", `{"iterations":["avg<1"]}`, []string{`"iterations"`, "avg", "counter", "count, rate"}},
		{"rate on trend", `{"lat":["rate<1"]}`, []string{"rate is not valid for trend"}},
		{"count on rate", `{"checks":["count>1"]}`, []string{"count is not valid for rate"}},
		{"value on counter", `{"iterations":["value>1"]}`, []string{"value is not valid for counter"}},
		{"p on gauge", `{"vus":["p(95)<1"]}`, []string{"p(N) is not valid for gauge"}},
		{"percentile above 100", `{"lat":["p(101)<1"]}`, []string{"above 100"}},
		{"not an array", `{"lat":{"threshold":"avg<1"}}`, []string{`"lat"`, "array"}},
		{"unknown object field", `{"lat":[{"threshold":"avg<1","abortOnFial":true}]}`, []string{`"lat"`}},
		{"bad delay", `{"lat":[{"threshold":"avg<1","delayAbortEval":"soon"}]}`, []string{"delayAbortEval"}},
		{"bad selector", `{"lat{subject}":["avg<1"]}`, []string{"key:value"}},
		{"unclosed selector", `{"lat{subject:a":["avg<1"]}`, []string{"closing"}},
		{"unknown sub-metric parent", `{"nope{a:b}":["avg<1"]}`, []string{`"nope"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseThresholds(rawThresholds(t, c.js), reg)
			if err == nil {
				t.Fatalf("no error for %s", c.js)
			}
			for _, want := range c.wantInErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
		})
	}
}

func TestParseThresholdsForms(t *testing.T) {
	reg := NewRegistry()
	RegisterBuiltin(reg)
	reg.MustNew("lat", Trend, Time)
	ts, err := ParseThresholds(rawThresholds(t, `{
		"lat": ["p(99.9) <= 200", {"threshold": "avg<100", "abortOnFail": true, "delayAbortEval": "10s"}],
		"lat{ subject : foo , scenario:s1 }": ["max===5"],
		"iterations": "rate>=2"
	}`), reg)
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 4 {
		t.Fatalf("%d thresholds, want 4", len(ts))
	}
	byKey := map[string]*Threshold{}
	for _, th := range ts {
		byKey[th.Source] = th
	}
	if th := byKey["p(99.9) <= 200"]; th == nil || th.agg != "p" || th.percentile != 99.9 || th.op != "<=" || th.bound != 200 {
		t.Errorf("p(99.9) threshold parsed as %+v", th)
	}
	if th := byKey["avg<100"]; th == nil || !th.AbortOnFail || th.DelayAbortEval != 10*time.Second {
		t.Errorf("object threshold parsed as %+v", th)
	}
	sub := byKey["max===5"]
	if sub == nil || sub.op != "==" || sub.Name() != "lat{scenario:s1,subject:foo}" {
		t.Fatalf("sub-metric threshold parsed as %+v (name %q)", sub, sub.Name())
	}
	if th := byKey["rate>=2"]; th == nil || th.Metric.Name != "iterations" {
		t.Errorf("single-string threshold parsed as %+v", th)
	}
}

func TestEvaluateThresholds(t *testing.T) {
	cases := []struct {
		name       string
		thresholds string
		emit       func(f fixture, s *Sink)
		elapsed    time.Duration
		wantFailed bool
		wantAbort  bool
	}{
		{"trend percentile passes", `{"lat":["p(95)<100","avg<60","med<=51","max==100","min>=1"]}`, emitLatencies, time.Second, false, false},
		{"trend percentile fails", `{"lat":["p(95)<90"]}`, emitLatencies, time.Second, true, false},
		{"sub-metric passes where the whole metric fails", `{"lat{subject:fast}":["max<=10"]}`, emitLatencies, time.Second, false, false},
		{"sub-metric fails", `{"lat{subject:slow}":["min>50"]}`, emitLatencies, time.Second, true, false},
		{"scenario sub-metric", `{"lat{scenario:s1}":["max<=10"],"lat{scenario:s2}":["min>10"]}`, emitLatencies, time.Second, false, false},
		{"counter count and rate", `{"iterations":["count==10","rate==5"]}`, emitIterations, 2 * time.Second, false, false},
		{"counter rate fails", `{"iterations":["rate>6"]}`, emitIterations, 2 * time.Second, true, false},
		{"rate metric", `{"checks":["rate>0.7","rate<0.8"]}`, emitChecks, time.Second, false, false},
		{"gauge value is the last", `{"vus":["value==3"]}`, emitVUs, time.Second, false, false},
		{"gauge fails with !=", `{"vus":["value!=3"]}`, emitVUs, time.Second, true, false},
		{"abortOnFail aborts", `{"checks":[{"threshold":"rate>0.9","abortOnFail":true}]}`, emitChecks, time.Second, true, true},
		{"delayAbortEval holds the abort", `{"checks":[{"threshold":"rate>0.9","abortOnFail":true,"delayAbortEval":"5s"}]}`, emitChecks, 4 * time.Second, true, false},
		{"delayAbortEval passed", `{"checks":[{"threshold":"rate>0.9","abortOnFail":true,"delayAbortEval":"5s"}]}`, emitChecks, 5 * time.Second, true, true},
		{"abortOnFail passing does not abort", `{"checks":[{"threshold":"rate>0.5","abortOnFail":true}]}`, emitChecks, time.Second, false, false},
		// Metrics without samples are evaluated as k6 does, on zero values:
		// a test that never emitted must not pass a "there were some" check.
		{"empty counter fails count>0", `{"iterations":["count>0"]}`, func(fixture, *Sink) {}, time.Second, true, false},
		{"empty counter fails rate>0", `{"iterations":["rate>0"]}`, func(fixture, *Sink) {}, time.Second, true, false},
		{"empty rate fails rate>0", `{"checks":["rate>0"]}`, func(fixture, *Sink) {}, time.Second, true, false},
		{"empty rate fails rate==1", `{"checks":["rate==1"]}`, func(fixture, *Sink) {}, time.Second, true, false},
		{"empty sub-metric fails", `{"checks{check:never}":["rate>0"]}`, emitChecks, time.Second, true, false},
		{"empty trend is zero", `{"lat":["avg>0"]}`, func(fixture, *Sink) {}, time.Second, true, false},
		{"empty metrics pass bounds that zero meets", `{"iterations":["count==0","rate<1"],"checks":["rate<0.1"],"lat":["p(95)<100","max==0"],"vus":["value==0"]}`, func(fixture, *Sink) {}, time.Second, false, false},
		{"empty abortOnFail fails without aborting", `{"checks":[{"threshold":"rate>0.9","abortOnFail":true}]}`, func(fixture, *Sink) {}, time.Second, true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture()
			f.reg.MustNew("lat", Trend, Time)
			ts, err := ParseThresholds(rawThresholds(t, c.thresholds), f.reg)
			if err != nil {
				t.Fatal(err)
			}
			f.agg.SetThresholds(ts)
			s := f.agg.NewSink()
			c.emit(f, s)
			s.Flush()
			abort := f.agg.EvaluateThresholds(c.elapsed)
			if abort != c.wantAbort {
				t.Errorf("abort = %v, want %v", abort, c.wantAbort)
			}
			if got := f.agg.CrossedThresholds("") != nil; got != c.wantFailed {
				for _, th := range ts {
					t.Logf("%s %s: value %v failed %v", th.Name(), th.Source, th.value, th.Failed())
				}
				t.Errorf("failed = %v, want %v", got, c.wantFailed)
			}
		})
	}
}

// emitLatencies emits 1..100 ms: 1..10 tagged fast/s1, the rest slow/s2.
func emitLatencies(f fixture, s *Sink) {
	lat := f.reg.Get("lat")
	fast := f.reg.Intern(map[string]string{"subject": "fast", "scenario": "s1"})
	slow := f.reg.Intern(map[string]string{"subject": "slow", "scenario": "s2"})
	for i := 1; i <= 100; i++ {
		tags := slow
		if i <= 10 {
			tags = fast
		}
		s.Add(lat, tags, float64(i))
	}
}

func emitIterations(f fixture, s *Sink) {
	for range 10 {
		s.Add(f.b.Iterations, nil, 1)
	}
}

// emitChecks emits 3 passes and 1 failure: rate 0.75.
func emitChecks(f fixture, s *Sink) {
	for _, v := range []float64{1, 1, 0, 1} {
		s.Add(f.b.Checks, nil, v)
	}
}

func emitVUs(f fixture, s *Sink) {
	for _, v := range []float64{1, 5, 3} {
		s.Add(f.b.VUs, nil, v)
	}
}

// Thresholds installed after samples arrived still see them.
func TestSetThresholdsAfterSamples(t *testing.T) {
	f := newFixture()
	f.reg.MustNew("lat", Trend, Time)
	s := f.agg.NewSink()
	emitLatencies(f, s)
	s.Flush()
	ts, err := ParseThresholds(rawThresholds(t, `{"lat{subject:fast}":["max<=10"]}`), f.reg)
	if err != nil {
		t.Fatal(err)
	}
	f.agg.SetThresholds(ts)
	f.agg.EvaluateThresholds(time.Second)
	if ts[0].Failed() || ts[0].value != 10 {
		t.Fatalf("max over fast = %v (failed %v), want 10 (passing)", ts[0].value, ts[0].Failed())
	}
}

// The final error names every crossed metric as k6 does, then each failed
// expression with the value it saw.
func TestCrossedThresholdsNamesMetricsAndExpressions(t *testing.T) {
	f := newFixture()
	f.reg.MustNew("lat", Trend, Time)
	ts, err := ParseThresholds(rawThresholds(t, `{
		"lat": ["p(95)<90", "max<=100"],
		"lat{subject:fast}": ["max<5"],
		"checks": ["rate>0.9"],
		"iterations": ["count==10"]
	}`), f.reg)
	if err != nil {
		t.Fatal(err)
	}
	f.agg.SetThresholds(ts)
	s := f.agg.NewSink()
	emitLatencies(f, s)
	emitChecks(f, s)
	emitIterations(f, s)
	s.Flush()
	f.agg.EvaluateThresholds(time.Second)
	err = f.agg.CrossedThresholds("")
	want := "thresholds on metrics 'checks, lat, lat{subject:fast}' have been crossed: " +
		"checks 'rate>0.9' rate=75.00%, lat 'p(95)<90' p(95)=95.05ms, lat{subject:fast} 'max<5' max=10ms"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v\nwant    %s", err, want)
	}
	passing := newFixture()
	passing.agg.SetThresholds(nil)
	if err := passing.agg.CrossedThresholds(""); err != nil {
		t.Errorf("no thresholds: error %v", err)
	}
}
