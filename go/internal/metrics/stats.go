package metrics

import (
	"math"
	"slices"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Trend values are recorded into the histogram scaled by histScale, so a
// millisecond value keeps 3 significant digits from 1 ns up to histHighest
// (1e9 ms, about 11 days); data trends get the same range in bytes.
const (
	histScale   = 1e6
	histHighest = 1e15
	histDigits  = 3
	// exactLimit is how many trend samples are kept verbatim: up to it,
	// percentiles are exact and interpolated as k6 computes them, so small
	// functional tests see k6's numbers; beyond it the histogram answers.
	exactLimit = 512
)

// Stats is the aggregate of some samples of one metric: exact count, sum,
// min, max and last value for every type, the non-zero count for rates, and
// a sparse HDR histogram for trends (medians and percentiles).
type Stats struct {
	Type     Type
	Count    int64
	Sum      float64
	Min, Max float64
	Last     float64
	NonZero  int64
	hist     *hdr.PackedHistogram
	exact    []float64 // every sample while Count <= exactLimit
}

func newStats(t Type) Stats {
	s := Stats{Type: t}
	if t == Trend {
		s.hist = hdr.NewPacked(1, histHighest, histDigits)
	}
	return s
}

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
	if s.hist != nil {
		if s.Count <= exactLimit {
			s.exact = append(s.exact, v)
		}
		// Values outside the histogram's range are clamped: the exact min and
		// max still bound every percentile.
		_ = s.hist.RecordValue(histUnits(v))
	}
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

// merge adds o's samples to s; o's Last wins, as the more recent data.
func (s *Stats) merge(o *Stats) {
	if o.Count == 0 {
		return
	}
	if s.hasExact() && o.hasExact() && s.Count+o.Count <= exactLimit {
		s.exact = append(s.exact, o.exact...)
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
	if o.hist != nil {
		if s.hist == nil {
			s.hist = hdr.NewPacked(1, histHighest, histDigits)
		}
		s.hist.Merge(o.hist)
	}
}

// reset empties s, keeping the histogram's storage for reuse.
func (s *Stats) reset() {
	h := s.hist
	*s = Stats{Type: s.Type, hist: h, exact: s.exact[:0]}
	if h != nil {
		h.Reset()
	}
}

// clone returns a copy that shares no storage with s.
func (s *Stats) clone() Stats {
	c := *s
	if s.hist != nil {
		c.hist = s.hist.Clone()
	}
	c.exact = append([]float64(nil), s.exact...)
	return c
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

// Percentile returns the p-th percentile (0-100). Up to exactLimit samples
// it is exact, interpolated linearly between the closest ranks as k6 does;
// beyond, it comes from the histogram within its precision, bounded by the
// exact min and max (values outside the histogram's range are clamped).
func (s *Stats) Percentile(p float64) float64 {
	switch {
	case s.Count == 0 || s.hist == nil:
		return 0
	case p <= 0:
		return s.Min
	case p >= 100:
		return s.Max
	}
	if s.hasExact() {
		return interpolatedPercentile(s.exact, p)
	}
	v := float64(s.hist.ValueAtPercentile(p)) / histScale
	return math.Min(math.Max(v, s.Min), s.Max)
}

// Med is the 50th percentile.
func (s *Stats) Med() float64 { return s.Percentile(50) }

// hasExact reports whether every sample is kept verbatim.
func (s *Stats) hasExact() bool {
	return int64(len(s.exact)) == s.Count
}

// interpolatedPercentile sorts values in place and returns the p-th
// percentile by linear interpolation between the two closest ranks.
func interpolatedPercentile(values []float64, p float64) float64 {
	slices.Sort(values)
	rank := p / 100 * float64(len(values)-1)
	lo, hi := values[int(math.Floor(rank))], values[int(math.Ceil(rank))]
	return lo + (hi-lo)*(rank-math.Floor(rank))
}
