package prometheusrw

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/prometheus/prometheus/model/histogram"
)

// bucketWidth is the ratio of a bucket's upper to its lower bound: how
// far apart a quantile read off the histogram and the exact one can be.
var bucketWidth = math.Exp2(math.Exp2(-histogramSchema))

// TestNativeHistogramBuckets checks the bucketing against Prometheus' own
// reading of the histogram: it validates, and every sample lies inside
// the bounds Prometheus gives the bucket it was counted in.
func TestNativeHistogramBuckets(t *testing.T) {
	values := []float64{0, 1, 2, 0.5, 0.25, 1024, 1e-9, 3e-6, 0.000123, 7.5, -1, -0.003, -2}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		values = append(values, math.Exp(rng.NormFloat64()*4-6))
	}
	h := newNativeHistogram()
	for _, v := range values {
		h.observe(v, 1)
	}
	h.observe(math.Inf(1), 1) // left out: no bucket holds it
	hist := h.histogram()
	if err := hist.Validate(); err != nil {
		t.Fatalf("Prometheus rejects the histogram: %v", err)
	}
	if hist.Count != uint64(len(values)) || hist.ZeroCount != 1 {
		t.Fatalf("count %d zero count %d, want %d and 1", hist.Count, hist.ZeroCount, len(values))
	}
	positive, negative := bucketBounds(hist.PositiveBucketIterator()), bucketBounds(hist.NegativeBucketIterator())
	for _, v := range values {
		var b histogram.Bucket[uint64]
		var ok bool
		switch {
		case v > 0:
			b, ok = positive[bucketIndex(v)]
		case v < 0:
			b, ok = negative[bucketIndex(-v)]
		default:
			continue
		}
		if !ok {
			t.Fatalf("%g: no bucket %d in the histogram", v, bucketIndex(math.Abs(v)))
		}
		if !(b.Lower < v && v <= b.Upper) && !(v < 0 && b.Lower <= v && v < b.Upper) {
			t.Errorf("%g counted in bucket %d, which Prometheus reads as [%g, %g]", v, b.Index, b.Lower, b.Upper)
		}
	}
	if got := positive[bucketIndex(1.5)]; got.Upper/got.Lower-bucketWidth > 1e-12 {
		t.Errorf("a bucket is %g wide, want %g", got.Upper/got.Lower, bucketWidth)
	}
}

func bucketBounds(it histogram.BucketIterator[uint64]) map[int32]histogram.Bucket[uint64] {
	out := map[int32]histogram.Bucket[uint64]{}
	for it.Next() {
		b := it.At()
		out[b.Index] = b
	}
	return out
}
