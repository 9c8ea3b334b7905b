package prometheusrw

import (
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/metrics/metricstest"
	"github.com/pondigo/natsk6/go/internal/outputs/prometheusrw/prometheustest"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// knownSamples is a batch whose totals are known: 42 published messages
// and the request durations 1, 2, ..., 1000 ms.
func knownSamples() []metrics.Sample { return durationSamples(1, 1000) }

// durationSamples is 42 published messages and the request durations
// from, from+1, ..., to ms.
func durationSamples(from, to int) []metrics.Sample {
	r := metrics.NewRegistry()
	published := r.MustNew("nats_msgs_published", metrics.Counter, metrics.Default)
	duration := r.MustNew("nats_request_duration", metrics.Trend, metrics.Time)
	tags := r.Intern(map[string]string{"scenario": "load", "subject": "svc.echo"})
	now := time.Now().UnixNano()
	var batch []metrics.Sample
	for range 6 {
		batch = append(batch, metrics.Sample{Metric: published, Tags: tags, UnixNs: now, Value: 7})
	}
	for i := from; i <= to; i++ {
		batch = append(batch, metrics.Sample{Metric: duration, Tags: tags, UnixNs: now, Value: float64(i)})
	}
	return batch
}

// TestRemoteWriteAuthHeadersAndStaleMarkers puts an authenticating proxy
// in front of a real Prometheus: only requests with the basic auth and
// the header the options name get through, and after Stop every series
// is marked stale, so instant queries no longer see it while its points
// stay in the store.
func TestRemoteWriteAuthHeadersAndStaleMarkers(t *testing.T) {
	prom := prometheustest.Start(t)
	target, _ := url.Parse(prom.Base)
	forward := httputil.NewSingleHostReverseProxy(target)
	var accepted, refused atomic.Int64
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "loadgen" || pass != "s3cret-pw" || r.Header.Get("X-Tenant") != "team-nats" {
			refused.Add(1)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		accepted.Add(1)
		forward.ServeHTTP(w, r)
	}))
	defer proxy.Close()

	out, err := New("", map[string]string{
		"K6_PROMETHEUS_RW_SERVER_URL":                proxy.URL + "/api/v1/write",
		"K6_PROMETHEUS_RW_USERNAME":                  "loadgen",
		"K6_PROMETHEUS_RW_PASSWORD":                  "s3cret-pw",
		"K6_PROMETHEUS_RW_HEADERS_X-Tenant":          "team-nats",
		"K6_PROMETHEUS_RW_PUSH_INTERVAL":             "50ms",
		"K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM": "true",
		"K6_PROMETHEUS_RW_STALE_MARKERS":             "true",
		"K6_PROMETHEUS_RW_LABELS":                    "instance=gen-1",
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.Description(), "s3cret") {
		t.Errorf("description shows the password: %s", out.Description())
	}
	out.AddSeries(metricstest.SeriesOf(knownSamples()))
	// The pusher sends on its own; the histogram's p95 is read while the
	// series is live.
	testsupport.Eventually(t, prometheustest.Timeout, func() bool { return accepted.Load() > 0 }, "no push got through the proxy")
	const p95 = `histogram_quantile(0.95, k6_nats_request_duration_seconds{instance="gen-1",scenario="load",subject="svc.echo"})`
	got := prom.EventuallyScalar(t, p95)
	// Exact p95 of 1..1000 ms, interpolated between ranks: 950.05 ms.
	if exact := 0.95005; got/exact > bucketWidth || exact/got > bucketWidth {
		t.Errorf("%s = %v s, exact %v s: more than one bucket (×%.4f) apart", p95, got, exact, bucketWidth)
	}
	if got := prom.EventuallyScalar(t, `k6_nats_msgs_published_total{instance="gen-1"}`); got != 42 {
		t.Errorf("k6_nats_msgs_published_total = %v, want 42", got)
	}

	if err := out.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if refused.Load() != 0 {
		t.Errorf("the proxy refused %d requests: credentials or header missing", refused.Load())
	}
	for _, q := range []string{"k6_nats_msgs_published_total", "k6_nats_request_duration_seconds"} {
		if res := prom.Query(t, q); len(res) != 0 {
			t.Errorf("%s is still live after the stale markers: %+v", q, res)
		}
		if res := prom.Query(t, "count_over_time("+q+"[10m])"); len(res) != 1 {
			t.Errorf("%s's points are gone from the store: %+v", q, res)
		}
	}
}

// TestRemoteWriteDeadEndpoint: pushes to an endpoint that refuses
// connections fail without blocking the samples, and Stop reports how
// many failed and why, without the password in the URL.
func TestRemoteWriteDeadEndpoint(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now
	out, err := New("", map[string]string{
		"K6_PROMETHEUS_RW_SERVER_URL":    "http://loadgen:s3cret-pw@" + addr + "/api/v1/write",
		"K6_PROMETHEUS_RW_PUSH_INTERVAL": "10ms",
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		out.AddSeries(metricstest.SeriesOf(knownSamples()))
	}
	err = out.Stop()
	if err == nil {
		t.Fatal("Stop reported no failure for a dead endpoint")
	}
	msg := err.Error()
	if !strings.Contains(msg, "pushes failed") || !strings.Contains(msg, "connection refused") || !strings.Contains(msg, addr) {
		t.Errorf("Stop's error does not say what failed: %s", msg)
	}
	if strings.Contains(msg, "s3cret") || strings.Contains(out.Description(), "s3cret") {
		t.Errorf("the password shows: %s / %s", msg, out.Description())
	}
}

// TestRemoteWriteMergesInstances is why native histograms matter: two
// natsk6 instances write their own histograms, and Prometheus merges them
// into the p95 of all their samples, which no per-instance p95 gives.
func TestRemoteWriteMergesInstances(t *testing.T) {
	prom := prometheustest.Start(t)
	for _, inst := range []struct {
		name     string
		from, to int
	}{{"gen-1", 1, 1000}, {"gen-2", 1001, 3000}} {
		out, err := New("", map[string]string{
			"K6_PROMETHEUS_RW_SERVER_URL":                prom.WriteURL(),
			"K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM": "true",
			"K6_PROMETHEUS_RW_LABELS":                    "instance=" + inst.name,
		})
		if err != nil {
			t.Fatal(err)
		}
		out.AddSeries(metricstest.SeriesOf(durationSamples(inst.from, inst.to)))
		if err := out.Stop(); err != nil {
			t.Fatalf("%s: %v", inst.name, err)
		}
	}
	if got := prom.EventuallyScalar(t, "histogram_count(sum(k6_nats_request_duration_seconds))"); got != 3000 {
		t.Errorf("merged count %v, want 3000", got)
	}
	// The exact p95 of 1..3000 ms, interpolated between ranks: 2850.05 ms.
	got, exact := prom.Scalar(t, "histogram_quantile(0.95, sum(k6_nats_request_duration_seconds))"), 2.85005
	if got/exact > bucketWidth || exact/got > bucketWidth {
		t.Errorf("merged p95 %v s, exact %v s: more than one bucket (×%.4f) apart", got, exact, bucketWidth)
	}
	t.Logf("merged p95 of two instances: %.6g s, exact %.6g s", got, exact)
	if got := prom.Scalar(t, "sum(k6_nats_msgs_published_total)"); got != 84 {
		t.Errorf("k6_nats_msgs_published_total summed over instances = %v, want 84", got)
	}
}
