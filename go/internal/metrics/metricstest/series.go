// Package metricstest helps tests of metrics consumers; the binary does
// not link it.
package metricstest

import "github.com/pondigo/natsk6/go/internal/metrics"

// SeriesOf is samples as a sink's flush hands them to a SeriesOutput: per
// series, in order of first appearance, the stats of its samples (split
// over two flushes if the flush tick moves meanwhile). The samples go
// through a real sink, so NaN is dropped as sinks drop it.
func SeriesOf(samples []metrics.Sample) []metrics.SeriesStats {
	agg := metrics.NewAggregator(metrics.NewRegistry())
	catch := &catcher{}
	agg.AddOutput(catch)
	sink := agg.NewSink()
	for _, s := range samples {
		sink.Add(s.Metric, s.Tags, s.Value)
	}
	sink.Flush()
	_ = agg.Close() // a catcher never fails
	return catch.series
}

// catcher keeps the series of the one flush SeriesOf makes.
type catcher struct{ series []metrics.SeriesStats }

func (c *catcher) Description() string                   { return "series of samples" }
func (c *catcher) AddSeries(batch []metrics.SeriesStats) { c.series = append(c.series, batch...) }
func (c *catcher) Stop() error                           { return nil }
