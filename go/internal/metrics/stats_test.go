package metrics

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// exactPercentile is k6's percentile of sorted values: linear interpolation
// between the two closest ranks.
func exactPercentile(sorted []float64, p float64) float64 {
	rank := p / 100 * float64(len(sorted)-1)
	lo := int(math.Floor(rank))
	hi := int(math.Ceil(rank))
	return sorted[lo] + (sorted[hi]-sorted[lo])*(rank-float64(lo))
}

var testPercentiles = []float64{1, 10, 25, 50, 75, 90, 95, 99, 99.9}

// Up to exactLimit samples, however they arrive (one stream or many sink
// flushes merged), every percentile is exactly k6's: 2000 samples used to
// switch to the histogram after 512 and drift from k6's med and p(95).
func TestTrendPercentilesAreExactUpToTheLimit(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{2000, exactLimit} {
		values := make([]float64, n)
		single, merged := NewStats(Trend), NewStats(Trend)
		flush := NewStats(Trend)
		for i := range values {
			values[i] = math.Round(rng.ExpFloat64()*40e3) / 1e3 // ms with µs precision
			single.add(values[i])
			flush.add(values[i])
			if i%1000 == 999 { // one VU's flush
				merged.Merge(&flush)
				flush.reset()
			}
		}
		merged.Merge(&flush)
		sorted := slices.Clone(values)
		slices.Sort(sorted)
		for _, p := range testPercentiles {
			want := exactPercentile(sorted, p)
			if got := single.Percentile(p); got != want {
				t.Errorf("n=%d p(%v) single stream = %v, want exactly %v", n, p, got, want)
			}
			if got := merged.Percentile(p); got != want {
				t.Errorf("n=%d p(%v) merged flushes = %v, want exactly %v", n, p, got, want)
			}
		}
	}
}

// Past exactLimit the histogram answers within 0.1% of the exact
// interpolated percentile (the documented bound), for several shapes of
// latency distribution over 300,000 samples (three times the exact limit) arriving as merged flushes.
func TestTrendPercentilesPastTheLimitStayWithinATenthOfAPercent(t *testing.T) {
	const n = 3 * exactLimit
	rng := rand.New(rand.NewPCG(3, 4))
	dists := map[string]func() float64{
		"uniform 1-100ms":         func() float64 { return 1 + rng.Float64()*99 },
		"exponential mean 20ms":   func() float64 { return rng.ExpFloat64() * 20 },
		"lognormal around 5ms":    func() float64 { return math.Exp(math.Log(5) + rng.NormFloat64()) },
		"log-uniform 1µs to 1h":   func() float64 { return math.Pow(10, -3+rng.Float64()*9.556) },
		"bimodal 2ms and 300ms":   func() float64 { return bimodal(rng) },
		"normal 50ms, sd 5ms, >0": func() float64 { return math.Abs(50 + 5*rng.NormFloat64()) },
	}
	values := make([]float64, n)
	for name, next := range dists {
		total, flush := NewStats(Trend), NewStats(Trend)
		for i := range values {
			values[i] = next()
			flush.add(values[i])
			if i%5000 == 4999 {
				total.Merge(&flush)
				flush.reset()
			}
		}
		total.Merge(&flush)
		if total.hasExact() || total.Count != n {
			t.Fatalf("%s: %d samples, exact=%v: want the histogram past %d", name, total.Count, total.hasExact(), exactLimit)
		}
		slices.Sort(values)
		if total.Min != values[0] || total.Max != values[n-1] {
			t.Errorf("%s: min/max = %v/%v, want exact %v/%v", name, total.Min, total.Max, values[0], values[n-1])
		}
		for _, p := range testPercentiles {
			want := exactPercentile(values, p)
			got := total.Percentile(p)
			if rel := math.Abs(got-want) / want; rel > 1e-3 {
				t.Errorf("%s: p(%v) = %v, want %v within 0.1%% (off by %.4f%%)", name, p, got, want, rel*100)
			}
		}
	}
}

func bimodal(rng *rand.Rand) float64 {
	if rng.IntN(10) < 7 {
		return 2 + rng.Float64()
	}
	return 300 + rng.Float64()*50
}

func TestStatsMergeEqualsSingleStream(t *testing.T) {
	whole, a, b := NewStats(Trend), NewStats(Trend), NewStats(Trend)
	for i := 1; i <= 1000; i++ {
		v := float64(i) / 7
		whole.add(v)
		if i%3 == 0 {
			a.add(v)
		} else {
			b.add(v)
		}
	}
	merged := NewStats(Trend)
	merged.Merge(&a)
	merged.Merge(&b)
	if merged.Count != whole.Count || merged.Min != whole.Min || merged.Max != whole.Max || math.Abs(merged.Sum-whole.Sum) > 1e-9 {
		t.Fatalf("merged %+v, want %+v", merged, whole)
	}
	for _, p := range []float64{50, 90, 99} {
		if merged.Percentile(p) != whole.Percentile(p) {
			t.Errorf("p(%v): merged %v, single stream %v", p, merged.Percentile(p), whole.Percentile(p))
		}
	}
}

func TestTrendOutOfRangeValuesStayExact(t *testing.T) {
	st := NewStats(Trend)
	for _, v := range []float64{-5, 0, 2e12, 7} {
		st.add(v)
	}
	if st.Min != -5 || st.Max != 2e12 || st.Count != 4 {
		t.Fatalf("stats = %+v", st)
	}
	if p := st.Percentile(0); p != -5 {
		t.Errorf("p(0) = %v, want the exact min -5", p)
	}
	if p := st.Percentile(100); p != 2e12 {
		t.Errorf("p(100) = %v, want the exact max 2e12", p)
	}
}

// Up to exactLimit samples, percentiles interpolate between ranks as k6
// does; merging past the limit hands over to the histogram.
func TestSmallTrendsHaveExactPercentiles(t *testing.T) {
	st := NewStats(Trend)
	for _, v := range []float64{300, 100, 200} {
		st.add(v)
	}
	for p, want := range map[float64]float64{50: 200, 90: 280, 95: 290, 25: 150} {
		if got := st.Percentile(p); math.Abs(got-want) > 1e-9 {
			t.Errorf("p(%v) = %v, want %v", p, got, want)
		}
	}
	big := NewStats(Trend)
	for i := 0; i < exactLimit; i++ {
		big.add(1000)
	}
	big.Merge(&st)
	if big.hasExact() {
		t.Fatalf("%d samples still kept verbatim past the limit of %d", big.Count, exactLimit)
	}
	if got := big.Percentile(50); math.Abs(got-1000) > 1 {
		t.Errorf("histogram median = %v, want about 1000", got)
	}
}

// hasExact reports whether every sample is kept verbatim.
func (s *Stats) hasExact() bool { return s.hist == nil }
