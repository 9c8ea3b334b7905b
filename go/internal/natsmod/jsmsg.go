package natsmod

import (
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
	j.emit(j.m.MsgsFetched, 1)
	j.received(len(raw.Data()))
	j.conn.observeAccounting(raw.Headers())
	if md, err := raw.Metadata(); err == nil && md.NumDelivered > 1 {
		j.emit(j.m.Redeliveries, 1)
	}
	return &JSMsg{js: j, raw: raw}
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
