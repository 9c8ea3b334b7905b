package opentelemetry_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/metrics/metricstest"
	"github.com/pondigo/natsk6/go/internal/outputs/opentelemetry"
)

// TestSamplesMapToInstruments: batches spread over several flushes reach
// the receiver as k6 documents the mapping: a counter's total, a gauge's
// last value, a rate's samples by condition, a trend's every sample, per
// tag set, with the unit; a k6 name OpenTelemetry refuses is
// sent and reported.
func TestSamplesMapToInstruments(t *testing.T) {
	r := startGRPCReceiver(t)
	out, err := opentelemetry.New("", map[string]string{
		"K6_OTEL_GRPC_EXPORTER_ENDPOINT": r.endpoint,
		"K6_OTEL_GRPC_EXPORTER_INSECURE": "true",
		"K6_OTEL_FLUSH_INTERVAL":         "5ms",
	})
	if err != nil {
		t.Fatal(err)
	}
	reg := metrics.NewRegistry()
	sent := reg.MustNew("data_sent", metrics.Counter, metrics.Data)
	lag := reg.MustNew("nats_consumer_lag", metrics.Gauge, metrics.Default)
	ok := reg.MustNew("nats_ok", metrics.Rate, metrics.Default)
	latency := reg.MustNew("nats_request_duration", metrics.Trend, metrics.Time)
	refused := reg.MustNew("_private", metrics.Counter, metrics.Default)
	a := reg.Intern(map[string]string{"scenario": "a"})
	b := reg.Intern(map[string]string{"scenario": "b", "subject": "x.y"})
	now := time.Now().UnixNano()
	for round := range 10 {
		var batch []metrics.Sample
		for i := range 10 {
			v := float64(round*10 + i) // 0..99 over the rounds
			batch = append(batch,
				metrics.Sample{Metric: sent, Tags: a, UnixNs: now, Value: 3},
				metrics.Sample{Metric: sent, Tags: b, UnixNs: now, Value: 5},
				metrics.Sample{Metric: lag, Tags: a, UnixNs: now, Value: v},
				metrics.Sample{Metric: ok, Tags: a, UnixNs: now, Value: float64(i % 4)}, // 0 for i = 0, 4, 8
				metrics.Sample{Metric: latency, Tags: b, UnixNs: now, Value: v},
				metrics.Sample{Metric: refused, Tags: a, UnixNs: now, Value: 1})
		}
		out.AddSeries(metricstest.SeriesOf(batch))
	}
	err = out.Stop()
	if err == nil || !strings.Contains(err.Error(), "metric _private") || strings.Count(err.Error(), "_private (") != 1 {
		t.Errorf("Stop = %v, want the refused name reported once", err)
	}
	got := r.latest()

	bySubject := map[string]float64{}
	for _, s := range got["data_sent"] {
		bySubject[s.attrs["scenario"]] = number(s.sum)
		if s.metric.Unit != "By" || !s.metric.GetSum().IsMonotonic {
			t.Errorf("data_sent: unit %q monotonic %v, want a By counter", s.metric.Unit, s.metric.GetSum().IsMonotonic)
		}
	}
	if bySubject["a"] != 300 || bySubject["b"] != 500 || len(bySubject) != 2 {
		t.Errorf("data_sent by scenario = %v, want a 300, b 500", bySubject)
	}
	if g := got["nats_consumer_lag"]; len(g) != 1 || g[0].metric.GetGauge() == nil || number(g[0].sum) != 99 {
		t.Errorf("nats_consumer_lag = %+v, want one gauge at the last value, 99", g)
	}
	conditions := map[string]float64{}
	for _, s := range got["nats_ok"] {
		conditions[s.attrs["condition"]] = number(s.sum)
	}
	if conditions["zero"] != 30 || conditions["nonzero"] != 70 {
		t.Errorf("nats_ok by condition = %v, want zero 30 nonzero 70", conditions)
	}
	h := got["nats_request_duration"]
	if len(h) != 1 || h[0].hist == nil || h[0].hist.Count != 100 || h[0].hist.GetSum() != 4950 || h[0].hist.GetMin() != 0 || h[0].hist.GetMax() != 99 {
		t.Errorf("nats_request_duration = %+v, want 100 samples summing to 4950 ms, 0 to 99", h)
	}
	if s := got["_private"]; len(s) != 1 || number(s[0].sum) != 100 {
		t.Errorf("_private = %+v, want it sent anyway", s)
	}
}
