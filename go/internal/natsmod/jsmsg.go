package natsmod

import (
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// JSMsg is a message delivered by a JetStream consumer. Its methods run on
// the VU goroutine.
type JSMsg struct {
	js  *JetStream
	raw jetstream.Msg
}

// MsgMetadata is where a consumer message sits in its stream and consumer.
type MsgMetadata struct {
	Stream       string    `json:"stream"`
	Consumer     string    `json:"consumer"`
	StreamSeq    uint64    `json:"streamSeq"`
	ConsumerSeq  uint64    `json:"consumerSeq"`
	NumDelivered uint64    `json:"numDelivered"`
	NumPending   uint64    `json:"numPending"`
	Timestamp    time.Time `json:"timestamp"`
	Domain       string    `json:"domain"`
}

// delivered records one message a consumer delivered (VU goroutine only).
func (j *JetStream) delivered(raw jetstream.Msg) *JSMsg {
	run := deliveredRun{j: j}
	m := &JSMsg{js: j, raw: raw}
	run.add(raw)
	run.flush()
	return m
}

// deliveredAll records the messages of one fetch, counted once for the
// batch (deliveredRun). Their JSMsgs share one allocation.
func (j *JetStream) deliveredAll(msgs <-chan jetstream.Msg, capacity int) []*JSMsg {
	run := deliveredRun{j: j}
	slab := make([]JSMsg, 0, capacity)
	for raw := range msgs {
		run.add(raw)
		slab = append(slab, JSMsg{js: j, raw: raw})
	}
	run.flush()
	out := make([]*JSMsg, len(slab))
	for i := range slab {
		out[i] = &slab[i]
	}
	return out
}

// deliveredRun sums the delivery counters (nats_js_msgs_fetched,
// data_received, nats_js_redeliveries) of a run of messages, to add them
// to the sink once; accounting sees every message. VU goroutine only.
type deliveredRun struct {
	j                         *JetStream
	msgs, bytes, redeliveries int
}

func (r *deliveredRun) add(raw jetstream.Msg) {
	r.msgs++
	r.bytes += len(raw.Data())
	r.j.conn.observeAccounting(raw.Headers())
	if redelivered(raw.Reply()) {
		r.redeliveries++
	}
}

// redelivered reports whether a JetStream ack subject says its message
// was delivered more than once. It reads the <delivered> token in place:
// Metadata parses and allocates every field, 6% of a fetch loop's CPU.
// Both layouts nats.go accepts:
//
//	$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<tm>.<pending>
//	$JS.ACK.<domain>.<account hash>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<tm>.<pending>[.<token>]
func redelivered(reply string) bool {
	rest, isAck := strings.CutPrefix(reply, "$JS.ACK.")
	if !isAck {
		return false
	}
	var skip int // tokens before <delivered>
	switch strings.Count(rest, ".") + 3 {
	case 9:
		skip = 2
	case 11, 12:
		skip = 4
	default:
		return false
	}
	for range skip {
		_, rest, _ = strings.Cut(rest, ".")
	}
	delivered, _, _ := strings.Cut(rest, ".")
	n, err := strconv.ParseUint(delivered, 10, 64)
	return err == nil && n > 1
}

func (r *deliveredRun) flush() {
	if r.msgs == 0 {
		return
	}
	r.j.emit(r.j.m.MsgsFetched, float64(r.msgs))
	r.j.received(r.bytes)
	if r.redeliveries > 0 {
		r.j.emit(r.j.m.Redeliveries, float64(r.redeliveries))
	}
	*r = deliveredRun{j: r.j}
}

// Subject is the subject the message was published to.
func (m *JSMsg) Subject() string { return m.raw.Subject() }

// Reply is the ack subject.
func (m *JSMsg) Reply() string { return m.raw.Reply() }

// Data is the payload.
func (m *JSMsg) Data() []byte { return m.raw.Data() }

// Headers are the message headers (nil without headers).
func (m *JSMsg) Headers() map[string][]string { return m.raw.Headers() }

// Metadata parses the message's position from its ack subject.
func (m *JSMsg) Metadata() (*MsgMetadata, error) {
	md, err := m.raw.Metadata()
	if err != nil {
		return nil, newError(CodeFetchFailed, err, "metadata of a message on subject %s", m.raw.Subject())
	}
	return &MsgMetadata{
		Stream: md.Stream, Consumer: md.Consumer, StreamSeq: md.Sequence.Stream, ConsumerSeq: md.Sequence.Consumer,
		NumDelivered: md.NumDelivered, NumPending: md.NumPending, Timestamp: md.Timestamp, Domain: md.Domain,
	}, nil
}

// ackFailed names the message whose acknowledgement failed.
func (m *JSMsg) ackFailed(op string, err error) error {
	if md, mdErr := m.raw.Metadata(); mdErr == nil {
		return m.js.fail(CodeFetchFailed, err, "%s message %d of stream %s (consumer %s)", op, md.Sequence.Stream, md.Stream, md.Consumer)
	}
	return m.js.fail(CodeFetchFailed, err, "%s message on subject %s", op, m.raw.Subject())
}

// Ack acknowledges the message without waiting for the server.
func (m *JSMsg) Ack() error {
	if err := m.raw.Ack(); err != nil {
		return m.ackFailed("ack", err)
	}
	m.js.emit(m.js.m.Acks, 1)
	return nil
}

// AckAll acknowledges msgs as Ack does each, in one call: the fast way to
// ack a fetched batch. nats_js_acks gets one sample per run of messages
// of the same JetStream context. It stops at the first failure and
// returns how many it acknowledged before it.
func AckAll(msgs []*JSMsg) (int, error) {
	acked, run := 0, 0
	var js *JetStream
	count := func() {
		if run > 0 {
			js.emit(js.m.Acks, float64(run))
		}
		run = 0
	}
	defer count()
	for _, m := range msgs {
		if m.js != js {
			count()
			js = m.js
		}
		if err := m.raw.Ack(); err != nil {
			return acked, m.ackFailed("ackAll", err)
		}
		acked++
		run++
	}
	return acked, nil
}

// AckSync acknowledges the message and waits for the server to confirm.
func (m *JSMsg) AckSync() error {
	ctx, cancel := m.js.ctx()
	defer cancel()
	if err := m.raw.DoubleAck(ctx); err != nil {
		return m.ackFailed("ackSync", err)
	}
	m.js.emit(m.js.m.Acks, 1)
	return nil
}

// Nak asks for redelivery, after delay if positive.
func (m *JSMsg) Nak(delay time.Duration) error {
	var err error
	if delay > 0 {
		err = m.raw.NakWithDelay(delay)
	} else {
		err = m.raw.Nak()
	}
	if err != nil {
		return m.ackFailed("nak", err)
	}
	m.js.emit(m.js.m.Naks, 1)
	return nil
}

// Term stops redelivery of the message; it counts as an acknowledgement.
func (m *JSMsg) Term() error {
	if err := m.raw.Term(); err != nil {
		return m.ackFailed("term", err)
	}
	m.js.emit(m.js.m.Acks, 1)
	return nil
}

// InProgress resets the ack wait timer.
func (m *JSMsg) InProgress() error {
	if err := m.raw.InProgress(); err != nil {
		return m.ackFailed("inProgress", err)
	}
	return nil
}
