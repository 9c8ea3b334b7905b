// Package opentelemetry is natsk6's --out opentelemetry: it pushes the
// run's metrics over OTLP (gRPC or HTTP) with the OpenTelemetry Go SDK,
// configured by k6's K6_OTEL_* options, so a collector or backend set up
// for k6 receives natsk6's runs the same way.
//
// # Metrics
//
// Each k6 metric becomes one OpenTelemetry instrument named
// K6_OTEL_METRIC_PREFIX + the metric's name (no prefix by default, as in
// k6; K6_OTEL_METRIC_PREFIX=k6_ gives k6_nats_msgs_published), and each
// sample's tags become its attributes:
//
//	k6 type  instrument       what it holds
//	counter  Float64Counter   the running total
//	gauge    Float64Gauge     the last value
//	rate     Int64Counter     samples, with attribute condition=zero|nonzero
//	trend    Float64Histogram every sample (explicit buckets, or the SDK's
//	                          base-2 exponential histogram when
//	                          OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION
//	                          asks for it)
//
// K6_OTEL_SINGLE_COUNTER_FOR_RATE=false gives k6's older rate mapping: two
// Int64Counters, <name>.occurred (non-zero samples) and <name>.total (all
// samples). Times keep k6's unit, milliseconds (unit "ms"); data metrics
// are bytes (unit "By").
//
// Values are cumulative since the start of the run, so a failed export
// loses one point in time, never counts: the next one carries the totals.
// The resource names the run: service.name (K6_OTEL_SERVICE_NAME, default
// k6, as k6 has it) and service.version (K6_OTEL_SERVICE_VERSION, default
// natsk6's module version).
package opentelemetry
