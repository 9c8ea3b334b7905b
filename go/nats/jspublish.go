package nats

import (
	"context"
	"errors"
	"math"
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

// jsPublishOptions are the options of js.publish(subject, data, options).
type jsPublishOptions struct {
	header  nats.Header
	opts    []jetstream.PublishOpt
	timeout time.Duration
}

func parseJSPublishOptions(m map[string]any, defaultTimeout time.Duration) (jsPublishOptions, error) {
	r := newOptionReader("js.publish", m)
	var o jsPublishOptions
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
	o.header = r.Headers("headers")
	o.timeout = r.Duration("timeout")
	if o.timeout == 0 {
		o.timeout = defaultTimeout
	}
	return o, r.Done()
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
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	start := time.Now()
	ack, err := j.js.PublishMsg(ctx, o.msg(subject, data), o.opts...)
	j.sent(len(data), err)
	return j.published(subject, start, ack, err, CodeJSPublishFailed)
}

// published records the outcome of one publish (VU goroutine only).
func (j *JetStream) published(subject string, start time.Time, ack *jetstream.PubAck, err error, code Code) (*PubAck, error) {
	if err != nil {
		e := j.fail(code, err, "subject %s", subject)
		if errors.Is(err, jetstream.ErrNoStreamResponse) || errors.Is(err, nats.ErrNoResponders) {
			e.Detail = "subject " + subject + ": no stream captures it"
		}
		j.emitTagged(j.m.PublishErrors, 1, "error_code", apiErrorCode(err, code))
		return nil, e
	}
	j.emit(j.m.PublishDuration, millis(time.Since(start)))
	if ack.Duplicate {
		j.emit(j.m.Duplicates, 1)
	} else {
		j.emit(j.m.MsgsPublished, 1)
	}
	return &PubAck{Stream: ack.Stream, Seq: ack.Sequence, Duplicate: ack.Duplicate, Domain: ack.Domain}, nil
}

// PublishAsync sends one message without waiting for its ack; done runs
// on the VU's loop with the PubAck or the error once the ack (or its
// timeout) arrives. At most maxPending acks are in flight: beyond that
// the call waits for room, up to the publish timeout.
func (j *JetStream) PublishAsync(subject string, data []byte, opts map[string]any, done func(*PubAck, error)) error {
	if subject == "" {
		return newError(CodeEmptySubject, nil, "js.publishAsync needs a subject")
	}
	o, err := parseJSPublishOptions(opts, j.timeout)
	if err != nil {
		return err
	}
	start := time.Now()
	// Back-pressure: wait for room in flight up to the timeout, not 200ms.
	future, err := j.js.PublishMsgAsync(o.msg(subject, data), append(o.opts, jetstream.WithStallWait(o.timeout))...)
	if err != nil {
		_, perr := j.published(subject, start, nil, err, CodeJSPublishAsyncFailed)
		return perr
	}
	j.sent(len(data), nil)
	j.pending.Add(1)
	deliver := j.host.Loop.Reserve()
	go func() {
		var ack *jetstream.PubAck
		var ackErr error
		select {
		case ack = <-future.Ok():
		case ackErr = <-future.Err():
		}
		// Counted here, not in the callback, so an abandoned loop that
		// drops the callback cannot leave the count stuck.
		left := j.pending.Add(-1)
		deliver(func() {
			result, err := j.published(subject, start, ack, ackErr, CodeJSPublishAsyncFailed)
			done(result, err)
			if left == 0 {
				j.runIdle()
			}
		})
	}()
	return nil
}

// PublishAsyncPending is the number of async publishes awaiting an ack.
func (j *JetStream) PublishAsyncPending() int { return int(j.pending.Load()) }

// PublishAsyncComplete calls done on the VU's loop once no async publish
// awaits its ack (at once if none does).
func (j *JetStream) PublishAsyncComplete(done func()) {
	deliver := j.host.Loop.Reserve()
	if j.pending.Load() == 0 {
		deliver(done)
		return
	}
	j.idle = append(j.idle, func() { deliver(done) })
}

func (j *JetStream) runIdle() {
	idle := j.idle
	j.idle = nil
	for _, fn := range idle {
		fn()
	}
}
