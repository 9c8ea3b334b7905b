package metrics

import (
	"sync"
	"sync/atomic"
)

// Aggregator merges flushed sinks into the run's totals: per series, per
// metric, and per sub-metric (a metric restricted to a tag selector) for
// the selectors that thresholds use. It is safe for concurrent use.
type Aggregator struct {
	Registry *Registry

	mu          sync.Mutex
	series      map[seriesKey]*aggSeries
	order       []*aggSeries // in order of first appearance
	views       []*view
	thresholds  []*Threshold
	feeds       []*outputFeed
	wantSamples atomic.Bool   // a SampleOutput is on: sinks timestamp samples
	flushTick   atomic.Int64  // moves every flushEvery while outputs are on: sinks then flush
	stopTick    chan struct{} // ends the ticker of flushTick; nil until an output is added
}

// aggSeries is the run's total of one (metric, tag set), and the views it
// feeds.
type aggSeries struct {
	metric *Metric
	tags   *TagSet
	stats  Stats
	views  []*view
}

// view is a metric's total over the series whose tags include selector;
// an empty selector is the metric's overall total.
type view struct {
	metric   *Metric
	selector []Tag
	stats    Stats
}

// NewAggregator returns an aggregator over r's metrics.
func NewAggregator(r *Registry) *Aggregator {
	return &Aggregator{Registry: r, series: map[seriesKey]*aggSeries{}}
}

// NewSink returns a sink that flushes into a. Create it on the goroutine
// that will own it.
func (a *Aggregator) NewSink() *Sink {
	s := &Sink{
		agg:       a,
		emptyTags: a.Registry.TagSetByID(0),
		series:    map[seriesKey]*series{},
	}
	s.anchorClock()
	return s
}

func (a *Aggregator) merge(dirty []*series, samples []Sample) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, sr := range dirty {
		as := a.seriesFor(sr.metric, sr.tags)
		as.stats.Merge(&sr.stats)
		for _, v := range as.views {
			v.stats.Merge(&sr.stats)
		}
	}
	a.deliver(dirty, samples)
}

// seriesFor returns the aggregate series of (m, tags), creating it and
// the metric's overall view on first use. The caller holds a.mu.
func (a *Aggregator) seriesFor(m *Metric, tags *TagSet) *aggSeries {
	key := seriesKey{m.ID, tags.ID}
	if as, ok := a.series[key]; ok {
		return as
	}
	as := &aggSeries{metric: m, tags: tags, stats: NewStats(m.Type)}
	a.viewFor(m, nil)
	for _, v := range a.views {
		if v.metric == m && matches(tags, v.selector) {
			as.views = append(as.views, v)
		}
	}
	a.series[key] = as
	a.order = append(a.order, as)
	return as
}

// viewFor returns the view of m over selector, creating it (and filling it
// from the series seen so far) on first use. The caller holds a.mu.
func (a *Aggregator) viewFor(m *Metric, selector []Tag) *view {
	for _, v := range a.views {
		if v.metric == m && sameTags(v.selector, selector) {
			return v
		}
	}
	v := &view{metric: m, selector: selector, stats: NewStats(m.Type)}
	a.views = append(a.views, v)
	for _, as := range a.order {
		if as.metric == m && matches(as.tags, selector) {
			as.views = append(as.views, v)
			v.stats.Merge(&as.stats)
		}
	}
	return v
}

// matches reports whether tags include every selector pair.
func matches(tags *TagSet, selector []Tag) bool {
	for _, want := range selector {
		if got, ok := tags.Get(want.Key); !ok || got != want.Value {
			return false
		}
	}
	return true
}

func sameTags(x, y []Tag) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// Query returns the aggregate of m over the series whose tags include
// every selector pair (all series when selector is empty). The result is a
// copy, safe to read while the run goes on.
func (a *Aggregator) Query(m *Metric, selector ...Tag) Stats {
	selector = sortedTags(selector)
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, v := range a.views {
		if v.metric == m && sameTags(v.selector, selector) {
			return v.stats.clone()
		}
	}
	total := NewStats(m.Type)
	for _, as := range a.order {
		if as.metric == m && matches(as.tags, selector) {
			total.Merge(&as.stats)
		}
	}
	return total
}

// SeriesStats is the aggregate of one series.
type SeriesStats struct {
	Metric *Metric
	Tags   *TagSet
	Stats  Stats
}

// Series returns a copy of every series seen so far, in order of first
// appearance.
func (a *Aggregator) Series() []SeriesStats {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([]SeriesStats, len(a.order))
	for i, as := range a.order {
		out[i] = SeriesStats{as.metric, as.tags, as.stats.clone()}
	}
	return out
}
