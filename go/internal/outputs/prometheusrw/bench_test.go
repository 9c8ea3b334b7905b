package prometheusrw

import (
	"testing"

	"github.com/pondigo/natsk6/go/internal/metrics/metricstest"
)

// BenchmarkAddSeries is the output goroutine's cost per sample of a
// flush (1006 samples a batch: 6 counter, 1000 trend, in 3 series), which
// bounds the sample rate it keeps up with; pushes go to an endpoint
// nobody listens on.
func BenchmarkAddSeries(b *testing.B) {
	for _, mode := range []struct{ name, native string }{{"trend-stats", "false"}, {"native-histogram", "true"}} {
		b.Run(mode.name, func(b *testing.B) {
			out, err := New("", map[string]string{
				"K6_PROMETHEUS_RW_SERVER_URL":                "http://127.0.0.1:1/api/v1/write",
				"K6_PROMETHEUS_RW_PUSH_INTERVAL":             "1h",
				"K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM": mode.native,
			})
			if err != nil {
				b.Fatal(err)
			}
			samples := knownSamples()
			batch := metricstest.SeriesOf(samples)
			b.ResetTimer()
			for range b.N {
				out.AddSeries(batch)
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(samples)), "ns/sample")
			_ = out.Stop()
		})
	}
}
