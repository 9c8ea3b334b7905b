package metrics

import (
	"fmt"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// StatsState is Stats as a mergeable result file stores it: the exact
// aggregates, and for trends either every sample (below exactLimit) or the
// HDR histogram in its standard V2 compressed, base64 encoding. Decoding
// it back gives Stats that merge without losing anything a run's own
// aggregation would keep.
type StatsState struct {
	Count   int64   `json:"count"`
	Sum     float64 `json:"sum"`
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	Last    float64 `json:"last"`
	NonZero int64   `json:"nonZero"`
	// Samples are a trend's samples while it keeps them exactly.
	Samples []float64 `json:"samples,omitempty"`
	// Histogram is a trend's HDR histogram past the exact limit: values
	// in units of 1/HistogramScale, from 1 to HistogramHighest, with
	// HistogramDigits significant digits.
	Histogram string `json:"histogram,omitempty"`
}

// The histogram geometry every natsk6 trend uses; a result file states
// it so that a reader can refuse histograms it cannot merge exactly.
const (
	HistogramScale   = histScale
	HistogramHighest = histHighest
	HistogramDigits  = histDigits
)

// State returns s as a result file stores it.
func (s *Stats) State() (StatsState, error) {
	st := StatsState{Count: s.Count, Sum: s.Sum, Min: s.Min, Max: s.Max, Last: s.Last, NonZero: s.NonZero}
	if s.Type != Trend {
		return st, nil
	}
	if s.hist == nil {
		st.Samples = append([]float64(nil), s.exact...)
		return st, nil
	}
	enc, err := s.hist.Encode()
	if err != nil {
		return st, fmt.Errorf("encode the histogram: %w", err)
	}
	st.Histogram = string(enc)
	return st, nil
}

// StatsFromState decodes a stored StatsState of a metric of type t,
// refusing samples and histograms that do not add up to its count or a
// histogram of another geometry (it would not merge exactly).
func StatsFromState(t Type, st StatsState) (Stats, error) {
	s := Stats{Type: t, Count: st.Count, Sum: st.Sum, Min: st.Min, Max: st.Max, Last: st.Last, NonZero: st.NonZero}
	if st.Count < 0 || st.NonZero < 0 || st.NonZero > st.Count {
		return s, fmt.Errorf("count %d and non-zero count %d do not fit together", st.Count, st.NonZero)
	}
	if t != Trend {
		if len(st.Samples) > 0 || st.Histogram != "" {
			return s, fmt.Errorf("a %s metric has no samples or histogram", t)
		}
		return s, nil
	}
	if st.Histogram == "" {
		if int64(len(st.Samples)) != st.Count {
			return s, fmt.Errorf("%d samples for a count of %d", len(st.Samples), st.Count)
		}
		s.exact = append([]float64(nil), st.Samples...)
		return s, nil
	}
	if len(st.Samples) > 0 {
		return s, fmt.Errorf("both samples and a histogram")
	}
	h, err := hdr.DecodePacked([]byte(st.Histogram))
	if err != nil {
		return s, fmt.Errorf("decode the histogram: %w", err)
	}
	if h.LowestTrackableValue() != 1 || h.HighestTrackableValue() < histHighest || h.SignificantFigures() != histDigits {
		return s, fmt.Errorf("the histogram tracks %d to %d with %d digits; natsk6 merges 1 to %d with %d digits",
			h.LowestTrackableValue(), h.HighestTrackableValue(), h.SignificantFigures(), int64(histHighest), histDigits)
	}
	if h.TotalCount() != st.Count {
		return s, fmt.Errorf("the histogram holds %d values for a count of %d", h.TotalCount(), st.Count)
	}
	s.hist = h
	return s, nil
}

// AddSeries merges st into the aggregate of the series (m, tags), as if a
// sink had flushed it: the merge of result files feeds an aggregator
// through here, so summaries and thresholds read merged data the way
// they read a run's own.
func (a *Aggregator) AddSeries(m *Metric, tags *TagSet, st *Stats) {
	a.mu.Lock()
	defer a.mu.Unlock()
	as := a.seriesFor(m, tags)
	as.stats.merge(st)
	for _, v := range as.views {
		v.stats.merge(st)
	}
}
