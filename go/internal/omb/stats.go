package omb

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Histograms hold microseconds, as OMB's do, from 1 µs to an hour.
const (
	histMin     = 1
	histMax     = int64(time.Hour / time.Microsecond)
	histSigFigs = 3
)

// latency records one kind of latency for the current window and for
// the whole measured run; the publisher, nats.go's callbacks and the
// consumers record concurrently.
type latency struct {
	mu     sync.Mutex
	window *hdrhistogram.Histogram
	total  *hdrhistogram.Histogram
}

func newLatency() *latency {
	return &latency{
		window: hdrhistogram.New(histMin, histMax, histSigFigs),
		total:  hdrhistogram.New(histMin, histMax, histSigFigs),
	}
}

// record adds d, clamped into the histogram's range.
func (l *latency) record(d time.Duration) {
	us := min(max(d.Microseconds(), histMin), histMax)
	l.mu.Lock()
	_ = l.window.RecordValue(us)
	_ = l.total.RecordValue(us)
	l.mu.Unlock()
}

// takeWindow returns the window's histogram and starts a new one.
func (l *latency) takeWindow() *hdrhistogram.Histogram {
	fresh := hdrhistogram.New(histMin, histMax, histSigFigs)
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.window
	l.window = fresh
	return w
}

// snapshotTotal is a copy of the run's histogram.
func (l *latency) snapshotTotal() *hdrhistogram.Histogram {
	l.mu.Lock()
	defer l.mu.Unlock()
	return hdrhistogram.Import(l.total.Export())
}

// reset forgets everything: the warm-up is over.
func (l *latency) reset() {
	l.mu.Lock()
	l.window.Reset()
	l.total.Reset()
	l.mu.Unlock()
}

// counter counts per window and since the run's start (the totals are
// never reset: the backlog is the difference of all sent and received).
type counter struct {
	window, total atomic.Int64
}

func (c *counter) add(n int64) {
	c.window.Add(n)
	c.total.Add(n)
}

func (c *counter) takeWindow() int64 { return c.window.Swap(0) }

// stats are what the producers and consumers of a run measure.
type stats struct {
	sent, sendErrors, received counter
	bytesSent, bytesReceived   counter

	publishLatency *latency // sent → acked (core: the publish call)
	publishDelay   *latency // intended send time → sent
	endToEnd       *latency // sent (the payload's stamp) → received
}

func newStats() *stats {
	return &stats{publishLatency: newLatency(), publishDelay: newLatency(), endToEnd: newLatency()}
}

// resetLatencies ends the warm-up: its windows and latencies are dropped
// (OMB's resetStats), the totals kept for the backlog.
func (s *stats) resetLatencies() {
	for _, c := range []*counter{&s.sent, &s.sendErrors, &s.received, &s.bytesSent, &s.bytesReceived} {
		c.takeWindow()
	}
	for _, l := range []*latency{s.publishLatency, s.publishDelay, s.endToEnd} {
		l.reset()
	}
}

// backlog is what the subscriptions have yet to receive: each of them
// gets every message sent.
func (s *stats) backlog(subscriptions int) int64 {
	return max(0, int64(subscriptions)*s.sent.total.Load()-s.received.total.Load())
}
