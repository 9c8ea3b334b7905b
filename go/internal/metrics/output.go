package metrics

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/pondigo/natsk6/go/internal/safely"
)

// Sample is one timestamped measurement, as outputs receive it.
type Sample struct {
	Metric *Metric
	Tags   *TagSet
	UnixNs int64
	Value  float64
	// Metadata is the VU's exec.vu.metrics.metadata; nil when none.
	Metadata *Metadata
}

// Output receives every sample of the run (--out csv=..., a Prometheus
// endpoint, the web dashboard). Its methods run on a goroutine of the
// output's own, never on a VU's, so a slow output cannot slow the test.
type Output interface {
	// Description names the output in messages, e.g. "csv (results.csv)".
	Description() string
	// AddSamples receives the samples of one sink flush, oldest first.
	// The slice is the output's to keep.
	AddSamples(batch []Sample)
	// Stop is called once, after the last batch: write what is buffered
	// and release what the output holds.
	Stop() error
}

// outputBuffer is how many flushed batches may wait for a slow output
// before further batches are dropped (and counted). A VU flushes about
// once a second, so this is minutes of samples for a typical test.
const outputBuffer = 4096

// outputFeed delivers batches to one Output through a bounded queue.
type outputFeed struct {
	out     Output
	queue   chan []Sample
	done    chan struct{}
	dropped atomic.Int64 // samples not delivered because the queue was full
	failed  error        // a panic in the output (a bug), read after done
}

// AddOutput makes every flush deliver its samples to o, and makes sinks
// timestamp samples. Call it before the run emits samples; Close stops it.
func (a *Aggregator) AddOutput(o Output) {
	f := &outputFeed{out: o, queue: make(chan []Sample, outputBuffer), done: make(chan struct{})}
	go func() {
		defer close(f.done)
		f.failed = safely.Do(func() error {
			for batch := range f.queue {
				f.out.AddSamples(batch)
			}
			return nil
		})
		for batch := range f.queue { // after a panic: count the rest as dropped
			f.dropped.Add(int64(len(batch)))
		}
	}()
	a.mu.Lock()
	a.feeds = append(a.feeds, f)
	a.mu.Unlock()
	a.keepTime.Store(true)
}

// deliver hands points to every output without waiting on any of them.
// The caller holds a.mu.
func (a *Aggregator) deliver(points []point) {
	if len(a.feeds) == 0 || len(points) == 0 {
		return
	}
	batch := make([]Sample, len(points))
	for i, p := range points {
		batch[i] = Sample{Metric: p.series.metric, Tags: p.series.tags, UnixNs: p.unixNs, Value: p.value, Metadata: p.metadata}
	}
	for _, f := range a.feeds {
		select {
		case f.queue <- batch:
		default:
			f.dropped.Add(int64(len(batch)))
		}
	}
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
