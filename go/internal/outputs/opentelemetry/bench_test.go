package opentelemetry

import (
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/metrics/metricstest"
)

// BenchmarkRecordSamples measures what a sample costs the output: queued
// by AddSeries as one flush's series stats, then recorded on its
// instrument by the flusher (both off the VUs' goroutines; exports run
// on the SDK's own).
func BenchmarkRecordSamples(b *testing.B) {
	cfg, err := parseConfig(map[string]string{
		"K6_OTEL_GRPC_EXPORTER_INSECURE": "true",
		"K6_OTEL_EXPORT_INTERVAL":        "1h", // no export during the loop
		"K6_OTEL_FLUSH_INTERVAL":         "1h", // the loop flushes itself
	})
	if err != nil {
		b.Fatal(err)
	}
	o, err := newOutput(cfg)
	if err != nil {
		b.Fatal(err)
	}
	reg := metrics.NewRegistry()
	published := reg.MustNew("nats_msgs_published", metrics.Counter, metrics.Default)
	latency := reg.MustNew("nats_request_duration", metrics.Trend, metrics.Time)
	checks := reg.MustNew("checks", metrics.Rate, metrics.Default)
	tags := reg.Intern(map[string]string{"scenario": "pub", "subject": "bench.x"})
	batch := make([]metrics.Sample, 999)
	now := time.Now().UnixNano()
	for i := range batch {
		m := []*metrics.Metric{published, latency, checks}[i%3]
		batch[i] = metrics.Sample{Metric: m, Tags: tags, UnixNs: now + int64(i), Value: float64(i % 7)}
	}
	series := metricstest.SeriesOf(batch)
	b.ResetTimer()
	for range b.N {
		o.AddSeries(series)
		o.flush()
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/sample")
	o.Stop() //nolint:errcheck // nothing listens; the export's failure is not what is measured
}
