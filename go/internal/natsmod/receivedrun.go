package natsmod

import (
	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// receivedRun records the received metrics of a run of messages: the
// counters are summed while the tags stay the same and added to the
// sink once per run, so a batch of messages costs three sink.Add calls
// instead of three per message (the counters' totals are the same). The
// latency trend and accounting still see every message. VU goroutine only.
type receivedRun struct {
	c                *Connection
	payloadTimestamp bool // also the latency from the payload's send time
	tags             *metrics.TagSet
	msgs, bytes      int
}

// receivedRun starts a run of the subscription's received messages.
func (s *Subscription) receivedRun() receivedRun {
	return receivedRun{c: s.conn, payloadTimestamp: s.payloadTimestamp}
}

// add records msg; a message with other tags than the run's ends the run.
func (r *receivedRun) add(msg *nats.Msg) {
	c := r.c
	c.observeAccounting(msg.Header)
	if c.host.Sink == nil {
		return
	}
	tags := c.tags(msg.Subject)
	if tags != r.tags {
		r.flush()
		r.tags = tags
	}
	r.msgs++
	r.bytes += len(msg.Data)
	if c.opts.metrics {
		c.recordLatency(msg, tags)
	}
	if r.payloadTimestamp {
		c.recordPayloadLatency(msg)
	}
}

// flush adds the run's totals to the sink and starts a new run.
func (r *receivedRun) flush() {
	if r.msgs == 0 {
		return
	}
	c, n := r.c, float64(r.bytes)
	c.host.Sink.Add(c.host.Builtin.DataReceived, r.tags, n)
	if c.opts.metrics {
		c.host.Sink.Add(c.m.MsgsReceived, r.tags, float64(r.msgs))
		c.host.Sink.Add(c.m.BytesReceived, r.tags, n)
	}
	r.msgs, r.bytes = 0, 0
}
