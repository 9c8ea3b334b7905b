package metrics

import "time"

// Sink collects the samples of one VU. It is owned by the VU goroutine and
// takes no locks: Add only updates the series of (metric, tag set) in
// place, and Flush hands everything to the aggregator under one lock.
type Sink struct {
	agg       *Aggregator
	emptyTags *TagSet
	series    map[seriesKey]*series
	last      []*series // per metric ID: the series hit last, to skip the map
	dirty     []*series // series with samples since the last flush
	points    []point   // timestamped samples, kept only for JSON output
	metadata  *Metadata // goes with every sample recorded from now on
	lastFlush time.Time
}

type seriesKey struct{ metric, tags int }

type series struct {
	metric *Metric
	tags   *TagSet
	stats  Stats
}

type point struct {
	series   *series
	unixNs   int64
	value    float64
	metadata *Metadata
}

// flushEvery is how often FlushIfDue hands data to the aggregator.
const flushEvery = time.Second

// maxPoints bounds the timestamped samples a sink holds for outputs: an
// iteration that loops over a million publishes flushes along the way,
// so its memory stays flat and outputs get the samples while it runs.
const maxPoints = 16 << 10

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
	if s.agg.keepTime.Load() {
		now := time.Now()
		s.points = append(s.points, point{sr, now.UnixNano(), value, s.metadata})
		if len(s.points) >= maxPoints || now.Sub(s.lastFlush) > flushEvery {
			s.Flush()
		}
	}
}

func (s *Sink) lookup(m *Metric, tags *TagSet) *series {
	key := seriesKey{m.ID, tags.ID}
	sr, ok := s.series[key]
	if !ok {
		sr = &series{metric: m, tags: tags, stats: newStats(m.Type)}
		s.series[key] = sr
	}
	for m.ID >= len(s.last) {
		s.last = append(s.last, nil)
	}
	s.last[m.ID] = sr
	return sr
}

// Flush hands the collected samples to the aggregator and starts afresh,
// reusing the sink's storage.
func (s *Sink) Flush() {
	s.lastFlush = time.Now()
	if len(s.dirty) == 0 {
		return
	}
	s.agg.merge(s.dirty, s.points)
	for _, sr := range s.dirty {
		sr.stats.reset()
	}
	s.dirty = s.dirty[:0]
	clear(s.points)
	s.points = s.points[:0]
}

// FlushIfDue flushes when more than a second passed since the last flush;
// VUs call it at the end of each iteration.
func (s *Sink) FlushIfDue() {
	if time.Since(s.lastFlush) > flushEvery {
		s.Flush()
	}
}
