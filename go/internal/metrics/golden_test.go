package metrics

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

// goldenSummary is a fixed run of 10 s with two scenarios, nested groups,
// passing and failing checks, custom and NATS metrics, and thresholds that
// pass, fail, sit on sub-metrics, and one on a metric without samples.
func goldenSummary(t *testing.T, sections bool) *Summary {
	t.Helper()
	f := newFixture()
	reg := f.reg
	waiting := reg.MustNew("custom_waiting_time", Trend, Default)
	errorsRate := reg.MustNew("errors", Rate, Default)
	reg.MustNew("never_emitted", Counter, Default)
	published := reg.MustNew("nats_msgs_published", Counter, Default)
	bytesPub := reg.MustNew("nats_bytes_published", Counter, Data)
	reqDur := reg.MustNew("nats_request_duration", Trend, Time)
	pending := reg.MustNew("nats_js_consumer_pending", Gauge, Default)
	ts, err := ParseThresholds(rawThresholds(t, `{
		"nats_request_duration": ["p(95)<5", "p(90)<20"],
		"nats_request_duration{subject:orders}": ["max<4"],
		"nats_msgs_published{scenario:writers}": ["count>0"],
		"errors": ["rate<0.01"],
		"checks": ["rate==1"],
		"never_emitted": ["count>0"]
	}`), reg)
	if err != nil {
		t.Fatal(err)
	}
	f.agg.SetThresholds(ts)
	s := f.agg.NewSink()
	tags := func(pairs ...string) *TagSet {
		m := map[string]string{}
		for i := 0; i+1 < len(pairs); i += 2 {
			m[pairs[i]] = pairs[i+1]
		}
		return reg.Intern(m)
	}
	for i := 0; i < 30; i++ {
		w := tags("scenario", "writers", "group", "")
		s.Add(f.b.Iterations, w, 1)
		s.Add(f.b.IterationDuration, w, 150+float64(i*7%40))
		s.Add(published, tags("scenario", "writers", "group", "", "subject", "orders"), 2)
		s.Add(bytesPub, w, 2048)
		s.Add(f.b.DataSent, w, 2100)
		s.Add(f.b.Checks, tags("scenario", "writers", "group", "", "check", "published"), 1)
		s.Add(waiting, w, 120+float64(i*13%60))
		s.Add(errorsRate, w, 0)
	}
	for i := 0; i < 20; i++ {
		r := tags("scenario", "readers", "group", "::fetch")
		inner := tags("scenario", "readers", "group", "::fetch::ack")
		s.Add(f.b.Iterations, tags("scenario", "readers", "group", ""), 1)
		s.Add(f.b.IterationDuration, tags("scenario", "readers", "group", ""), 250+float64(i*11%90))
		s.Add(reqDur, tags("scenario", "readers", "group", "::fetch", "subject", "orders"), 1.5+float64(i%5)*0.75)
		s.Add(reqDur, tags("scenario", "readers", "group", "::fetch", "subject", "audit"), 3+float64(i%7)*2.5)
		s.Add(f.b.Checks, tags("scenario", "readers", "group", "::fetch", "check", "reply arrives"), 1)
		s.Add(f.b.Checks, tags("scenario", "readers", "group", "::fetch::ack", "check", "acked in time"), float64(i%3/2))
		s.Add(f.b.GroupDuration, r, 12+float64(i%4))
		s.Add(f.b.GroupDuration, inner, 4+float64(i%3))
		s.Add(f.b.DataReceived, r, 519)
		s.Add(pending, r, float64(20-i))
		s.Add(errorsRate, r, float64(i/19))
	}
	for _, v := range []float64{1, 4, 2} {
		s.Add(f.b.VUs, nil, v)
		s.Add(f.b.VUsMax, nil, 4)
	}
	s.Flush()
	f.agg.EvaluateThresholds(10 * time.Second)
	return f.agg.Summary(SummaryMeta{Duration: 10 * time.Second, Sections: sections})
}

// The summary layouts are checked against files in testdata; run
// `go test ./internal/metrics -run Golden -update` after a deliberate
// change and review the diff.
func TestSummaryGoldenFiles(t *testing.T) {
	for _, mode := range []string{ModeCompact, ModeFull, ModeLegacy} {
		t.Run(mode, func(t *testing.T) {
			sum := goldenSummary(t, mode == ModeFull)
			got := RenderText(sum, TextOptions{NoColor: true, Mode: mode})
			path := filepath.Join("testdata", "summary_"+mode+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s summary differs from %s (rerun with -update if intended):\n--- got\n%s\n--- want\n%s", mode, path, got, want)
			}
		})
	}
}
