package metrics

import (
	"encoding/json"
	"fmt"
	"math"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// StatsState is Stats as a mergeable result file stores it: the exact
// aggregates, and for trends either every sample (below exactLimit) or the
// HDR histogram in its standard V2 compressed, base64 encoding. Decoding
// it back gives Stats that merge without losing anything a run's own
// aggregation would keep.
type StatsState struct {
	Count   int64     `json:"count"`
	Sum     JSONFloat `json:"sum"`
	Min     JSONFloat `json:"min"`
	Max     JSONFloat `json:"max"`
	Last    JSONFloat `json:"last"`
	NonZero int64     `json:"nonZero"`
	// Samples are a trend's samples while it keeps them exactly.
	Samples []JSONFloat `json:"samples,omitempty"`
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
	st := StatsState{Count: s.Count, Sum: JSONFloat(s.Sum), Min: JSONFloat(s.Min), Max: JSONFloat(s.Max), Last: JSONFloat(s.Last), NonZero: s.NonZero}
	if s.Type != Trend {
		return st, nil
	}
	if s.hist == nil {
		st.Samples = make([]JSONFloat, len(s.exact))
		for i, v := range s.exact {
			st.Samples[i] = JSONFloat(v)
		}
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
	s := Stats{Type: t, Count: st.Count, Sum: float64(st.Sum), Min: float64(st.Min), Max: float64(st.Max), Last: float64(st.Last), NonZero: st.NonZero}
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
		s.exact = make([]float64, len(st.Samples))
		for i, v := range st.Samples {
			s.exact[i] = float64(v)
		}
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
	as.stats.Merge(st)
	for _, v := range as.views {
		v.stats.Merge(st)
	}
}

// JSONFloat is a float64 that survives JSON: a custom metric may record
// Infinity, which JSON numbers cannot hold, so infinities travel as the
// strings "+Inf" and "-Inf" (NaN never reaches a sink).
type JSONFloat float64

// MarshalJSON writes a number, or "+Inf"/"-Inf".
func (f JSONFloat) MarshalJSON() ([]byte, error) {
	switch v := float64(f); {
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return json.Marshal(float64(f))
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *JSONFloat) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"+Inf"`:
		*f = JSONFloat(math.Inf(1))
		return nil
	case `"-Inf"`:
		*f = JSONFloat(math.Inf(-1))
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Errorf("want a number, \"+Inf\" or \"-Inf\", got %s", b)
	}
	*f = JSONFloat(v)
	return nil
}
