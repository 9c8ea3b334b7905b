package metrics

import "testing"

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
