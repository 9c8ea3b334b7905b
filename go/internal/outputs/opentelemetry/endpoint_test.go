package opentelemetry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/metrics/metricstest"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// knownSamples is a batch whose totals are known: 42 published messages
// and the request durations 1, 2, ..., 100 ms.
func knownSamples() []metrics.Sample {
	r := metrics.NewRegistry()
	published := r.MustNew("nats_msgs_published", metrics.Counter, metrics.Default)
	duration := r.MustNew("nats_request_duration", metrics.Trend, metrics.Time)
	tags := r.Intern(map[string]string{"scenario": "load"})
	now := time.Now().UnixNano()
	var batch []metrics.Sample
	for range 6 {
		batch = append(batch, metrics.Sample{Metric: published, Tags: tags, UnixNs: now, Value: 7})
	}
	for i := 1; i <= 100; i++ {
		batch = append(batch, metrics.Sample{Metric: duration, Tags: tags, UnixNs: now, Value: float64(i)})
	}
	return batch
}

// closedPort is a loopback address where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// TestDeadEndpointIsReportedOnce: exports to an endpoint that refuses
// connections fail without holding up AddSeries, and Stop reports how
// many failed and why, once, with no header value in it.
func TestDeadEndpointIsReportedOnce(t *testing.T) {
	for _, exporter := range []string{"grpc", "http"} {
		t.Run(exporter, func(t *testing.T) {
			addr := closedPort(t)
			out, err := New("", map[string]string{
				"K6_OTEL_EXPORTER_TYPE": exporter,
				"K6_OTEL_" + strings.ToUpper(exporter) + "_EXPORTER_ENDPOINT": addr,
				"K6_OTEL_" + strings.ToUpper(exporter) + "_EXPORTER_INSECURE": "true",
				"K6_OTEL_EXPORT_INTERVAL":                                     "10ms",
				"K6_OTEL_FLUSH_INTERVAL":                                      "10ms",
				"K6_OTEL_HEADERS":                                             "authorization=Bearer s3cret-token",
			})
			if err != nil {
				t.Fatal(err)
			}
			o := out.(*output)
			for range 20 {
				out.AddSeries(metricstest.SeriesOf(knownSamples()))
			}
			// Let the reader fail a few exports on its own before Stop's last one.
			testsupport.Eventually(t, 10*time.Second, func() bool {
				o.exporter.mu.Lock()
				defer o.exporter.mu.Unlock()
				return o.exporter.failures >= 3
			}, "the reader made no 3 exports")
			err = out.Stop()
			if err == nil {
				t.Fatal("Stop reported no failure for a dead endpoint")
			}
			msg := err.Error()
			t.Log(msg)
			if !strings.Contains(msg, "exports failed") || !strings.Contains(msg, addr) || strings.Count(msg, "exports failed") != 1 {
				t.Errorf("Stop's error does not say once what failed where: %s", msg)
			}
			if strings.Contains(msg, "s3cret") || strings.Contains(out.Description(), "s3cret") {
				t.Errorf("a header value shows: %s / %s", msg, out.Description())
			}
		})
	}
}

// TestEchoedHeaderIsRedacted: an endpoint that refuses the request and
// repeats the API key in its answer does not get it into Stop's error.
func TestEchoedHeaderIsRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) //nolint:errcheck // only the header matters
		http.Error(w, "invalid API key "+r.Header.Get("X-Api-Key"), http.StatusUnauthorized)
	}))
	defer srv.Close()
	out, err := New("", map[string]string{
		"K6_OTEL_EXPORTER_TYPE":          "http",
		"K6_OTEL_HTTP_EXPORTER_ENDPOINT": strings.TrimPrefix(srv.URL, "http://"),
		"K6_OTEL_HTTP_EXPORTER_INSECURE": "true",
		"K6_OTEL_HEADERS":                "x-api-key=s3cret-key-42",
	})
	if err != nil {
		t.Fatal(err)
	}
	out.AddSeries(metricstest.SeriesOf(knownSamples()))
	err = out.Stop()
	if err == nil {
		t.Fatal("Stop reported no failure for a 401")
	}
	if msg := err.Error(); strings.Contains(msg, "s3cret") || !strings.Contains(msg, "401") || !strings.Contains(msg, "invalid API key [redacted]") {
		t.Errorf("Stop's error = %s: want the 401 with the key redacted", msg)
	}
}

// TestStuckEndpointBoundsStop: an endpoint that accepts connections and
// never answers costs Stop one export timeout, not a hang, and AddSeries
// never waits for it.
func TestStuckEndpointBoundsStop(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var accepted atomic.Int64
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			defer conn.Close() // held open, never answered, until the test ends
		}
	}()
	cfg, err := parseConfig(map[string]string{
		"K6_OTEL_EXPORTER_TYPE":          "http",
		"K6_OTEL_HTTP_EXPORTER_ENDPOINT": l.Addr().String(),
		"K6_OTEL_HTTP_EXPORTER_INSECURE": "true",
		"K6_OTEL_EXPORT_INTERVAL":        "10ms",
		"K6_OTEL_FLUSH_INTERVAL":         "10ms",
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.exportTimeout = 300 * time.Millisecond
	out, err := newOutput(cfg)
	if err != nil {
		t.Fatal(err)
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return accepted.Load() > 0 }, "no export reached the endpoint")
	for range 100 {
		out.AddSeries(metricstest.SeriesOf(knownSamples()))
	}
	err = out.Stop()
	if err == nil || !strings.Contains(err.Error(), "exports failed") {
		t.Fatalf("Stop = %v, want the timed-out exports reported", err)
	}
	t.Log(err)
}

// TestSDKErrorsAreReportedAtStop: what the SDK hands OpenTelemetry's
// global error handler reaches Stop's report, not stderr; a cancelled
// collection (the reader's own shutdown) is no error.
func TestSDKErrorsAreReportedAtStop(t *testing.T) {
	out, err := New("", map[string]string{
		"K6_OTEL_GRPC_EXPORTER_ENDPOINT": closedPort(t),
		"K6_OTEL_GRPC_EXPORTER_INSECURE": "true",
		"K6_OTEL_EXPORT_INTERVAL":        "1h",
		"K6_OTEL_HEADERS":                "x-api-key=s3cret-key-42",
	})
	if err != nil {
		t.Fatal(err)
	}
	otel.Handle(fmt.Errorf("collect: %w", context.Canceled))
	otel.Handle(errors.New("reader: something broke near s3cret-key-42"))
	err = out.Stop()
	if err == nil {
		t.Fatal("Stop reported nothing")
	}
	msg := err.Error()
	if !strings.Contains(msg, "the OpenTelemetry SDK reported 1 errors, the last: reader: something broke near [redacted]") {
		t.Errorf("Stop = %s: want the one SDK error, redacted", msg)
	}
}
