package metrics

import (
	"bytes"
	"testing"
	"time"
)

// BenchmarkSinkAdd measures emitting one sample into an existing series,
// the cost every NATS operation pays.
func BenchmarkSinkAdd(b *testing.B) {
	for _, bc := range []struct {
		name string
		typ  Type
	}{{"Counter", Counter}, {"Trend", Trend}, {"Rate", Rate}, {"Gauge", Gauge}} {
		b.Run(bc.name, func(b *testing.B) {
			reg := NewRegistry()
			m := reg.MustNew("m", bc.typ, Time)
			tags := reg.Intern(map[string]string{"subject": "bench", "scenario": "default"})
			s := NewAggregator(reg).NewSink()
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				s.Add(m, tags, float64(i%5000)*0.013)
			}
		})
	}
}

// BenchmarkSinkAddTimestamped is BenchmarkSinkAdd of a counter with a
// sample output attached: each sample is timestamped and kept.
func BenchmarkSinkAddTimestamped(b *testing.B) {
	f := newFixture()
	f.agg.AddOutput(discardOutput{})
	s := f.agg.NewSink()
	b.ReportAllocs()
	for b.Loop() {
		s.Add(f.b.Iterations, nil, 1)
	}
}

// discardOutput takes samples and keeps none.
type discardOutput struct{}

func (discardOutput) Description() string { return "discard" }
func (discardOutput) AddSamples([]Sample) {}
func (discardOutput) Stop() error         { return nil }

// BenchmarkSinkAddAlternatingTags alternates two tag sets, which misses the
// last-series cache and takes the map lookup.
func BenchmarkSinkAddAlternatingTags(b *testing.B) {
	reg := NewRegistry()
	m := reg.MustNew("m", Trend, Time)
	tags := []*TagSet{reg.Intern(map[string]string{"subject": "a"}), reg.Intern(map[string]string{"subject": "b"})}
	s := NewAggregator(reg).NewSink()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		s.Add(m, tags[i&1], float64(i%5000)*0.013)
	}
}

// BenchmarkSinkFlush measures a VU's periodic flush of a few busy series.
func BenchmarkSinkFlush(b *testing.B) {
	reg := NewRegistry()
	bi := RegisterBuiltin(reg)
	lat := reg.MustNew("lat", Trend, Time)
	tags := reg.Intern(map[string]string{"subject": "a"})
	s := NewAggregator(reg).NewSink()
	b.ReportAllocs()
	for b.Loop() {
		for i := range 100 {
			s.Add(lat, tags, float64(i)*0.37)
			s.Add(bi.Iterations, tags, 1)
		}
		s.Flush()
	}
}

// BenchmarkJSONOutputAddSamples is the JSON output's encoding cost per
// sample (into memory, so the file system is not measured).
func BenchmarkJSONOutputAddSamples(b *testing.B) {
	f := newFixture()
	tags := f.reg.Intern(map[string]string{"scenario": "pub", "subject": "bench.x"})
	var buf bytes.Buffer
	out := NewJSONOutput("json", nopCloser{&buf}, f.agg.Thresholds).(SampleOutput)
	batch := make([]Sample, 1000)
	now := time.Now().UnixNano()
	for i := range batch {
		batch[i] = Sample{Metric: f.b.Iterations, Tags: tags, UnixNs: now + int64(i)*997, Value: 1}
	}
	b.ResetTimer()
	for range b.N {
		buf.Reset()
		out.AddSamples(batch)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(batch)), "ns/sample")
}
