package natsmod

import "github.com/pondigo/natsk6/go/internal/metrics"

// SampleMetrics are the gauges nats.sample() records (sample*.go): the
// state of streams, consumers and servers read every interval.
type SampleMetrics struct {
	StreamMsgs             *metrics.Metric // messages in the stream; tagged stream
	StreamBytes            *metrics.Metric // (data) bytes in the stream
	ConsumerNumPending     *metrics.Metric // messages not yet delivered; tagged stream, consumer
	ConsumerNumAckPending  *metrics.Metric // delivered, not yet acked
	ConsumerNumRedelivered *metrics.Metric // redelivered, not yet acked
	ConsumerNumWaiting     *metrics.Metric // pull requests waiting
	ConsumerIdle           *metrics.Metric // (time) since the last delivery or ack, else since creation
	ServerCPU              *metrics.Metric // percent of one core; tagged server
	ServerMem              *metrics.Metric // (data) resident memory
	ServerConnections      *metrics.Metric // client connections now
	ServerSlowConsumers    *metrics.Metric // slow consumers since the server started
	ServerInMsgs           *metrics.Metric // messages received since the server started
	ServerOutMsgs          *metrics.Metric // messages sent since the server started
	ServerInBytes          *metrics.Metric // (data) received since the server started
	ServerOutBytes         *metrics.Metric // (data) sent since the server started
	ServerJSStreams        *metrics.Metric // streams the server holds
	ServerJSConsumers      *metrics.Metric // consumers the server holds
	ServerJSMsgs           *metrics.Metric // messages in all its streams
	ServerJSBytes          *metrics.Metric // (data) bytes in all its streams
}

// RegisterSampleMetrics registers the sampler's gauges on r (idempotent).
func RegisterSampleMetrics(r *metrics.Registry) SampleMetrics {
	gauge := func(name string) *metrics.Metric { return r.MustNew(name, metrics.Gauge, metrics.Default) }
	data := func(name string) *metrics.Metric { return r.MustNew(name, metrics.Gauge, metrics.Data) }
	return SampleMetrics{
		StreamMsgs:             gauge("nats_js_stream_msgs"),
		StreamBytes:            data("nats_js_stream_bytes"),
		ConsumerNumPending:     gauge("nats_js_consumer_num_pending"),
		ConsumerNumAckPending:  gauge("nats_js_consumer_num_ack_pending"),
		ConsumerNumRedelivered: gauge("nats_js_consumer_num_redelivered"),
		ConsumerNumWaiting:     gauge("nats_js_consumer_num_waiting"),
		ConsumerIdle:           r.MustNew("nats_js_consumer_idle", metrics.Gauge, metrics.Time),
		ServerCPU:              gauge("nats_server_cpu"),
		ServerMem:              data("nats_server_mem"),
		ServerConnections:      gauge("nats_server_connections"),
		ServerSlowConsumers:    gauge("nats_server_slow_consumers"),
		ServerInMsgs:           gauge("nats_server_in_msgs"),
		ServerOutMsgs:          gauge("nats_server_out_msgs"),
		ServerInBytes:          data("nats_server_in_bytes"),
		ServerOutBytes:         data("nats_server_out_bytes"),
		ServerJSStreams:        gauge("nats_server_js_streams"),
		ServerJSConsumers:      gauge("nats_server_js_consumers"),
		ServerJSMsgs:           gauge("nats_server_js_msgs"),
		ServerJSBytes:          data("nats_server_js_bytes"),
	}
}
