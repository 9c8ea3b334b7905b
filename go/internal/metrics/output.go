package metrics

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pondigo/natsk6/go/internal/safely"
)

// Sample is one timestamped measurement, as sample outputs receive it.
type Sample struct {
	Metric *Metric
	Tags   *TagSet
	UnixNs int64
	Value  float64
	// Metadata is the VU's exec.vu.metrics.metadata; nil when none.
	Metadata *Metadata
}

// Output receives the run's measurements (--out csv=..., a Prometheus
// endpoint, the web dashboard): it is a SampleOutput, which gets every
// sample, or a SeriesOutput, which gets per-series aggregates. Its methods
// run on a goroutine of the output's own, never on a VU's, so a slow
// output cannot slow the test.
type Output interface {
	// Description names the output in messages, e.g. "csv (results.csv)".
	Description() string
	// Stop is called once, after the last batch: write what is buffered
	// and release what the output holds.
	Stop() error
}

// SampleOutput writes every sample, as k6's outputs get them (json, csv).
// While one is attached, sinks timestamp each sample.
type SampleOutput interface {
	Output
	// AddSamples receives the samples of one sink flush, oldest first.
	// The slice is the output's to keep and is shared with the other
	// sample outputs: read it, never write to it.
	AddSamples(batch []Sample)
}

// SeriesOutput needs only aggregates per series (the web dashboard,
// Prometheus remote write, OpenTelemetry): each sink flush hands it the
// stats the sink kept anyway, so samples cost it nothing on the VU, not
// even a timestamp.
type SeriesOutput interface {
	Output
	// AddSeries receives one sink flush: per series with samples since
	// the sink's last flush, the stats of those samples. It is the
	// output's to keep, shared with the other series outputs, and only
	// to be read: Merge it, read its fields or EachValue (Percentile
	// sorts in place, so ask it of a merged copy).
	AddSeries(batch []SeriesStats)
}

// outputBuffer is how many flushed batches may wait for a slow output
// before further batches are dropped (and counted). A VU flushes about
// once a second, so this is minutes of samples for a typical test.
const outputBuffer = 4096

// outputFeed delivers batches to one Output through a bounded queue.
type outputFeed struct {
	out          Output
	takesSamples bool // a SampleOutput; else a SeriesOutput
	queue        chan batch
	done         chan struct{}
	dropped      atomic.Int64 // samples not delivered because the queue was full
	failed       error        // a panic in the output (a bug), read after done
}

// batch is one flush as an output takes it: samples for a SampleOutput,
// series for a SeriesOutput; samples counts what it carries.
type batch struct {
	samples []Sample
	series  []SeriesStats
	count   int64
}

// AddOutput makes every flush deliver to o: its samples, for which sinks
// then timestamp every sample, or its per-series stats. Call it before
// the run emits samples; Close stops it.
func (a *Aggregator) AddOutput(o Output) {
	var take func(batch)
	switch o := o.(type) {
	case SampleOutput:
		take = func(b batch) { o.AddSamples(b.samples) }
	case SeriesOutput:
		take = func(b batch) { o.AddSeries(b.series) }
	default:
		panic(fmt.Sprintf("output %s takes neither samples nor series", o.Description()))
	}
	_, takesSamples := o.(SampleOutput)
	f := &outputFeed{out: o, takesSamples: takesSamples, queue: make(chan batch, outputBuffer), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		f.failed = safely.Do(func() error {
			for b := range f.queue {
				take(b)
			}
			return nil
		})
		for b := range f.queue { // after a panic: count the rest as dropped
			f.dropped.Add(b.count)
		}
	}()
	a.mu.Lock()
	a.feeds = append(a.feeds, f)
	if a.stopTick == nil {
		a.stopTick = make(chan struct{})
		go a.tickFlushes(a.stopTick)
	}
	a.mu.Unlock()
	if f.takesSamples {
		a.wantSamples.Store(true)
	}
}

// tickFlushes moves flushTick every flushEvery until stop closes.
func (a *Aggregator) tickFlushes(stop chan struct{}) {
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			a.flushTick.Add(1)
		case <-stop:
			return
		}
	}
}

// deliver hands one flush to every output without waiting on any of
// them: the samples as they are, and a copy of the dirty series' stats,
// which the sink is about to reset. The caller holds a.mu.
func (a *Aggregator) deliver(dirty []*series, samples []Sample) {
	var series *batch // made for the first series output
	for _, f := range a.feeds {
		b := batch{samples: samples, count: int64(len(samples))}
		if !f.takesSamples {
			if series == nil {
				series = seriesBatch(dirty)
			}
			b = *series
		}
		if b.count == 0 {
			continue
		}
		select {
		case f.queue <- b:
		default:
			f.dropped.Add(b.count)
		}
	}
}

func seriesBatch(dirty []*series) *batch {
	b := &batch{series: make([]SeriesStats, len(dirty))}
	for i, sr := range dirty {
		b.series[i] = SeriesStats{sr.metric, sr.tags, sr.stats.clone()}
		b.count += sr.stats.Count
	}
	return b
}

// Close stops the outputs once they have written what they were given,
// and reports their failures and dropped samples.
func (a *Aggregator) Close() error { return a.stopOutputs() }

// stopOutputs waits until every output has taken its queued batches,
// stops it, and reports failures and dropped samples.
func (a *Aggregator) stopOutputs() error {
	a.mu.Lock()
	feeds := a.feeds
	a.feeds = nil
	if a.stopTick != nil {
		close(a.stopTick)
		a.stopTick = nil
	}
	a.mu.Unlock()
	for _, f := range feeds {
		close(f.queue)
	}
	errs := make([]error, 2*len(feeds))
	var wg sync.WaitGroup
	for i, f := range feeds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-f.done
			if err := errors.Join(f.failed, safely.Do(f.out.Stop)); err != nil {
				errs[2*i] = fmt.Errorf("output %s: %w", f.out.Description(), err)
			}
			if n := f.dropped.Load(); n > 0 {
				errs[2*i+1] = fmt.Errorf("output %s fell behind: %d samples were dropped", f.out.Description(), n)
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
