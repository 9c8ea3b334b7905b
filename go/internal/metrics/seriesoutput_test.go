package metrics

import (
	"sync"
	"testing"
)

// seriesRecorder merges every series batch it receives, per series.
type seriesRecorder struct {
	mu      sync.Mutex
	totals  map[seriesKey]*Stats
	batches int
}

func (o *seriesRecorder) Description() string { return "series recorder" }

func (o *seriesRecorder) AddSeries(batch []SeriesStats) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.batches++
	for _, s := range batch {
		key := seriesKey{s.Metric.ID, s.Tags.ID}
		st, ok := o.totals[key]
		if !ok {
			fresh := NewStats(s.Metric.Type)
			st = &fresh
			o.totals[key] = st
		}
		st.Merge(&s.Stats)
	}
}

func (o *seriesRecorder) Stop() error { return nil }

// A series output gets every flush's per-series stats: merged, they are
// the aggregator's totals, percentiles included, and the sinks keep no
// timestamped sample for it.
func TestSeriesOutputMergesToTheRunTotals(t *testing.T) {
	f := newFixture()
	out := &seriesRecorder{totals: map[seriesKey]*Stats{}}
	f.agg.AddOutput(out)
	dur := f.reg.MustNew("req_duration", Trend, Time)
	ok := f.reg.MustNew("ok", Rate, Default)
	foo := f.reg.Intern(map[string]string{"subject": "foo"})
	const vus, iters = 4, 500
	var wg sync.WaitGroup
	for vu := range vus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := f.agg.NewSink()
			for i := range iters {
				s.Add(f.b.Iterations, nil, 1)
				s.Add(dur, foo, float64(vu*iters+i))
				s.Add(ok, foo, float64(i%4))
				if i%100 == 99 {
					s.Flush()
				}
			}
			if s.samples != nil {
				t.Errorf("the sink kept %d timestamped samples for a series output", len(s.samples))
			}
		}()
	}
	wg.Wait()
	if err := f.agg.Close(); err != nil {
		t.Fatal(err)
	}
	if out.batches != vus*iters/100 {
		t.Fatalf("got %d batches, want one per flush (%d)", out.batches, vus*iters/100)
	}
	for _, s := range f.agg.Series() {
		got := out.totals[seriesKey{s.Metric.ID, s.Tags.ID}]
		if got == nil {
			t.Fatalf("series %s%v never reached the output", s.Metric.Name, s.Tags.Map())
		}
		want := s.Stats
		if got.Count != want.Count || got.Sum != want.Sum || got.Min != want.Min || got.Max != want.Max ||
			got.NonZero != want.NonZero || got.Percentile(95) != want.Percentile(95) {
			t.Fatalf("%s: output totals %+v, want the aggregator's %+v", s.Metric.Name, got, want)
		}
	}
}

// EachValue yields every sample of exact stats, and the histogram's
// buckets past exactLimit, with the count of samples either way.
func TestEachValueCoversEverySample(t *testing.T) {
	for _, n := range []int{10, exactLimit + 10} {
		st := NewStats(Trend)
		for i := range n {
			st.add(float64(i%1000) + 0.5)
		}
		var count int64
		var sum float64
		st.EachValue(func(v float64, k int64) { count += k; sum += v * float64(k) })
		if count != st.Count {
			t.Fatalf("n=%d: EachValue covers %d samples, want %d", n, count, st.Count)
		}
		if rel := (sum - st.Sum) / st.Sum; rel > 1e-3 || rel < -1e-3 {
			t.Fatalf("n=%d: EachValue sums to %v, want %v within 0.1%%", n, sum, st.Sum)
		}
	}
}

// While outputs are on, a sink flushes as soon as the aggregator's flush
// tick moves, in the middle of a long iteration that never calls Flush.
func TestSinkFlushesWhenTheFlushTickMoves(t *testing.T) {
	f := newFixture()
	out := &seriesRecorder{totals: map[seriesKey]*Stats{}}
	f.agg.AddOutput(out)
	s := f.agg.NewSink()
	s.Add(f.b.Iterations, nil, 1)
	f.agg.flushTick.Add(1) // what the ticker does every flushEvery
	s.Add(f.b.Iterations, nil, 1)
	if len(s.dirty) != 0 {
		t.Fatal("the sink did not flush when the tick moved")
	}
	s.Add(f.b.Iterations, nil, 1) // same tick: kept for the next flush
	if err := f.agg.Close(); err != nil {
		t.Fatal(err)
	}
	if got := out.totals[seriesKey{f.b.Iterations.ID, 0}]; out.batches != 1 || got.Count != 2 {
		t.Fatalf("got %d batches holding %+v, want one flush of the first 2 samples", out.batches, got)
	}
}
