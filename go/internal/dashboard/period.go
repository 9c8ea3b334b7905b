package dashboard

import "github.com/pondigo/natsk6/go/internal/metrics"

// MetricInfo is what the page needs to chart and format a metric.
type MetricInfo struct {
	Type     string `json:"type"`     // counter, gauge, rate or trend
	Contains string `json:"contains"` // default, time (ms) or data (bytes)
}

// Snapshot is one period's values per metric, over all tag sets:
// counters as count and rate (per second), gauges as value (the sum of
// each tag set's latest value, so consumer lag adds up its consumers),
// rates as rate, passes and fails, trends as count, avg, min, p(50), p(90), p(95), p(99)
// and max.
type Snapshot struct {
	UnixMs  int64                         `json:"t"`
	Metrics map[string]map[string]float64 `json:"m"`
}

// trendPercentiles are the percentiles each period's trends carry.
var trendPercentiles = []struct {
	name string
	p    float64
}{{"p(50)", 50}, {"p(90)", 90}, {"p(95)", 95}, {"p(99)", 99}}

// periodAccumulator sums up the series stats of the current period. They
// are merged into it, so no batch is referenced after AddSeries.
type periodAccumulator struct {
	info   map[string]MetricInfo
	sums   map[string]float64         // counters
	gauges map[string]map[int]float64 // latest value per tag set ID; kept across periods
	rates  map[string]*[2]int64       // non-zero and total counts
	trends map[string]*metrics.Stats  // this period's values
}

func newPeriodAccumulator() *periodAccumulator {
	return &periodAccumulator{
		info:   map[string]MetricInfo{},
		sums:   map[string]float64{},
		gauges: map[string]map[int]float64{},
		rates:  map[string]*[2]int64{},
		trends: map[string]*metrics.Stats{},
	}
}

func (a *periodAccumulator) add(batch []metrics.SeriesStats) {
	for i := range batch {
		s := &batch[i]
		name := s.Metric.Name
		if _, ok := a.info[name]; !ok {
			a.info[name] = MetricInfo{Type: s.Metric.Type.String(), Contains: s.Metric.Contains.String()}
		}
		switch s.Metric.Type {
		case metrics.Counter:
			a.sums[name] += s.Stats.Sum
		case metrics.Gauge:
			g := a.gauges[name]
			if g == nil {
				g = map[int]float64{}
				a.gauges[name] = g
			}
			g[s.Tags.ID] = s.Stats.Last
		case metrics.Rate:
			r := a.rates[name]
			if r == nil {
				r = &[2]int64{}
				a.rates[name] = r
			}
			r[0] += s.Stats.NonZero
			r[1] += s.Stats.Count
		case metrics.Trend:
			t := a.trends[name]
			if t == nil {
				fresh := metrics.NewStats(metrics.Trend)
				t = &fresh
				a.trends[name] = t
			}
			t.Merge(&s.Stats)
		}
	}
}

// snapshot closes the period of the given length (seconds) ending at
// unixMs and starts the next. Counters seen before but silent in this
// period chart as zero, and gauges keep their latest value.
func (a *periodAccumulator) snapshot(unixMs int64, seconds float64) Snapshot {
	s := Snapshot{UnixMs: unixMs, Metrics: map[string]map[string]float64{}}
	for name, sum := range a.sums {
		s.Metrics[name] = map[string]float64{"count": sum, "rate": sum / seconds}
		a.sums[name] = 0
	}
	for name, byTags := range a.gauges {
		total := 0.0
		for _, v := range byTags {
			total += v
		}
		s.Metrics[name] = map[string]float64{"value": total}
	}
	for name, r := range a.rates {
		if r[1] > 0 {
			s.Metrics[name] = map[string]float64{"rate": float64(r[0]) / float64(r[1]), "passes": float64(r[0]), "fails": float64(r[1] - r[0])}
		}
		*r = [2]int64{}
	}
	for name, st := range a.trends {
		if st.Count > 0 {
			s.Metrics[name] = trendValues(st)
		}
		*st = metrics.NewStats(metrics.Trend)
	}
	return s
}

// trendValues is a period's trend stats: percentiles as the summary
// computes them (exact up to 100 000 values in the period).
func trendValues(st *metrics.Stats) map[string]float64 {
	out := map[string]float64{"count": float64(st.Count), "avg": st.Avg(), "min": st.Min, "max": st.Max}
	for _, p := range trendPercentiles {
		out[p.name] = st.Percentile(p.p)
	}
	return out
}

// infos is a copy of the metric infos seen so far.
func (a *periodAccumulator) infos() map[string]MetricInfo {
	out := make(map[string]MetricInfo, len(a.info))
	for k, v := range a.info {
		out[k] = v
	}
	return out
}
