package prometheusrw

import (
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/prometheus/prometheus/model/value"
	"github.com/prometheus/prometheus/prompb"
)

// output is --out experimental-prometheus-rw. Each flush's series stats
// are merged into per-series totals as they arrive (memory grows with
// series, not with samples), and a pusher goroutine sends the totals
// every push interval, so a slow endpoint delays only the pusher, never
// AddSeries, and a failed push loses one point in time, not counts.
type output struct {
	cfg    *config
	client *client

	mu         sync.Mutex          // guards everything below it up to lastMs
	agg        *metrics.Aggregator // counters, gauges, rates and (trend stats) trends
	histograms map[histogramKey]*nativeHistogram
	histOrder  []histogramKey
	labels     map[*metrics.TagSet][]prompb.Label
	lastMs     int64 // timestamp of the last push, to keep them increasing

	stop, done chan struct{}
	// The pusher's record (only it and Stop, after it ended, touch it).
	pushes, failures int
	lastErr          error
}

type histogramKey struct {
	metric *metrics.Metric
	tags   *metrics.TagSet
}

// New returns the output for --out experimental-prometheus-rw[=arg],
// configured by env's K6_PROMETHEUS_RW_* variables. It pushes until Stop.
func New(arg string, env map[string]string) (metrics.SeriesOutput, error) {
	if arg != "" {
		return nil, errors.New("takes no argument after '=': set its options with " + envPrefix + "* variables")
	}
	cfg, err := parseConfig(env)
	if err != nil {
		return nil, err
	}
	// A private aggregator gives each series the run's own totals and
	// percentiles (exact, then HDR past 100k samples), as the summary has.
	o := &output{
		cfg:        cfg,
		client:     newClient(cfg),
		agg:        metrics.NewAggregator(metrics.NewRegistry()),
		histograms: map[histogramKey]*nativeHistogram{},
		labels:     map[*metrics.TagSet][]prompb.Label{},
		stop:       make(chan struct{}),
		done:       make(chan struct{}),
	}
	go o.pushEvery(cfg.pushInterval)
	return o, nil
}

func (o *output) Description() string {
	return "experimental-prometheus-rw (" + o.client.redactedURL + ")"
}

func (o *output) AddSeries(batch []metrics.SeriesStats) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := range batch {
		s := &batch[i]
		if o.cfg.nativeHistogram && s.Metric.Type == metrics.Trend {
			h := o.histogramOf(s.Metric, s.Tags)
			s.Stats.EachValue(func(v float64, n int64) { h.observe(toBaseUnit(s.Metric, v), uint64(n)) })
			continue
		}
		o.agg.AddSeries(s.Metric, s.Tags, &s.Stats)
	}
}

func (o *output) histogramOf(m *metrics.Metric, tags *metrics.TagSet) *nativeHistogram {
	key := histogramKey{m, tags}
	h, ok := o.histograms[key]
	if !ok {
		h = newNativeHistogram()
		o.histograms[key] = h
		o.histOrder = append(o.histOrder, key)
	}
	return h
}

// Stop sends the final totals (and, with K6_PROMETHEUS_RW_STALE_MARKERS,
// marks every series stale), then reports failed pushes.
func (o *output) Stop() error {
	close(o.stop)
	<-o.done
	totalsSent := o.push(o.snapshot(false))
	if o.cfg.staleMarkers {
		o.push(o.snapshot(true))
	}
	if o.failures == 0 {
		return nil
	}
	what := fmt.Sprintf("%d of %d pushes failed", o.failures, o.pushes)
	if totalsSent {
		// Values are cumulative: the final push carried every count.
		what += " (the final totals got through; only points in time are missing)"
	}
	return fmt.Errorf("%s; the last error: %w", what, o.lastErr)
}

func (o *output) pushEvery(interval time.Duration) {
	defer close(o.done)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			o.push(o.snapshot(false))
		case <-o.stop:
			return
		}
	}
}

// push sends req, if it holds anything, and records the outcome; false
// when it failed.
func (o *output) push(req *prompb.WriteRequest) bool {
	if len(req.Timeseries) == 0 {
		return true
	}
	o.pushes++
	if err := o.client.write(req); err != nil {
		o.failures++
		o.lastErr = err
		return false
	}
	return true
}

// snapshot is every series' current value as one write request, or with
// stale, a stale marker for every series.
func (o *output) snapshot(stale bool) *prompb.WriteRequest {
	o.mu.Lock()
	defer o.mu.Unlock()
	ms := max(time.Now().UnixMilli(), o.lastMs+1)
	o.lastMs = ms
	req := &prompb.WriteRequest{}
	float := func(labels []prompb.Label, name string, v float64) {
		if stale {
			v = math.Float64frombits(value.StaleNaN)
		}
		req.Timeseries = append(req.Timeseries, prompb.TimeSeries{
			Labels:  withName(labels, name),
			Samples: []prompb.Sample{{Value: v, Timestamp: ms}},
		})
	}
	for _, s := range o.agg.Series() {
		o.addFloats(float, s)
	}
	for _, key := range o.histOrder {
		h := prompb.FromIntHistogram(ms, o.histograms[key].histogram())
		if stale {
			h = staleHistogram(ms)
		}
		req.Timeseries = append(req.Timeseries, prompb.TimeSeries{
			Labels:     withName(o.labelsOf(key.tags), seriesName(key.metric, true)),
			Histograms: []prompb.Histogram{h},
		})
	}
	return req
}

// addFloats emits the float series of one k6 series (see the package doc).
func (o *output) addFloats(emit func([]prompb.Label, string, float64), s metrics.SeriesStats) {
	m, st, labels := s.Metric, &s.Stats, o.labelsOf(s.Tags)
	name := seriesName(m, false)
	switch m.Type {
	case metrics.Counter:
		emit(labels, name, toBaseUnit(m, st.Sum))
	case metrics.Gauge:
		emit(labels, name, toBaseUnit(m, st.Last))
	case metrics.Rate:
		emit(labels, name, st.Rate())
	case metrics.Trend:
		for _, ts := range o.cfg.trendStats {
			emit(labels, trendStatName(m, ts), trendStatValue(m, st, ts))
		}
	}
}

// trendStatValue computes one trend stat over the run so far; all but
// count are in the metric's base unit.
func trendStatValue(m *metrics.Metric, st *metrics.Stats, ts trendStat) float64 {
	var v float64
	switch ts.suffix {
	case "count":
		return float64(st.Count)
	case "sum":
		v = st.Sum
	case "min":
		v = st.Min
	case "max":
		v = st.Max
	case "avg":
		v = st.Avg()
	case "med":
		v = st.Med()
	default:
		v = st.Percentile(ts.percentile)
	}
	return toBaseUnit(m, v)
}

func (o *output) labelsOf(tags *metrics.TagSet) []prompb.Label {
	l, ok := o.labels[tags]
	if !ok {
		l = seriesLabels(tags, o.cfg.labels)
		o.labels[tags] = l
	}
	return l
}
