package metrics

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// HDR percentiles must match exact nearest-rank percentiles of the sorted
// samples within the histogram's 3 significant digits, across values from
// microseconds to hours.
func TestTrendPercentilesMatchSortedValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	st := newStats(Trend)
	values := make([]float64, 20000)
	for i := range values {
		// log-uniform from 1 µs (0.001 ms) to 1 h (3.6e6 ms)
		values[i] = math.Pow(10, -3+rng.Float64()*9.556)
		st.add(values[i])
	}
	sort.Float64s(values)
	var sum float64
	for _, v := range values {
		sum += v
	}
	if st.Min != values[0] || st.Max != values[len(values)-1] {
		t.Fatalf("min/max = %v/%v, want exact %v/%v", st.Min, st.Max, values[0], values[len(values)-1])
	}
	if got, want := st.Avg(), sum/float64(len(values)); math.Abs(got-want) > 1e-9*want {
		t.Fatalf("avg = %v, want exact %v", got, want)
	}
	for _, p := range []float64{1, 10, 50, 90, 95, 99, 99.9} {
		rank := int(math.Ceil(p/100*float64(len(values)))) - 1
		want := values[rank]
		got := st.Percentile(p)
		if rel := math.Abs(got-want) / want; rel > 2e-3 {
			t.Errorf("p(%v) = %v, want %v within 0.2%% (off by %.4f%%)", p, got, want, rel*100)
		}
	}
}

func TestStatsMergeEqualsSingleStream(t *testing.T) {
	whole, a, b := newStats(Trend), newStats(Trend), newStats(Trend)
	for i := 1; i <= 1000; i++ {
		v := float64(i) / 7
		whole.add(v)
		if i%3 == 0 {
			a.add(v)
		} else {
			b.add(v)
		}
	}
	merged := newStats(Trend)
	merged.merge(&a)
	merged.merge(&b)
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
	st := newStats(Trend)
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
	st := newStats(Trend)
	for _, v := range []float64{300, 100, 200} {
		st.add(v)
	}
	for p, want := range map[float64]float64{50: 200, 90: 280, 95: 290, 25: 150} {
		if got := st.Percentile(p); math.Abs(got-want) > 1e-9 {
			t.Errorf("p(%v) = %v, want %v", p, got, want)
		}
	}
	big := newStats(Trend)
	for i := 0; i < exactLimit; i++ {
		big.add(1000)
	}
	big.merge(&st)
	if big.hasExact() {
		t.Fatalf("%d samples still kept verbatim past the limit of %d", big.Count, exactLimit)
	}
	if got := big.Percentile(50); math.Abs(got-1000) > 1 {
		t.Errorf("histogram median = %v, want about 1000", got)
	}
}
