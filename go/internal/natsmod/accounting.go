package natsmod

import (
	"strconv"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/accounting"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// stamper numbers the messages one connection publishes, with the
// connect option accounting: true: core publishes and JetStream ones as
// two producers, since only the second are judged against a stream
// read-back. Publishes run on the VU goroutine, so it needs no lock.
type stamper struct {
	tracker  *accounting.Tracker
	core, js producerSeq
}

// producerSeq is one producer's id (given on first use) and last sequence.
type producerSeq struct {
	id  string
	seq uint64
}

// newStamper returns the connection's stamper, nil without accounting.
func (m *Module) newStamper(o *connOptions) (*stamper, error) {
	if !o.accounting {
		return nil, nil
	}
	if m.host.Accounting == nil {
		return nil, invalidConfig("connect.accounting", "needs the natsk6 runner's message tracker")
	}
	return &stamper{tracker: m.host.Accounting}, nil
}

// sentStamp is the producer and sequence a publish was stamped with, so
// its outcome is settled without reading the headers back; the zero value
// for a publish without accounting.
type sentStamp struct {
	id  string
	seq uint64
}

// stampAccounting gives a core publish the next sequence of the
// connection's core producer and records it as sent.
func (c *Connection) stampAccounting(msg *nats.Msg) sentStamp {
	if c.stamper == nil {
		return sentStamp{}
	}
	return c.stamper.stamp(&c.stamper.core, false, msg)
}

// stampAccounting is the same for a JetStream publish.
func (j *JetStream) stampAccounting(msg *nats.Msg) sentStamp {
	s := j.conn.stamper
	if s == nil {
		return sentStamp{}
	}
	return s.stamp(&s.js, true, msg)
}

func (s *stamper) stamp(p *producerSeq, jetStream bool, msg *nats.Msg) sentStamp {
	if p.id == "" {
		p.id = s.tracker.NewProducerID(jetStream)
	}
	p.seq++
	if msg.Header == nil {
		msg.Header = make(nats.Header, 2)
	}
	msg.Header[accounting.ProducerHeader] = []string{p.id}
	msg.Header[accounting.SeqHeader] = []string{strconv.FormatUint(p.seq, 10)}
	s.tracker.Sent(p.id, p.seq)
	return sentStamp{p.id, p.seq}
}

// settleAccounting records the outcome of a stamped publish: without an
// error it was acknowledged; with one it stays unacknowledged (unknown).
// Safe on nats.go's goroutines (async acks).
func (c *Connection) settleAccounting(st sentStamp, err error) {
	if st.id == "" || err != nil {
		return
	}
	c.stamper.tracker.Acked(st.id, st.seq)
}

// observeAccounting feeds a received message's stamp to the tracker and
// counts a duplicate or out-of-order delivery at once (VU goroutine).
func (c *Connection) observeAccounting(h nats.Header) {
	if c.stamper == nil {
		return
	}
	id, seq, ok := stampOf(h)
	if !ok {
		return
	}
	o := c.stamper.tracker.Observe(accounting.Live, id, seq)
	sink := c.natsSink()
	switch {
	case sink == nil:
	case o == accounting.Duplicate:
		sink.Add(c.m.MsgsDuplicated, c.host.Tags(), 1)
	case o == accounting.OutOfOrder:
		sink.Add(c.m.MsgsOutOfOrder, c.host.Tags(), 1)
	}
}

// stampOf reads a message's producer and sequence; ok is false for a
// message without a valid stamp.
func stampOf(h nats.Header) (id string, seq uint64, ok bool) {
	if h == nil {
		return "", 0, false
	}
	id = h.Get(accounting.ProducerHeader)
	seq, err := strconv.ParseUint(h.Get(accounting.SeqHeader), 10, 64)
	return id, seq, id != "" && err == nil && seq > 0
}

// AccountingMetrics are the nats_msgs_* counters of message accounting.
// Duplicates and out-of-order deliveries count as they arrive; lost and
// unacked messages are known only at the end (EmitAccounting).
type AccountingMetrics struct {
	MsgsLost       *metrics.Metric // acknowledged, never delivered
	MsgsDuplicated *metrics.Metric // delivered again
	MsgsOutOfOrder *metrics.Metric // delivered after a later message of its producer
	MsgsUnacked    *metrics.Metric // sent without an acknowledgement: outcome unknown
}

// RegisterAccountingMetrics registers the accounting counters on r
// (idempotent).
func RegisterAccountingMetrics(r *metrics.Registry) AccountingMetrics {
	return AccountingMetrics{
		MsgsLost:       r.MustNew(accounting.LostMetric, metrics.Counter, metrics.Default),
		MsgsDuplicated: r.MustNew(accounting.DuplicatedMetric, metrics.Counter, metrics.Default),
		MsgsOutOfOrder: r.MustNew(accounting.OutOfOrderMetric, metrics.Counter, metrics.Default),
		MsgsUnacked:    r.MustNew(accounting.UnackedMetric, metrics.Counter, metrics.Default),
	}
}

// EmitAccounting adds the end-of-run lost and unacked counts to sink,
// and a zero to the other two counters so each has a sample for its
// thresholds even in a run where nothing went wrong.
func EmitAccounting(r *metrics.Registry, sink *metrics.Sink, tags *metrics.TagSet, rep accounting.Report) {
	m := RegisterAccountingMetrics(r)
	sink.Add(m.MsgsLost, tags, float64(rep.Lost))
	sink.Add(m.MsgsUnacked, tags, float64(rep.Unacked))
	sink.Add(m.MsgsDuplicated, tags, 0)
	sink.Add(m.MsgsOutOfOrder, tags, 0)
}
