package prometheusrw

import (
	"math"
	"slices"

	"github.com/prometheus/prometheus/model/histogram"
	"github.com/prometheus/prometheus/model/value"
	"github.com/prometheus/prometheus/prompb"
)

// Native histograms use exponential buckets: with schema s, bucket i holds
// (2^((i-1)/2^s), 2^(i/2^s)]. Schema 5 (32 buckets per power of two) makes
// each bucket 2.2% wide, so a quantile Prometheus reads off the histogram
// is within about 2% of the exact one, at some 32 buckets per doubling of
// latency (a few hundred for a typical run): far finer than Prometheus'
// default of schema 3 (9% buckets), still cheap to store and to merge.
const (
	histogramSchema = 5
	// zeroThreshold is Prometheus' default zero-bucket width (2^-128):
	// only zero and denormal-small values land in the zero bucket.
	zeroThreshold = 2.938735877055719e-39
)

// nativeHistogram accumulates every sample of one trend series since the
// start of the run, as a cumulative (counter-like) native histogram.
type nativeHistogram struct {
	count, zeroCount   uint64
	sum                float64
	positive, negative map[int32]uint64 // bucket index → samples
}

func newNativeHistogram() *nativeHistogram {
	return &nativeHistogram{positive: map[int32]uint64{}, negative: map[int32]uint64{}}
}

// observe records n samples of v in base units. Infinities have no
// bucket and would turn the sum into Inf; they are left out.
func (h *nativeHistogram) observe(v float64, n uint64) {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return
	}
	h.count += n
	h.sum += v * float64(n)
	switch {
	case v > zeroThreshold:
		h.positive[bucketIndex(v)] += n
	case v < -zeroThreshold:
		h.negative[bucketIndex(-v)] += n
	default:
		h.zeroCount += n
	}
}

// bucketIndex is the index of the bucket holding v > 0 (see above).
func bucketIndex(v float64) int32 {
	frac, exp := math.Frexp(v) // v = frac × 2^exp, frac in [0.5, 1)
	perOctave := 1 << histogramSchema
	base := (exp - 1) * perOctave
	if frac == 0.5 { // a power of two is its bucket's upper bound
		return int32(base)
	}
	return int32(base + int(math.Ceil(math.Log2(2*frac)*float64(perOctave))))
}

// histogram returns the accumulated samples as Prometheus' histogram type.
func (h *nativeHistogram) histogram() *histogram.Histogram {
	hist := &histogram.Histogram{
		Schema:        histogramSchema,
		ZeroThreshold: zeroThreshold,
		ZeroCount:     h.zeroCount,
		Count:         h.count,
		Sum:           h.sum,
	}
	hist.PositiveSpans, hist.PositiveBuckets = spansAndDeltas(h.positive)
	hist.NegativeSpans, hist.NegativeBuckets = spansAndDeltas(h.negative)
	return hist
}

// spansAndDeltas encodes buckets as native histograms do: runs of
// consecutive indices (spans, each offset from the end of the previous
// one) and each bucket's count as the difference from the one before.
func spansAndDeltas(buckets map[int32]uint64) ([]histogram.Span, []int64) {
	if len(buckets) == 0 {
		return nil, nil
	}
	indices := make([]int32, 0, len(buckets))
	for i := range buckets {
		indices = append(indices, i)
	}
	slices.Sort(indices)
	var spans []histogram.Span
	deltas := make([]int64, 0, len(indices))
	var prevCount int64
	for n, i := range indices {
		switch {
		case n == 0:
			spans = append(spans, histogram.Span{Offset: i})
		case i != indices[n-1]+1:
			spans = append(spans, histogram.Span{Offset: i - indices[n-1] - 1})
		}
		spans[len(spans)-1].Length++
		c := int64(buckets[i])
		deltas = append(deltas, c-prevCount)
		prevCount = c
	}
	return spans, deltas
}

// staleHistogram is the native-histogram stale marker: no buckets and a
// StaleNaN sum.
func staleHistogram(ts int64) prompb.Histogram {
	return prompb.FromIntHistogram(ts, &histogram.Histogram{Schema: histogramSchema, Sum: math.Float64frombits(value.StaleNaN)})
}
