package natsmod

import (
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// JSMetrics are the nats_js_*, nats_kv_* and nats_obj_* metrics of one
// test run, shared by every VU.
type JSMetrics struct {
	MsgsPublished   *metrics.Metric // counter: messages stored (acked) by JetStream
	PublishDuration *metrics.Metric // trend (ms): publish to PubAck
	PublishErrors   *metrics.Metric // counter: failed publishes, tagged error_code
	Duplicates      *metrics.Metric // counter: PubAcks flagged duplicate
	MsgsFetched     *metrics.Metric // counter: messages received from consumers
	FetchDuration   *metrics.Metric // trend (ms): one fetch, request to last message
	Acks            *metrics.Metric // counter: ack, ackSync and term
	Naks            *metrics.Metric // counter: nak
	Redeliveries    *metrics.Metric // counter: messages delivered more than once
	ConsumerPending *metrics.Metric // gauge: numPending from consumer info, when sampled
	KVDuration      *metrics.Metric // trend (ms): one KV operation, tagged kv_op
	ObjectDuration  *metrics.Metric // trend (ms): one Object Store operation, tagged obj_op
}

// RegisterJSMetrics registers the JetStream metrics on r. It is
// idempotent: every VU's JetStream context gets the same metrics.
func RegisterJSMetrics(r *metrics.Registry) *JSMetrics {
	return &JSMetrics{
		MsgsPublished:   r.MustNew("nats_js_msgs_published", metrics.Counter, metrics.Default),
		PublishDuration: r.MustNew("nats_js_publish_duration", metrics.Trend, metrics.Time),
		PublishErrors:   r.MustNew("nats_js_publish_errors", metrics.Counter, metrics.Default),
		Duplicates:      r.MustNew("nats_js_duplicates", metrics.Counter, metrics.Default),
		MsgsFetched:     r.MustNew("nats_js_msgs_fetched", metrics.Counter, metrics.Default),
		FetchDuration:   r.MustNew("nats_js_fetch_duration", metrics.Trend, metrics.Time),
		Acks:            r.MustNew("nats_js_acks", metrics.Counter, metrics.Default),
		Naks:            r.MustNew("nats_js_naks", metrics.Counter, metrics.Default),
		Redeliveries:    r.MustNew("nats_js_redeliveries", metrics.Counter, metrics.Default),
		ConsumerPending: r.MustNew("nats_js_consumer_pending", metrics.Gauge, metrics.Default),
		KVDuration:      r.MustNew("nats_kv_duration", metrics.Trend, metrics.Time),
		ObjectDuration:  r.MustNew("nats_obj_duration", metrics.Trend, metrics.Time),
	}
}
