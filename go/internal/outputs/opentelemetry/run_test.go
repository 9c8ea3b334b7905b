package opentelemetry_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/outputs/opentelemetry"
	"github.com/pondigo/natsk6/go/internal/runner"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// loadScript publishes, requests and checks a known number of times
// through a responder VU, on one subject each, so each trend has one
// series. The sleeps spread the load over several exports.
const loadScript = `
import nats from 'k6/x/nats';
import { check, sleep } from 'k6';
import { setTimeout, clearTimeout } from 'k6/timers';

export const options = {
  scenarios: {
    service: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'service' },
    load: { executor: 'shared-iterations', vus: 2, iterations: 300, startTime: '300ms', exec: 'load' },
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(95)', 'count'],
};

const conn = nats.connect();

// The responder drains once it has answered every request, so the run
// ends with the load however slow the machine; the guard ends it should
// a request be lost.
export function service() {
  let served = 0;
  const guard = setTimeout(() => sub.drain(), 30000);
  const sub = conn.subscribe('otel.echo', (msg) => {
    msg.respond(msg.data);
    if (++served === 300) {
      clearTimeout(guard);
      sub.drain();
    }
  });
}

let n = 0;
export function load() {
  for (let i = 0; i < 3; i++) conn.publish('otel.events', 'event ' + i);
  const reply = conn.request('otel.echo', 'ping', 2000);
  // Every third check fails, so the rate has both conditions.
  check(reply, { 'echoed, not every third': (r) => r.data === 'ping' && n++ % 3 !== 0 });
  sleep(0.01);
}
`

// runLoad runs loadScript with out against a real nats-server and returns
// the summary export's metrics.
func runLoad(t *testing.T, out metrics.Output) map[string]map[string]float64 {
	t.Helper()
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
		Outputs:       []metrics.Output{out},
		Quiet:         true,
		Stdout:        &stdout,
		Stderr:        &stderr,
	})
	if code != 0 {
		t.Fatalf("natsk6 run exited %d\nstdout:\n%s\nstderr:\n%s", code, &stdout, &stderr)
	}
	if strings.Contains(stderr.String(), "opentelemetry") {
		t.Errorf("the run reported a problem with the output:\n%s", &stderr)
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
	return summary.Metrics
}

// TestOTLPGRPCRun: after a real run exported over gRPC, the receiver's
// latest points hold the summary's totals under k6_ names, the trend's
// histogram has the summary's count and sum, the rate is one counter
// split by condition, and every request carried the resource and headers.
func TestOTLPGRPCRun(t *testing.T) {
	r := startGRPCReceiver(t)
	out, err := opentelemetry.New("", map[string]string{
		"K6_OTEL_EXPORTER_TYPE":          "grpc",
		"K6_OTEL_GRPC_EXPORTER_ENDPOINT": r.endpoint,
		"K6_OTEL_GRPC_EXPORTER_INSECURE": "true",
		"K6_OTEL_EXPORT_INTERVAL":        "200ms",
		"K6_OTEL_FLUSH_INTERVAL":         "100ms",
		"K6_OTEL_METRIC_PREFIX":          "k6_",
		"K6_OTEL_SERVICE_NAME":           "natsk6-otel-test",
		"K6_OTEL_SERVICE_VERSION":        "v9.9.9",
		"K6_OTEL_HEADERS":                "x-tenant=team-nats,authorization=Bearer%20s3cret-token",
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := out.Description(); strings.Contains(d, "s3cret") || !strings.Contains(d, r.endpoint) {
		t.Errorf("Description() = %q: want the endpoint and no header", d)
	}
	summary := runLoad(t, out)
	if n := r.requestCount(); n < 2 {
		t.Errorf("%d exports received; the run spans several export intervals", n)
	}
	got := r.latest()
	assertTotals(t, got, "k6_", summary)

	checks := summary["checks"]
	byCondition := map[string]float64{}
	for _, s := range got["k6_checks"] {
		byCondition[s.attrs["condition"]] += number(s.sum)
	}
	if byCondition["nonzero"] != checks["passes"] || byCondition["zero"] != checks["fails"] || checks["fails"] == 0 {
		t.Errorf("k6_checks by condition = %v, summary passes %v fails %v", byCondition, checks["passes"], checks["fails"])
	}
	for _, s := range got["k6_nats_request_duration"] {
		if s.hist == nil {
			t.Errorf("k6_nats_request_duration is a %T, want OpenTelemetry's default explicit-bucket histogram", s.metric.Data)
		}
	}
	for _, s := range got["k6_nats_msgs_published"] {
		if s.resource["service.name"] != "natsk6-otel-test" || s.resource["service.version"] != "v9.9.9" {
			t.Errorf("resource = %v, want K6_OTEL_SERVICE_NAME and _VERSION", s.resource)
		}
	}
	for i, v := range r.header("x-tenant") {
		if len(v) != 1 || v[0] != "team-nats" {
			t.Errorf("request %d: x-tenant = %q, want team-nats", i, v)
		}
	}
	for i, v := range r.header("authorization") {
		if len(v) != 1 || v[0] != "Bearer s3cret-token" {
			t.Errorf("request %d: authorization = %q, want the percent-decoded header", i, v)
		}
	}
}

// TestOTLPHTTPRun: the same over OTLP/HTTP on a custom path, with k6's
// defaults otherwise (no prefix, service.name k6), k6's older two-counter
// rate mapping, and the SDK's exponential histograms asked for through
// the SDK's own variable, as k6 lets the SDK's variables through.
func TestOTLPHTTPRun(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION", "base2_exponential_bucket_histogram")
	r := startHTTPReceiver(t, "/otlp/v1/metrics")
	out, err := opentelemetry.New("", map[string]string{
		"K6_OTEL_EXPORTER_TYPE":           "http",
		"K6_OTEL_HTTP_EXPORTER_ENDPOINT":  r.endpoint,
		"K6_OTEL_HTTP_EXPORTER_URL_PATH":  "/otlp/v1/metrics",
		"K6_OTEL_HTTP_EXPORTER_INSECURE":  "true",
		"K6_OTEL_EXPORT_INTERVAL":         "200ms",
		"K6_OTEL_SINGLE_COUNTER_FOR_RATE": "false",
	})
	if err != nil {
		t.Fatal(err)
	}
	summary := runLoad(t, out)
	got := r.latest()
	assertTotals(t, got, "", summary)

	checks := summary["checks"]
	total, occurred := sumOf(got["checks.total"]), sumOf(got["checks.occurred"])
	if total != checks["passes"]+checks["fails"] || occurred != checks["passes"] {
		t.Errorf("checks.total = %v, checks.occurred = %v; summary passes %v fails %v", total, occurred, checks["passes"], checks["fails"])
	}
	for _, s := range got["nats_request_duration"] {
		if s.expHist == nil {
			t.Errorf("nats_request_duration is a %T, want the exponential histogram the SDK variable asks for", s.metric.Data)
		}
	}
	for _, s := range got["nats_msgs_published"] {
		if s.resource["service.name"] != "k6" {
			t.Errorf("service.name = %q, want k6's default, k6", s.resource["service.name"])
		}
	}
}

// assertTotals checks what both transports must deliver: the published
// counter totals the summary's count, the request-duration histogram has
// its count and sum (in ms), iterations per scenario, and the VUs gauge.
func assertTotals(t *testing.T, got map[string][]*stream, prefix string, summary map[string]map[string]float64) {
	t.Helper()
	published := summary["nats_msgs_published"]["count"]
	// 900 publishes and 300 requests, each of which publishes too.
	if published != 1200 {
		t.Fatalf("summary: %v messages published, the script publishes 1200", published)
	}
	if got := sumOf(got[prefix+"nats_msgs_published"]); got != published {
		t.Errorf("%snats_msgs_published = %v, want the summary's %v", prefix, got, published)
	}
	var iterations float64
	for _, s := range got[prefix+"iterations"] {
		if s.attrs["scenario"] == "load" {
			iterations += number(s.sum)
		}
	}
	if iterations != 300 {
		t.Errorf(`%siterations{scenario="load"} = %v, want 300`, prefix, iterations)
	}
	if len(got[prefix+"vus"]) == 0 || got[prefix+"vus"][0].metric.GetGauge() == nil {
		t.Errorf("%svus: no gauge received", prefix)
	}

	duration := summary["nats_request_duration"]
	streams := got[prefix+"nats_request_duration"]
	if len(streams) == 0 {
		t.Fatalf("no %snats_request_duration histogram received; got %v", prefix, names(got))
	}
	var count uint64
	var sum float64
	for _, s := range streams {
		if u := s.metric.Unit; u != "ms" {
			t.Errorf("%snats_request_duration unit = %q, want ms", prefix, u)
		}
		switch {
		case s.hist != nil:
			count, sum = count+s.hist.Count, sum+s.hist.GetSum()
		case s.expHist != nil:
			count, sum = count+s.expHist.Count, sum+s.expHist.GetSum()
		default:
			t.Errorf("%snats_request_duration is a %T, want a histogram", prefix, s.metric.Data)
		}
	}
	if float64(count) != duration["count"] || count != 300 {
		t.Errorf("histogram count = %v, summary count %v, want 300", count, duration["count"])
	}
	if want := duration["avg"] * duration["count"]; math.Abs(sum-want) > 1e-9*want {
		t.Errorf("histogram sum = %v ms, want %v ms (avg × count)", sum, want)
	}
}

func sumOf(streams []*stream) float64 {
	var total float64
	for _, s := range streams {
		total += number(s.sum)
	}
	return total
}

func names(got map[string][]*stream) []string {
	var out []string
	for name := range got {
		out = append(out, name)
	}
	return out
}
