package metrics

// Sink collects the samples of one VU. It is owned by the VU goroutine and
// takes no locks; the VU hands it to the aggregator with Flush.
//
// PLACEHOLDER: the metrics helper replaces the internals (HDR trends,
// series keyed by metric and tag set, periodic merge) behind this API.
type Sink struct {
	agg     *Aggregator
	samples []sample
}

type sample struct {
	metric *Metric
	tags   *TagSet
	value  float64
}

// Add records one sample. Only the owning VU goroutine may call it.
func (s *Sink) Add(m *Metric, tags *TagSet, value float64) {
	s.samples = append(s.samples, sample{m, tags, value})
}

// Flush hands the collected samples to the aggregator and starts afresh.
func (s *Sink) Flush() {
	s.agg.merge(s.samples)
	s.samples = nil
}
