package metrics

import (
	"time"
	_ "unsafe" // for go:linkname
)

// Sink collects the samples of one VU. It is owned by the VU goroutine and
// takes no locks: Add only updates the series of (metric, tag set) in
// place, and Flush hands everything to the aggregator under one lock.
type Sink struct {
	agg       *Aggregator
	emptyTags *TagSet
	series    map[seriesKey]*series
	last      []*series // per metric ID: the series hit last, to skip the map
	dirty     []*series // series with samples since the last flush
	samples   []Sample  // timestamped, kept only for sample outputs
	metadata  *Metadata // goes with every sample recorded from now on
	lastFlush time.Time
	tick      int64 // the aggregator's flushTick at the last flush
	// wallOffset turns nanotime into Unix nanoseconds: the wall clock
	// minus nanotime, taken at the last flush, so a clock step shows in
	// the next second's samples.
	wallOffset int64
}

// nanotime is the runtime's monotonic clock (a linkname the runtime keeps
// for outside use). It is one clock read where time.Now makes two (wall
// and monotonic), and the clock is most of what timestamping a sample
// costs: about 25 against 45 ns here.
//
//go:linkname nanotime runtime.nanotime
func nanotime() int64

type seriesKey struct{ metric, tags int }

type series struct {
	metric *Metric
	tags   *TagSet
	stats  Stats
}

// flushEvery is how often FlushIfDue hands data to the aggregator.
const flushEvery = time.Second

// maxSamples bounds the timestamped samples a sink holds for sample
// outputs: an iteration that loops over a million publishes flushes along
// the way, so its memory stays flat and outputs get the samples while it
// runs.
const maxSamples = 16 << 10

// Add records one sample. Only the owning VU goroutine may call it; nil
// tags mean the empty tag set. NaN samples are dropped: they would poison
// sums and comparisons.
func (s *Sink) Add(m *Metric, tags *TagSet, value float64) {
	if value != value {
		return
	}
	if tags == nil {
		tags = s.emptyTags
	}
	var sr *series
	if m.ID < len(s.last) {
		sr = s.last[m.ID]
	}
	if sr == nil || sr.tags != tags {
		sr = s.lookup(m, tags)
	}
	if sr.stats.Count == 0 {
		s.dirty = append(s.dirty, sr)
	}
	sr.stats.add(value)
	if s.agg.wantSamples.Load() {
		s.samples = append(s.samples, Sample{sr.metric, sr.tags, nanotime() + s.wallOffset, value, s.metadata})
		if len(s.samples) >= maxSamples {
			s.Flush()
			return
		}
	}
	// While outputs are on, an iteration that runs for long (a loop of
	// publishes) still flushes every flushEvery; one atomic load tells,
	// where reading the clock per sample would cost more than the rest
	// of Add.
	if s.agg.flushTick.Load() != s.tick {
		s.Flush()
	}
}

func (s *Sink) lookup(m *Metric, tags *TagSet) *series {
	key := seriesKey{m.ID, tags.ID}
	sr, ok := s.series[key]
	if !ok {
		sr = &series{metric: m, tags: tags, stats: NewStats(m.Type)}
		s.series[key] = sr
	}
	for m.ID >= len(s.last) {
		s.last = append(s.last, nil)
	}
	s.last[m.ID] = sr
	return sr
}

// Flush hands the collected samples to the aggregator and starts afresh,
// reusing the sink's series storage. The timestamped samples go to the
// outputs as they are, so the next ones start in a new slice.
func (s *Sink) Flush() {
	s.anchorClock()
	s.tick = s.agg.flushTick.Load()
	if len(s.dirty) == 0 {
		return
	}
	s.agg.merge(s.dirty, s.samples)
	for _, sr := range s.dirty {
		sr.stats.reset()
	}
	s.dirty = s.dirty[:0]
	if s.samples != nil {
		s.samples = make([]Sample, 0, cap(s.samples))
	}
}

// anchorClock notes the time of this flush and the wall clock's offset
// from nanotime.
func (s *Sink) anchorClock() {
	s.lastFlush = time.Now()
	s.wallOffset = s.lastFlush.UnixNano() - nanotime()
}

// FlushIfDue flushes when more than a second passed since the last flush;
// VUs call it at the end of each iteration.
func (s *Sink) FlushIfDue() {
	if time.Since(s.lastFlush) > flushEvery {
		s.Flush()
	}
}
