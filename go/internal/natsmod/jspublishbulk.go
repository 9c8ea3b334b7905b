package natsmod

import (
	"errors"
	"maps"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// AsyncBulkResult is what js.publishAsyncBulk resolves with.
type AsyncBulkResult struct {
	Acked      int    `json:"acked"`      // stored
	Failed     int    `json:"failed"`     // not stored: a failed ack, or never sent
	Duplicates int    `json:"duplicates"` // acked as a duplicate (msgId), not stored again
	FirstSeq   uint64 `json:"firstSeq"`   // lowest stream sequence stored, 0 if none
	LastSeq    uint64 `json:"lastSeq"`    // highest stream sequence stored, 0 if none
}

// bulkPublish tallies one publishAsyncBulk's results (VU goroutine only).
type bulkPublish struct {
	subject   string
	count     int
	result    AsyncBulkResult
	unsettled int            // sent, result not yet tallied
	firstErr  error          // the first failure, for a rejection
	errCodes  map[string]int // failures by error_code tag
	done      func(*AsyncBulkResult, error)
}

// PublishAsyncBulk sends count copies of data to subject through the
// async publish machinery (at most maxPending acks awaited, every ack
// checked), for throughput tests. done runs on the VU's loop once every
// result is in: with the tally, or with an error when nothing was stored.
// Metrics are emitted once per kind with the totals, except
// nats_js_publish_duration, which gets one sample per ack. Sending stops
// at the first message that cannot be sent (closed connection, no room
// for its ack within the timeout): it and the rest count as failed. The
// end of the VU's context stops it too (ErrInterrupted): the rest are
// not sent, and nothing counts them.
func (j *JetStream) PublishAsyncBulk(subject string, data []byte, count int, opts JSPublishOptions, done func(*AsyncBulkResult, error)) error {
	if subject == "" {
		return newError(CodeEmptySubject, nil, "js.publishAsyncBulk needs a subject")
	}
	if count <= 0 {
		return invalidConfig("count", "must be a positive number")
	}
	o := opts.prepare(j.timeout)
	if err := checkPublish(CodeJSPublishAsyncFailed, o.msg(subject, nil)); err != nil {
		return err
	}
	var err error
	b := &bulkPublish{subject: subject, count: count, done: done}
	p := asyncPublish{subject: subject, epoch: j.async.epoch, bulk: b}
	vu := j.host.vuContext()
	var interrupted error
	sent := 0
	for ; sent < count; sent++ {
		if sent%interruptedEvery == 0 {
			if interrupted = interruption(vu, "js.publishAsyncBulk to subject %s after %d of %d messages", subject, sent, count); interrupted != nil {
				break
			}
		}
		msg := o.msg(subject, data)
		// nats.go may resend a message from a timer (no responders yet),
		// reading its headers while the next message's are written.
		msg.Header = maps.Clone(msg.Header)
		p.stamp = j.stampAccounting(msg)
		p.start = time.Now()
		if err = j.awaitAck(vu, msg, p, o.timeout); err == nil {
			if _, err = j.js.PublishMsgAsync(msg, o.opts...); err != nil {
				j.forget(msg)
			}
		}
		if IsInterrupted(err) {
			interrupted = err
			break
		}
		if err != nil {
			if j.conn.nc.IsClosed() {
				// nats.go does not always wrap ErrConnectionClosed.
				err = nats.ErrConnectionClosed
			}
			b.failed(err, count-sent)
			break
		}
	}
	j.sent(sent*len(data), nil)
	if interrupted != nil {
		// What was sent still holds the loop until its acks or the
		// abandon of the iteration (which drops their results).
		j.holdAsync(sent)
		b.unsettled = sent
		return interrupted
	}
	if sent == 0 {
		deliver := j.host.Loop.Reserve()
		deliver(func() { j.finishBulk(b) })
		return nil
	}
	j.holdAsync(sent)
	b.unsettled = sent
	return nil
}

// failed counts n messages that were not stored because of err.
func (b *bulkPublish) failed(err error, n int) {
	if b.firstErr == nil {
		b.firstErr = err
	}
	if b.errCodes == nil {
		b.errCodes = map[string]int{}
	}
	b.errCodes[apiErrorCode(err, CodeJSPublishAsyncFailed)] += n
	b.result.Failed += n
}

// tallyBulk adds one result to its bulk and finishes the bulk with its
// last result.
func (j *JetStream) tallyBulk(r *asyncResult) {
	b := r.bulk
	switch {
	case r.err != nil:
		b.failed(r.err, 1)
	case r.ack.Duplicate:
		b.result.Duplicates++
		j.emit(j.m.PublishDuration, millis(r.took))
	default:
		b.result.Acked++
		if seq := r.ack.Sequence; b.result.FirstSeq == 0 || seq < b.result.FirstSeq {
			b.result.FirstSeq = seq
		}
		b.result.LastSeq = max(b.result.LastSeq, r.ack.Sequence)
		j.emit(j.m.PublishDuration, millis(r.took))
	}
	if b.unsettled--; b.unsettled == 0 {
		j.finishBulk(b)
	}
}

// finishBulk emits the bulk's totals and hands its outcome to done.
func (j *JetStream) finishBulk(b *bulkPublish) {
	if b.result.Acked > 0 {
		j.emit(j.m.MsgsPublished, float64(b.result.Acked))
	}
	if b.result.Duplicates > 0 {
		j.emit(j.m.Duplicates, float64(b.result.Duplicates))
	}
	for code, n := range b.errCodes {
		j.emitTagged(j.m.PublishErrors, float64(n), "error_code", code)
	}
	if b.result.Acked+b.result.Duplicates > 0 {
		b.done(&b.result, nil)
		return
	}
	e := j.failure(CodeJSPublishAsyncFailed, b.firstErr, "js.publishAsyncBulk to subject %s: none of %d stored", b.subject, b.count)
	if errors.Is(b.firstErr, jetstream.ErrNoStreamResponse) || errors.Is(b.firstErr, nats.ErrNoResponders) {
		e.Detail = "subject " + b.subject + ": no stream captures it"
	}
	b.done(nil, e)
}
