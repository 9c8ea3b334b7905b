package metrics

import (
	"math"
	"slices"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Trend percentiles are exact, as k6 computes them, while a trend holds at
// most exactLimit samples: every sample is kept and percentiles interpolate
// linearly between the closest ranks. Past the limit the samples move into
// an HDR histogram, which keeps memory bounded (a few hundred kB per trend
// whatever the sample count) at a relative error of at most 0.01% (4
// significant digits; the documented bound is 0.1%). Values are recorded
// scaled by histScale, so a millisecond value keeps its precision from 1 ns
// up to histHighest (1e9 ms, about 11 days); data trends get the same range
// in bytes.
const (
	exactLimit  = 100_000
	histScale   = 1e6
	histHighest = 1e15
	histDigits  = 4
)

// Stats is the aggregate of some samples of one metric: exact count, sum,
// min, max and last value for every type, the non-zero count for rates, and
// for trends the samples themselves or, past exactLimit, a histogram.
type Stats struct {
	Type     Type
	Count    int64
	Sum      float64
	Min, Max float64
	Last     float64
	NonZero  int64
	exact    []float64 // every trend sample while the trend has no histogram
	hist     *hdr.PackedHistogram
}

// NewStats returns empty stats of a metric of type t.
func NewStats(t Type) Stats { return Stats{Type: t} }

func (s *Stats) add(v float64) {
	if s.Count == 0 || v < s.Min {
		s.Min = v
	}
	if s.Count == 0 || v > s.Max {
		s.Max = v
	}
	s.Count++
	s.Sum += v
	s.Last = v
	if v != 0 {
		s.NonZero++
	}
	if s.Type != Trend {
		return
	}
	if s.hist == nil && len(s.exact) < exactLimit {
		s.exact = append(s.exact, v)
		return
	}
	s.toHistogram()
	// Values outside the histogram's range are clamped: the exact min and
	// max still bound every percentile.
	_ = s.hist.RecordValue(histUnits(v))
}

// toHistogram moves the kept samples into the histogram, creating it on
// first use; the sample buffer keeps its storage for reuse after reset.
func (s *Stats) toHistogram() {
	if s.hist == nil {
		s.hist = hdr.NewPacked(1, histHighest, histDigits)
	}
	for _, v := range s.exact {
		_ = s.hist.RecordValue(histUnits(v))
	}
	s.exact = s.exact[:0]
}

func histUnits(v float64) int64 {
	u := math.Round(v * histScale)
	switch {
	case !(u > 0): // also NaN
		return 0
	case u > histHighest:
		return histHighest
	}
	return int64(u)
}

// Merge adds o's samples to s; o's Last wins, as the more recent data.
// It only reads o.
func (s *Stats) Merge(o *Stats) {
	if o.Count == 0 {
		return
	}
	if s.Count == 0 || o.Min < s.Min {
		s.Min = o.Min
	}
	if s.Count == 0 || o.Max > s.Max {
		s.Max = o.Max
	}
	s.Count += o.Count
	s.Sum += o.Sum
	s.Last = o.Last
	s.NonZero += o.NonZero
	if s.Type != Trend {
		return
	}
	if s.hist == nil && o.hist == nil && len(s.exact)+len(o.exact) <= exactLimit {
		s.exact = append(s.exact, o.exact...)
		return
	}
	s.toHistogram()
	s.exact = nil // a total past the limit never needs the buffer again
	for _, v := range o.exact {
		_ = s.hist.RecordValue(histUnits(v))
	}
	if o.hist != nil {
		s.hist.Merge(o.hist)
	}
}

// reset empties s, keeping its sample buffer for reuse. The histogram
// goes: the next samples are exact again.
func (s *Stats) reset() {
	*s = Stats{Type: s.Type, exact: s.exact[:0]}
}

// clone returns a copy that shares no storage with s.
func (s *Stats) clone() Stats {
	c := *s
	if s.hist != nil {
		c.hist = s.hist.Clone()
	}
	c.exact = slices.Clone(s.exact)
	return c
}

// EachValue calls fn with a trend's values and how often each occurred:
// every sample while the stats keep them, else each histogram bucket's
// value (within its 0.01% precision). It only reads s.
func (s *Stats) EachValue(fn func(v float64, n int64)) {
	for _, v := range s.exact {
		fn(v, 1)
	}
	if s.hist != nil {
		s.hist.ForEachBucket(func(u, n int64) bool {
			fn(float64(u)/histScale, n)
			return true
		})
	}
}

// Avg is the exact mean, 0 without samples.
func (s *Stats) Avg() float64 {
	if s.Count == 0 {
		return 0
	}
	return s.Sum / float64(s.Count)
}

// Rate is the share of non-zero samples, 0 without samples.
func (s *Stats) Rate() float64 {
	if s.Count == 0 {
		return 0
	}
	return float64(s.NonZero) / float64(s.Count)
}

// Percentile returns the p-th percentile (0-100): exact while the trend
// keeps its samples, otherwise from the histogram within its precision,
// bounded by the exact min and max. 0 without samples, as in k6.
func (s *Stats) Percentile(p float64) float64 {
	switch {
	case s.Count == 0 || s.Type != Trend:
		return 0
	case p <= 0:
		return s.Min
	case p >= 100:
		return s.Max
	}
	if s.hist == nil {
		return Percentile(s.exact, p)
	}
	v := float64(s.hist.ValueAtPercentile(p)) / histScale
	return math.Min(math.Max(v, s.Min), s.Max)
}

// Med is the 50th percentile.
func (s *Stats) Med() float64 { return s.Percentile(50) }

// Percentile sorts values in place and returns their p-th percentile as
// trends compute it: by linear interpolation between the two closest
// ranks.
func Percentile(values []float64, p float64) float64 {
	slices.Sort(values)
	rank := p / 100 * float64(len(values)-1)
	lo, hi := values[int(math.Floor(rank))], values[int(math.Ceil(rank))]
	return lo + (hi-lo)*(rank-math.Floor(rank))
}
