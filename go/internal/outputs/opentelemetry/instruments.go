package opentelemetry

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	otelmetric "go.opentelemetry.io/otel/metric"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// The condition attribute of a rate's single counter, as k6 names it.
const (
	conditionKey     = "condition"
	conditionZero    = "zero"
	conditionNonzero = "nonzero"
)

// recorder turns series stats into measurements on one instrument per k6
// metric (see the package doc). Only one goroutine uses it at a time.
type recorder struct {
	meter       otelmetric.Meter
	prefix      string
	singleRate  bool
	instruments map[*metrics.Metric]*instrument
	attrs       map[*metrics.TagSet]*attrOptions
	folded      map[seriesKey]folded // record's scratch, reused
	errs        []error              // instruments the SDK refused, reported at Stop
}

// instrument is the instrument of one k6 metric; the field of its type
// is set (two for a rate in k6's older two-counter mapping).
type instrument struct {
	counter   otelmetric.Float64Counter
	gauge     otelmetric.Float64Gauge
	histogram otelmetric.Float64Histogram
	rate      otelmetric.Int64Counter // single counter, or <name>.total
	occurred  otelmetric.Int64Counter // <name>.occurred, two-counter mapping only
}

// attrOptions are a tag set's attributes as measurement options, made
// once per tag set: tag sets are interned, so the pointer is the key.
type attrOptions struct {
	plain, zero, nonzero otelmetric.MeasurementOption
}

func newRecorder(meter otelmetric.Meter, cfg *config) *recorder {
	return &recorder{
		meter:       meter,
		prefix:      cfg.metricPrefix,
		singleRate:  cfg.singleCounterForRate,
		instruments: map[*metrics.Metric]*instrument{},
		attrs:       map[*metrics.TagSet]*attrOptions{},
		folded:      map[seriesKey]folded{},
	}
}

// seriesKey is one k6 series: a metric and a tag set, both interned.
type seriesKey struct {
	metric *metrics.Metric
	tags   *metrics.TagSet
}

// folded is one flush interval's samples of a counter, gauge or rate
// series.
type folded struct {
	sum           float64 // counter: their total
	last          float64 // gauge: the newest
	zero, nonzero int64   // rate: how many of each
}

// record measures one flush interval's series stats, oldest first.
// Counters, gauges and rates are folded per series first, so each series
// costs the SDK one measurement per flush instead of one per sample (the
// SDK's cost per measurement is several hundred ns); a histogram needs
// every value.
func (r *recorder) record(ctx context.Context, batches [][]metrics.SeriesStats) {
	clear(r.folded)
	for _, batch := range batches {
		for i := range batch {
			s := &batch[i]
			if s.Metric.Type == metrics.Trend {
				h, a := r.instrumentOf(s.Metric).histogram, r.attrsOf(s.Tags).plain
				s.Stats.EachValue(func(v float64, n int64) {
					for range n {
						h.Record(ctx, v, a)
					}
				})
				continue
			}
			key := seriesKey{s.Metric, s.Tags}
			f := r.folded[key]
			f.sum += s.Stats.Sum
			f.last = s.Stats.Last
			f.nonzero += s.Stats.NonZero
			f.zero += s.Stats.Count - s.Stats.NonZero
			r.folded[key] = f
		}
	}
	for key, f := range r.folded {
		r.measure(ctx, key, f)
	}
}

// measure hands one series' folded samples to its instrument.
func (r *recorder) measure(ctx context.Context, key seriesKey, f folded) {
	inst, a := r.instrumentOf(key.metric), r.attrsOf(key.tags)
	switch {
	case inst.counter != nil:
		inst.counter.Add(ctx, f.sum, a.plain)
	case inst.gauge != nil:
		inst.gauge.Record(ctx, f.last, a.plain)
	case inst.occurred != nil:
		inst.rate.Add(ctx, f.zero+f.nonzero, a.plain)
		inst.occurred.Add(ctx, f.nonzero, a.plain) // 0 too, so the series exists
	case inst.rate != nil:
		if f.nonzero > 0 {
			inst.rate.Add(ctx, f.nonzero, a.nonzero)
		}
		if f.zero > 0 {
			inst.rate.Add(ctx, f.zero, a.zero)
		}
	}
}

func (r *recorder) instrumentOf(m *metrics.Metric) *instrument {
	if inst, ok := r.instruments[m]; ok {
		return inst
	}
	inst := &instrument{}
	name := r.prefix + m.Name
	var err error
	switch m.Type {
	case metrics.Counter:
		inst.counter, err = r.meter.Float64Counter(name, otelmetric.WithUnit(unit(m)))
	case metrics.Gauge:
		inst.gauge, err = r.meter.Float64Gauge(name, otelmetric.WithUnit(unit(m)))
	case metrics.Trend:
		inst.histogram, err = r.meter.Float64Histogram(name, otelmetric.WithUnit(unit(m)))
	case metrics.Rate:
		if r.singleRate {
			inst.rate, err = r.meter.Int64Counter(name)
			break
		}
		var err2 error
		inst.rate, err = r.meter.Int64Counter(name + ".total")
		inst.occurred, err2 = r.meter.Int64Counter(name + ".occurred")
		err = errors.Join(err, err2)
	}
	if err != nil {
		// The SDK still returns a working instrument; say it once.
		r.errs = append(r.errs, fmt.Errorf("metric %s (sent anyway; a backend may refuse it): %w", name, err))
	}
	r.instruments[m] = inst
	return inst
}

func (r *recorder) attrsOf(tags *metrics.TagSet) *attrOptions {
	if a, ok := r.attrs[tags]; ok {
		return a
	}
	kvs := make([]attribute.KeyValue, 0, len(tags.Tags)+1)
	for _, t := range tags.Tags {
		kvs = append(kvs, attribute.String(t.Key, t.Value))
	}
	withCondition := func(v string) otelmetric.MeasurementOption {
		return otelmetric.WithAttributeSet(attribute.NewSet(append(kvs[:len(kvs):len(kvs)], attribute.String(conditionKey, v))...))
	}
	a := &attrOptions{
		plain:   otelmetric.WithAttributeSet(attribute.NewSet(kvs...)),
		zero:    withCondition(conditionZero),
		nonzero: withCondition(conditionNonzero),
	}
	r.attrs[tags] = a
	return a
}

// unit is the metric's unit in UCUM, as OpenTelemetry writes units: k6
// times are milliseconds, data is bytes.
func unit(m *metrics.Metric) string {
	switch m.Contains {
	case metrics.Time:
		return "ms"
	case metrics.Data:
		return "By"
	}
	return ""
}
