package natsmod

import (
	"encoding/binary"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// Metrics are the nats_* metrics of one test run, shared by every VU.
type Metrics struct {
	MsgsPublished   *metrics.Metric // counter: messages published (publish, publishBulk, respond)
	BytesPublished  *metrics.Metric // counter (data): payload bytes published
	MsgsReceived    *metrics.Metric // counter: messages delivered to handlers or next()
	BytesReceived   *metrics.Metric // counter (data): payload bytes received
	PublishErrors   *metrics.Metric // counter: failed publishes
	Requests        *metrics.Metric // counter: requests sent
	RequestDuration *metrics.Metric // trend (ms): request to reply
	RequestTimeouts *metrics.Metric // counter: requests without a reply in time
	Reconnects      *metrics.Metric // counter: reconnections
	Disconnects     *metrics.Metric // counter: lost connections
	SlowConsumers   *metrics.Metric // counter: slow-consumer events (messages dropped)
	E2ELatency      *metrics.Metric // trend (ms): publish to receive, from the timestamp header
	AccountingMetrics
	RateMetrics
	SampleMetrics
}

// RateMetrics are conn.publishRate's own metrics (publishrate*.go).
type RateMetrics struct {
	PublishDelay               *metrics.Metric // trend (ms): actual send time − intended send time
	MsgsOffered                *metrics.Metric // counter: messages the schedule offered (warm-up left out)
	MsgsMissed                 *metrics.Metric // counter: offered, never sent: the publisher fell behind
	JSPublishDurationCorrected *metrics.Metric // trend (ms): intended send time → PubAck
	RequestDurationCorrected   *metrics.Metric // trend (ms): intended send time → reply
}

// RegisterRateMetrics registers publishRate's metrics on r (idempotent).
func RegisterRateMetrics(r *metrics.Registry) RateMetrics {
	return RateMetrics{
		PublishDelay:               r.MustNew("nats_publish_delay", metrics.Trend, metrics.Time),
		MsgsOffered:                r.MustNew("nats_msgs_offered", metrics.Counter, metrics.Default),
		MsgsMissed:                 r.MustNew("nats_msgs_missed", metrics.Counter, metrics.Default),
		JSPublishDurationCorrected: r.MustNew("nats_js_publish_duration_corrected", metrics.Trend, metrics.Time),
		RequestDurationCorrected:   r.MustNew("nats_request_duration_corrected", metrics.Trend, metrics.Time),
	}
}

// RegisterMetrics registers the nats_* metrics on r. It is idempotent:
// every VU's module calls it and gets the same metrics.
func RegisterMetrics(r *metrics.Registry) *Metrics {
	return &Metrics{
		MsgsPublished:     r.MustNew("nats_msgs_published", metrics.Counter, metrics.Default),
		BytesPublished:    r.MustNew("nats_bytes_published", metrics.Counter, metrics.Data),
		MsgsReceived:      r.MustNew("nats_msgs_received", metrics.Counter, metrics.Default),
		BytesReceived:     r.MustNew("nats_bytes_received", metrics.Counter, metrics.Data),
		PublishErrors:     r.MustNew("nats_publish_errors", metrics.Counter, metrics.Default),
		Requests:          r.MustNew("nats_requests", metrics.Counter, metrics.Default),
		RequestDuration:   r.MustNew("nats_request_duration", metrics.Trend, metrics.Time),
		RequestTimeouts:   r.MustNew("nats_request_timeouts", metrics.Counter, metrics.Default),
		Reconnects:        r.MustNew("nats_reconnects", metrics.Counter, metrics.Default),
		Disconnects:       r.MustNew("nats_disconnects", metrics.Counter, metrics.Default),
		SlowConsumers:     r.MustNew("nats_slow_consumers", metrics.Counter, metrics.Default),
		E2ELatency:        r.MustNew("nats_e2e_latency", metrics.Trend, metrics.Time),
		AccountingMetrics: RegisterAccountingMetrics(r),
		RateMetrics:       RegisterRateMetrics(r),
		SampleMetrics:     RegisterSampleMetrics(r),
	}
}

// sentHeader carries the publish time (Unix ns) for nats_e2e_latency.
const sentHeader = "Natsk6-Sent-Ns"

// tagKey caches the tag set of a (VU tag set, subject) pair.
type tagKey struct {
	base    *metrics.TagSet
	subject string
}

// maxCachedTagSets bounds the subject tag cache; beyond it the cache
// restarts rather than growing with every subject a script invents.
const maxCachedTagSets = 4096

// tags returns the tag set for a sample about subject: the VU's tags,
// plus subject when the connection asked for it.
func (c *Connection) tags(subject string) *metrics.TagSet {
	base := c.host.Tags()
	if !c.opts.tagSubject {
		return base
	}
	key := tagKey{base, subject}
	if ts, ok := c.tagCache[key]; ok {
		return ts
	}
	if c.tagCache == nil || len(c.tagCache) >= maxCachedTagSets {
		c.tagCache = map[tagKey]*metrics.TagSet{}
	}
	ts := c.host.Registry.With(base, "subject", subject)
	c.tagCache[key] = ts
	return ts
}

// The record functions run on the VU goroutine only: the sink has no locks.
// With the connect option metrics: false they emit only the k6 built-ins
// data_sent and data_received.

// natsSink returns the sink for nats_* samples, nil when they are off.
func (c *Connection) natsSink() *metrics.Sink {
	if !c.opts.metrics {
		return nil
	}
	return c.host.Sink
}

func (c *Connection) recordPublished(subject string, msgs, bytes int) {
	sink := c.host.Sink
	if sink == nil {
		return
	}
	tags := c.tags(subject)
	sink.Add(c.host.Builtin.DataSent, tags, float64(bytes))
	if c.opts.metrics {
		sink.Add(c.m.MsgsPublished, tags, float64(msgs))
		sink.Add(c.m.BytesPublished, tags, float64(bytes))
	}
}

func (c *Connection) recordPublishError(subject string) {
	if sink := c.natsSink(); sink != nil {
		sink.Add(c.m.PublishErrors, c.tags(subject), 1)
	}
}

func (c *Connection) recordReceived(msg *nats.Msg) {
	run := receivedRun{c: c}
	run.add(msg)
	run.flush()
}

func (c *Connection) recordLatency(msg *nats.Msg, tags *metrics.TagSet) {
	if msg.Header == nil {
		return
	}
	sent, err := strconv.ParseInt(msg.Header.Get(sentHeader), 10, 64)
	if err != nil {
		return
	}
	c.host.Sink.Add(c.m.E2ELatency, tags, float64(time.Now().UnixNano()-sent)/float64(time.Millisecond))
}

// recordPayloadLatency records nats_e2e_latency from a send time (Unix
// ns, big-endian) in the payload's first 8 bytes; 0 there is a message
// sent unstamped (a publishRate warm-up's).
func (c *Connection) recordPayloadLatency(msg *nats.Msg) {
	if c.host.Sink == nil || !c.opts.metrics || len(msg.Data) < 8 {
		return
	}
	sent := int64(binary.BigEndian.Uint64(msg.Data))
	if sent == 0 {
		return
	}
	c.host.Sink.Add(c.m.E2ELatency, c.tags(msg.Subject), float64(time.Now().UnixNano()-sent)/float64(time.Millisecond))
}

// recordRequest records one request; reply is nil when it failed.
func (c *Connection) recordRequest(subject string, sent int, reply *nats.Msg, took time.Duration, timedOut bool) {
	sink := c.host.Sink
	if sink == nil {
		return
	}
	tags := c.tags(subject)
	sink.Add(c.host.Builtin.DataSent, tags, float64(sent))
	if reply != nil {
		sink.Add(c.host.Builtin.DataReceived, tags, float64(len(reply.Data)))
	}
	if !c.opts.metrics {
		return
	}
	sink.Add(c.m.Requests, tags, 1)
	if timedOut {
		sink.Add(c.m.RequestTimeouts, tags, 1)
	}
	if reply != nil {
		sink.Add(c.m.RequestDuration, tags, float64(took)/float64(time.Millisecond))
		c.recordLatency(reply, tags)
	}
}

// emitEvents emits the events nats.go goroutines counted since last time.
func (c *Connection) emitEvents() {
	sink := c.natsSink()
	if sink == nil {
		return
	}
	tags := c.host.Tags()
	for _, e := range []struct {
		n *atomic.Int64
		m *metrics.Metric
	}{
		{&c.reconnects, c.m.Reconnects},
		{&c.disconnects, c.m.Disconnects},
		{&c.slowConsumers, c.m.SlowConsumers},
		{&c.asyncPublishErrors, c.m.PublishErrors},
	} {
		if n := e.n.Swap(0); n > 0 {
			sink.Add(e.m, tags, float64(n))
		}
	}
}
