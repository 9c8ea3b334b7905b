package natsmod

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/optread"
)

// PubAck is the server's acknowledgement of a stored message.
type PubAck struct {
	Stream    string `json:"stream"`
	Seq       uint64 `json:"seq"`
	Duplicate bool   `json:"duplicate"`
	Domain    string `json:"domain"`
}

// jsPublishOptions are the options of js.publish(subject, data, options).
type jsPublishOptions struct {
	header  nats.Header
	opts    []jetstream.PublishOpt
	timeout time.Duration
}

func parseJSPublishOptions(m map[string]any, defaultTimeout time.Duration) (jsPublishOptions, error) {
	o := jsPublishOptions{timeout: defaultTimeout}
	if len(m) == 0 {
		return o, nil // the hot path: no reader, no allocation
	}
	r := optread.New("js.publish", m)
	if id := r.Text("msgId"); id != "" {
		o.opts = append(o.opts, jetstream.WithMsgID(id))
	}
	if stream := r.Text("expectedStream"); stream != "" {
		o.opts = append(o.opts, jetstream.WithExpectStream(stream))
	}
	// Sequences may be 0 ("expect nothing stored yet"), so presence counts.
	if r.Has("expectedLastSeq") {
		o.opts = append(o.opts, jetstream.WithExpectLastSequence(uint64(r.Int("expectedLastSeq", 0, math.MaxInt64))))
	}
	if r.Has("expectedLastSubjectSeq") {
		o.opts = append(o.opts, jetstream.WithExpectLastSequencePerSubject(uint64(r.Int("expectedLastSubjectSeq", 0, math.MaxInt64))))
	}
	if id := r.Text("expectedLastMsgId"); id != "" {
		o.opts = append(o.opts, jetstream.WithExpectLastMsgID(id))
	}
	if ttl := r.Duration("ttl"); ttl > 0 {
		o.opts = append(o.opts, jetstream.WithMsgTTL(ttl))
	}
	o.header = nats.Header(r.Headers("headers"))
	if timeout := r.Duration("timeout"); timeout > 0 {
		o.timeout = timeout
	}
	return o, ConfigError(r.Done())
}

func (o jsPublishOptions) msg(subject string, data []byte) *nats.Msg {
	return &nats.Msg{Subject: subject, Data: data, Header: o.header}
}

// Publish stores one message and returns the server's PubAck.
func (j *JetStream) Publish(subject string, data []byte, opts map[string]any) (*PubAck, error) {
	if subject == "" {
		return nil, newError(CodeEmptySubject, nil, "js.publish needs a subject")
	}
	o, err := parseJSPublishOptions(opts, j.timeout)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(j.host.vuContext(), o.timeout)
	defer cancel()
	start := time.Now()
	msg := o.msg(subject, data)
	j.stampAccounting(msg)
	ack, err := j.js.PublishMsg(ctx, msg, o.opts...)
	j.conn.settleAccounting(msg, err)
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
