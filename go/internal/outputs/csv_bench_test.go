package outputs

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// BenchmarkCSVAddSamples measures the CSV output's cost per sample (it
// runs on the output's goroutine; a VU only hands it flushed batches).
func BenchmarkCSVAddSamples(b *testing.B) {
	for _, name := range []string{"rows.csv", "rows.csv.gz"} {
		b.Run(name, func(b *testing.B) {
			out, err := newCSV(Params{Arg: filepath.Join(b.TempDir(), name)})
			if err != nil {
				b.Fatal(err)
			}
			reg := metrics.NewRegistry()
			m := reg.MustNew("nats_msgs_published", metrics.Counter, metrics.Default)
			tags := reg.Intern(map[string]string{"scenario": "pub", "subject": "bench.x"})
			batch := make([]metrics.Sample, 1000)
			now := time.Now().UnixNano()
			for i := range batch {
				batch[i] = metrics.Sample{Metric: m, Tags: tags, UnixNs: now + int64(i), Value: 1}
			}
			b.ResetTimer()
			for range b.N {
				out.(metrics.SampleOutput).AddSamples(batch)
			}
			b.StopTimer()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/sample")
			if err := out.Stop(); err != nil {
				b.Fatal(err)
			}
		})
	}
}
