package natsmod

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// PubAck is the server's acknowledgement of a stored message.
type PubAck struct {
	Stream    string `json:"stream"`
	Seq       uint64 `json:"seq"`
	Duplicate bool   `json:"duplicate"`
	Domain    string `json:"domain"`
}

// JSPublishOptions are js.publish(subject, data, options)'s options.
type JSPublishOptions struct {
	Headers        nats.Header
	MsgID          string // deduplicates within the stream's duplicate window
	ExpectedStream string
	// ExpectedLastSeq and ExpectedLastSubjectSeq are nil for no
	// expectation; 0 expects nothing stored yet.
	ExpectedLastSeq        *uint64
	ExpectedLastSubjectSeq *uint64
	ExpectedLastMsgID      string
	TTL                    time.Duration // the message's own; the stream must allow it
	Timeout                time.Duration // 0: the JetStream context's
}

// jsPublishOptions are JSPublishOptions as nats.go takes them.
type jsPublishOptions struct {
	header  nats.Header
	opts    []jetstream.PublishOpt
	timeout time.Duration
}

// prepare converts o; without options it allocates nothing (the hot path).
func (o JSPublishOptions) prepare(defaultTimeout time.Duration) jsPublishOptions {
	p := jsPublishOptions{header: o.Headers, timeout: defaultTimeout}
	if o.Timeout > 0 {
		p.timeout = min(o.Timeout, maxCallTimeout)
	}
	if o.MsgID != "" {
		p.opts = append(p.opts, jetstream.WithMsgID(o.MsgID))
	}
	if o.ExpectedStream != "" {
		p.opts = append(p.opts, jetstream.WithExpectStream(o.ExpectedStream))
	}
	if o.ExpectedLastSeq != nil {
		p.opts = append(p.opts, jetstream.WithExpectLastSequence(*o.ExpectedLastSeq))
	}
	if o.ExpectedLastSubjectSeq != nil {
		p.opts = append(p.opts, jetstream.WithExpectLastSequencePerSubject(*o.ExpectedLastSubjectSeq))
	}
	if o.ExpectedLastMsgID != "" {
		p.opts = append(p.opts, jetstream.WithExpectLastMsgID(o.ExpectedLastMsgID))
	}
	if o.TTL > 0 {
		p.opts = append(p.opts, jetstream.WithMsgTTL(o.TTL))
	}
	return p
}

func (o jsPublishOptions) msg(subject string, data []byte) *nats.Msg {
	return &nats.Msg{Subject: subject, Data: data, Header: o.header}
}

// Publish stores one message and returns the server's PubAck.
func (j *JetStream) Publish(subject string, data []byte, opts JSPublishOptions) (*PubAck, error) {
	if subject == "" {
		return nil, newError(CodeEmptySubject, nil, "js.publish needs a subject")
	}
	o := opts.prepare(j.timeout)
	ctx, cancel := context.WithTimeout(j.host.vuContext(), o.timeout)
	defer cancel()
	start := time.Now()
	msg := o.msg(subject, data)
	if err := checkPublish(CodeJSPublishFailed, msg); err != nil {
		return nil, err
	}
	st := j.stampAccounting(msg)
	ack, err := j.js.PublishMsg(ctx, msg, o.opts...)
	j.conn.settleAccounting(st, err)
	j.sent(len(data), err)
	return j.published(subject, time.Since(start), ack, err, CodeJSPublishFailed)
}

// published records the outcome of one publish that took took (VU
// goroutine only). A publish the VU's context cut short records nothing.
func (j *JetStream) published(subject string, took time.Duration, ack *jetstream.PubAck, err error, code Code) (*PubAck, error) {
	if err != nil {
		if ierr := j.interrupted("publish to subject %s", subject); ierr != nil {
			return nil, ierr
		}
		e := j.failure(code, err, "subject %s", subject)
		if errors.Is(err, jetstream.ErrNoStreamResponse) || errors.Is(err, nats.ErrNoResponders) {
			e.Detail = "subject " + subject + ": no stream captures it"
		}
		j.emitTagged(j.m.PublishErrors, 1, "error_code", apiErrorCode(err, code))
		return nil, e
	}
	j.emit(j.m.PublishDuration, millis(took))
	if ack.Duplicate {
		j.emit(j.m.Duplicates, 1)
	} else {
		j.emit(j.m.MsgsPublished, 1)
	}
	return &PubAck{Stream: ack.Stream, Seq: ack.Sequence, Duplicate: ack.Duplicate, Domain: ack.Domain}, nil
}
