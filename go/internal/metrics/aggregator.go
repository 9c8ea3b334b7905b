package metrics

import "sync"

// Aggregator merges flushed sinks into the run's totals.
//
// PLACEHOLDER: replaced by the metrics helper behind the same API.
type Aggregator struct {
	Registry *Registry
	mu       sync.Mutex
	samples  []sample
}

// NewAggregator returns an aggregator over r's metrics.
func NewAggregator(r *Registry) *Aggregator { return &Aggregator{Registry: r} }

// NewSink returns a sink that flushes into a.
func (a *Aggregator) NewSink() *Sink { return &Sink{agg: a} }

func (a *Aggregator) merge(s []sample) {
	a.mu.Lock()
	a.samples = append(a.samples, s...)
	a.mu.Unlock()
}
