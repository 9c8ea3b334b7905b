package prometheusrw_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/outputs"
	"github.com/pondigo/natsk6/go/internal/outputs/prometheusrw"
	"github.com/pondigo/natsk6/go/internal/outputs/prometheusrw/prometheustest"
	"github.com/pondigo/natsk6/go/internal/runner"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// loadScript publishes and requests a known number of times through a
// responder VU, on one subject each, so each trend has one series. The
// sleeps spread the load over a few pushes, so rates have points to use.
const loadScript = `
import nats from 'k6/x/nats';
import { sleep } from 'k6';
import { setTimeout } from 'k6/timers';

export const options = {
  scenarios: {
    service: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'service' },
    load: { executor: 'shared-iterations', vus: 2, iterations: 300, startTime: '300ms', exec: 'load' },
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(95)', 'p(99)', 'count'],
};

const conn = nats.connect();

// The responder drains once it has answered every request, so the run
// ends with the load however slow the machine; the guard ends it should
// a request be lost.
export function service() {
  let served = 0;
  const guard = setTimeout(() => sub.drain(), 30000);
  const sub = conn.subscribe('prw.echo', (msg) => {
    msg.respond(msg.data);
    if (++served === 300) {
      clearTimeout(guard);
      sub.drain();
    }
  });
}

export function load() {
  for (let i = 0; i < 3; i++) conn.publish('prw.events', 'event ' + i);
  conn.request('prw.echo', 'ping', 2000);
  sleep(0.01);
}
`

// runLoad runs loadScript against a real nats-server with the outputs
// that --out flags (or, without flags, K6_OUT) and env ask for, through
// the outputs registry as the CLI does, and returns the summary export's
// metrics and the run's log.
func runLoad(t *testing.T, flags []string, env map[string]string) (map[string]map[string]float64, string) {
	t.Helper()
	plan, err := outputs.Parse(flags, env)
	if err != nil {
		t.Fatal(err)
	}
	srv := testsupport.StartServer(t, nil)
	dir := t.TempDir()
	script, export := filepath.Join(dir, "script.js"), filepath.Join(dir, "export.json")
	if err := os.WriteFile(script, []byte(loadScript), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := runner.Run(context.Background(), runner.Config{
		ScriptPath:    script,
		Env:           map[string]string{"NATS_URL": srv.ClientURL()},
		SummaryExport: export,
		Out:           plan,
		Quiet:         true,
		Stdout:        &stdout,
		Stderr:        &stderr,
	})
	if code != 0 {
		t.Fatalf("natsk6 run exited %d\nstdout:\n%s\nstderr:\n%s", code, &stdout, &stderr)
	}
	raw, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	var summary struct {
		Metrics map[string]map[string]float64 `json:"metrics"`
	}
	if err := json.Unmarshal(raw, &summary); err != nil {
		t.Fatalf("summary export: %v", err)
	}
	return summary.Metrics, stderr.String()
}

// TestRemoteWriteTrendStats: after a real run with K6_OUT naming the
// output, Prometheus holds the counter totals and the trend stats the
// summary printed, in seconds.
func TestRemoteWriteTrendStats(t *testing.T) {
	prom := prometheustest.Start(t)
	summary, _ := runLoad(t, nil, map[string]string{
		"K6_OUT":                         "experimental-prometheus-rw",
		"K6_PROMETHEUS_RW_SERVER_URL":    prom.WriteURL(),
		"K6_PROMETHEUS_RW_PUSH_INTERVAL": "500ms",
		"K6_PROMETHEUS_RW_TREND_STATS":   "p(95),p(99),min,max,count",
	})

	published := summary["nats_msgs_published"]["count"]
	// 900 publishes and 300 requests, each of which publishes too.
	if published != 1200 {
		t.Fatalf("summary: %v messages published, the script publishes 1200", published)
	}
	if got := prom.EventuallyScalar(t, "sum(k6_nats_msgs_published_total)"); got != published {
		t.Errorf("k6_nats_msgs_published_total = %v, want %v", got, published)
	}
	if got := prom.EventuallyScalar(t, "sum(k6_nats_requests_total)"); got != 300 {
		t.Errorf("k6_nats_requests_total = %v, want 300", got)
	}
	if got := prom.EventuallyScalar(t, `k6_iterations_total{scenario="load"}`); got != 300 {
		t.Errorf(`k6_iterations_total{scenario="load"} = %v, want 300`, got)
	}
	duration := summary["nats_request_duration"]
	for stat, series := range map[string]string{"p(95)": "p95", "p(99)": "p99", "min": "min", "max": "max"} {
		got := prom.EventuallyScalar(t, "k6_nats_request_duration_"+series)
		if want := duration[stat] / 1000; !closeTo(got, want, 1e-9) {
			t.Errorf("k6_nats_request_duration_%s = %v s, summary %s = %v ms", series, got, stat, duration[stat])
		}
	}
	if got := prom.EventuallyScalar(t, "k6_nats_request_duration_count"); got != duration["count"] {
		t.Errorf("k6_nats_request_duration_count = %v, want %v", got, duration["count"])
	}
	if n := len(prom.Query(t, "k6_nats_request_duration_seconds")); n != 0 {
		t.Errorf("trend stats mode wrote %d native histograms", n)
	}
}

// TestRemoteWriteNativeHistograms (--out experimental-prometheus-rw):
// with native histograms a trend is one
// histogram series whose count is the summary's and whose p95, as
// Prometheus computes it, is the exact p95 within the buckets' precision.
func TestRemoteWriteNativeHistograms(t *testing.T) {
	prom := prometheustest.Start(t)
	summary, _ := runLoad(t, []string{"experimental-prometheus-rw"}, map[string]string{
		"K6_PROMETHEUS_RW_SERVER_URL":                prom.WriteURL(),
		"K6_PROMETHEUS_RW_PUSH_INTERVAL":             "500ms",
		"K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM": "true",
	})
	duration := summary["nats_request_duration"]

	count := prom.EventuallyScalar(t, "histogram_count(sum(k6_nats_request_duration_seconds))")
	if count != duration["count"] || count != 300 {
		t.Errorf("histogram_count = %v, summary count %v, want 300", count, duration["count"])
	}
	sum := prom.Scalar(t, "histogram_sum(sum(k6_nats_request_duration_seconds))")
	if want := duration["avg"] * duration["count"] / 1000; !closeTo(sum, want, 1e-9) {
		t.Errorf("histogram_sum = %v s, want %v s (avg × count)", sum, want)
	}
	for _, q := range []struct {
		phi  string
		stat string
	}{{"0.95", "p(95)"}, {"0.99", "p(99)"}, {"0.5", "med"}} {
		got := prom.Scalar(t, "histogram_quantile("+q.phi+", sum(k6_nats_request_duration_seconds))")
		exact := duration[q.stat] / 1000
		t.Logf("histogram_quantile(%s) = %.6g s, exact %s = %.6g s", q.phi, got, q.stat, exact)
		// Prometheus finds the bucket of the φ-quantile's rank and
		// interpolates inside it; ranks next to the exact one may sit in
		// the neighbouring bucket, so allow two bucket widths.
		if ratio := got / exact; ratio > prometheusrw.BucketWidth*prometheusrw.BucketWidth || ratio < 1/(prometheusrw.BucketWidth*prometheusrw.BucketWidth) {
			t.Errorf("histogram_quantile(%s) = %v s, exact %s = %v s: off by a factor %.4f, buckets are %.4f wide",
				q.phi, got, q.stat, exact, ratio, prometheusrw.BucketWidth)
		}
	}
	if got := prom.EventuallyScalar(t, "sum(k6_nats_msgs_published_total)"); got != summary["nats_msgs_published"]["count"] {
		t.Errorf("k6_nats_msgs_published_total = %v, want %v", got, summary["nats_msgs_published"]["count"])
	}
	if n := len(prom.Query(t, `{__name__=~"k6_nats_request_duration_p.*"}`)); n != 0 {
		t.Errorf("native histogram mode also wrote %d trend stat series", n)
	}

	// The Grafana dashboard's queries run on this Prometheus, and the
	// panels this run feeds show data.
	panels := prometheusrw.DashboardQueries(t)
	for _, exprs := range panels {
		for _, expr := range exprs {
			prom.Query(t, prometheusrw.RunnableQuery(expr)) // fails the test on a query error
		}
	}
	// "Received per second" too: the responder VU receives in one long
	// iteration, whose sink flushes after each turn of its event loop, so
	// its count has the several points rate() needs.
	for _, title := range []string{"Virtual users", "Iterations per second", "Published per second", "Received per second", "Messages received",
		"Request latency", "Request p95 per instance", "Messages published", "Request p95 over the range"} {
		if len(panels[title]) == 0 {
			t.Errorf("the dashboard has no panel %q", title)
		}
		for _, expr := range panels[title] {
			if len(prom.Query(t, prometheusrw.RunnableQuery(expr))) == 0 {
				t.Errorf("panel %q: %s shows no data after the run", title, prometheusrw.RunnableQuery(expr))
			}
		}
	}
}

// TestRemoteWriteDeadEndpointRun: a run whose endpoint refuses every push
// still runs every iteration and exits 0, and its log says how many
// pushes failed and why, without the password.
func TestRemoteWriteDeadEndpointRun(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	summary, log := runLoad(t, []string{"experimental-prometheus-rw"}, map[string]string{
		"K6_PROMETHEUS_RW_SERVER_URL":    "http://loadgen:s3cret-pw@" + addr + "/api/v1/write",
		"K6_PROMETHEUS_RW_PUSH_INTERVAL": "100ms",
	})
	if got := summary["iterations"]["count"]; got != 301 {
		t.Errorf("%v iterations, want 301 (300 load, 1 service)", got)
	}
	if !strings.Contains(log, "pushes failed") || !strings.Contains(log, "connection refused") {
		t.Errorf("the log does not report the failed pushes:\n%s", log)
	}
	if strings.Contains(log, "s3cret") {
		t.Errorf("the log shows the password:\n%s", log)
	}
}

func closeTo(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*math.Max(math.Abs(want), 1e-12)
}
