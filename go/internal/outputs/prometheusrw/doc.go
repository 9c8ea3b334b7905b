// Package prometheusrw is natsk6's --out experimental-prometheus-rw: it
// sends the run's metrics to a Prometheus remote-write endpoint, with k6's
// option names (K6_PROMETHEUS_RW_*) and k6's documented series names, so
// dashboards and queries written for k6 work on natsk6's runs.
//
// # Series names
//
// Every series is named k6_<metric>, and the values are cumulative since
// the start of the run, sent every K6_PROMETHEUS_RW_PUSH_INTERVAL:
//
//	k6 type  Prometheus series                      value
//	counter  k6_<name>_total                        the running total
//	gauge    k6_<name>[_seconds|_bytes]             the last value
//	rate     k6_<name>_rate                         non-zero samples / samples
//	trend    k6_<name>_<stat> (default)             one gauge per trend stat
//	trend    k6_<name>[_seconds|_bytes] (native)    a native histogram
//
// Trend stats (K6_PROMETHEUS_RW_TREND_STATS, default p(99)) are count,
// sum, min, max, avg, med and p(N); p(N) becomes _pN with the decimal point
// dropped: p(99) is k6_<name>_p99, p(99.9) is k6_<name>_p999. They are
// computed over every sample of the run so far, exactly as the end-of-test
// summary computes them.
//
// Metrics that hold times are sent in seconds, Prometheus' base unit
// (k6 measures milliseconds): k6_nats_request_duration_p99 is 0.0012 for
// 1.2 ms. The unit suffix goes where k6 documents it, on gauges and native
// histograms: k6_nats_request_duration_seconds is the native histogram of
// nats_request_duration, and histogram_quantile(0.95,
// rate(k6_nats_request_duration_seconds[1m])) its p95 in seconds, which
// Prometheus can merge across natsk6 instances. Data metrics are bytes
// already; a data gauge or histogram is suffixed _bytes, a data counter is
// just _total (k6_data_sent_total).
//
// Sample tags become labels (characters outside [a-zA-Z0-9_] become _);
// K6_PROMETHEUS_RW_LABELS adds static labels that a tag of the same name
// overrides.
package prometheusrw
