package natsmod

import (
	"context"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/eventloop"
)

// asyncPublish is one publishAsync awaiting its ack.
type asyncPublish struct {
	subject string
	start   time.Time
	epoch   uint64 // the iteration it belongs to; see abandonAsync
	done    func(*PubAck, error)
	bulk    *bulkPublish // set instead of done for publishAsyncBulk
	stamp   sentStamp    // message accounting's, settled with the ack
}

// asyncResult is an ack, or the failure that replaced it, on its way to
// the VU goroutine.
type asyncResult struct {
	asyncPublish
	took time.Duration // publish to ack, measured when the ack arrived
	ack  *jetstream.PubAck
	err  error
}

// asyncPublisher is a JetStream context's async publish state. nats.go
// reports every ack and failure to one handler (no future, channel or
// goroutine per message); results reach the VU in batches, one loop task
// settling every ack that arrived meanwhile.
type asyncPublisher struct {
	maxPending int

	mu       sync.Mutex
	awaiting map[*nats.Msg]asyncPublish
	room     chan struct{} // signalled when a full awaiting map loses one
	results  *eventloop.Batch[asyncResult]

	// VU goroutine only.
	epoch     uint64
	unsettled int      // published, result not yet handed to done
	release   func()   // holds the loop while unsettled > 0
	idle      []func() // PublishAsyncComplete waiters
}

// asyncHandlers prepares j for at most maxPending awaited acks and
// returns the context options that route nats.go's acks and failures to j.
func (j *JetStream) asyncHandlers(maxPending int) []jetstream.JetStreamOpt {
	j.async.maxPending = maxPending
	j.async.awaiting = map[*nats.Msg]asyncPublish{}
	j.async.room = make(chan struct{}, 1)
	j.async.results = eventloop.NewBatch(j.host.Loop, 0, j.settle)
	return []jetstream.JetStreamOpt{
		jetstream.WithPublishAsyncAckHandler(func(_ jetstream.JetStream, m *nats.Msg, ack *jetstream.PubAck) { j.acked(m, ack, nil) }),
		jetstream.WithPublishAsyncErrHandler(func(_ jetstream.JetStream, m *nats.Msg, err error) { j.acked(m, nil, err) }),
		jetstream.WithPublishAsyncMaxPending(maxPending),
	}
}

// PublishAsync sends one message without waiting for its ack; done runs
// on the VU's loop with the PubAck or the error once the ack (or its
// timeout) arrives. At most maxPending acks are awaited: beyond that the
// call waits for room, up to the publish timeout.
func (j *JetStream) PublishAsync(subject string, data []byte, opts JSPublishOptions, done func(*PubAck, error)) error {
	if subject == "" {
		return newError(CodeEmptySubject, nil, "js.publishAsync needs a subject")
	}
	o := opts.prepare(j.timeout)
	msg := o.msg(subject, data)
	if err := checkPublish(CodeJSPublishAsyncFailed, msg); err != nil {
		return err
	}
	st := j.stampAccounting(msg)
	start := time.Now()
	if err := j.awaitAck(j.host.vuContext(), msg, asyncPublish{subject: subject, start: start, epoch: j.async.epoch, done: done, stamp: st}, o.timeout); err != nil {
		_, perr := j.published(subject, time.Since(start), nil, err, CodeJSPublishAsyncFailed)
		return perr
	}
	// The stall wait is ours (awaitAck), so nats.go needs no per-message
	// options unless the script gave some.
	if _, err := j.js.PublishMsgAsync(msg, o.opts...); err != nil {
		j.forget(msg)
		_, perr := j.published(subject, time.Since(start), nil, err, CodeJSPublishAsyncFailed)
		return perr
	}
	j.sent(len(data), nil)
	j.holdAsync(1)
	return nil
}

// holdAsync counts n more sent messages whose results are awaited; they
// hold the loop until settled or abandoned. Not keyed on unsettled: a
// done callback settling the last result may publish again before settle
// releases the hold.
func (j *JetStream) holdAsync(n int) {
	if n == 0 {
		return
	}
	if j.async.release == nil {
		j.async.release = j.host.Loop.Hold(j.abandonAsync)
	}
	j.async.unsettled += n
}

// awaitAck registers msg before it is sent (its ack may beat
// PublishMsgAsync's return), waiting up to timeout, or until vu ends,
// while maxPending acks are awaited already.
func (j *JetStream) awaitAck(vu context.Context, msg *nats.Msg, p asyncPublish, timeout time.Duration) error {
	if j.async.tryAwait(msg, p) {
		return nil
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for !j.async.tryAwait(msg, p) {
		select {
		case <-j.async.room:
		case <-timer.C:
			return jetstream.ErrTooManyStalledMsgs
		case <-vu.Done():
			return interruption(vu, "wait for room to publish to subject %s", p.subject)
		}
	}
	return nil
}

// tryAwait registers msg unless maxPending acks are awaited already.
func (a *asyncPublisher) tryAwait(msg *nats.Msg, p asyncPublish) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.awaiting) >= a.maxPending {
		return false
	}
	a.awaiting[msg] = p
	return true
}

// forget drops a message that was never sent.
func (j *JetStream) forget(msg *nats.Msg) {
	j.async.mu.Lock()
	delete(j.async.awaiting, msg)
	j.async.mu.Unlock()
}

// acked runs on nats.go's goroutines (sometimes under its publisher
// lock): it only moves the result along.
func (j *JetStream) acked(msg *nats.Msg, ack *jetstream.PubAck, err error) {
	a := &j.async
	a.mu.Lock()
	p, ok := a.awaiting[msg]
	wasFull := len(a.awaiting) >= a.maxPending
	delete(a.awaiting, msg)
	a.mu.Unlock()
	if !ok {
		return
	}
	j.conn.settleAccounting(p.stamp, err)
	if wasFull {
		select {
		case a.room <- struct{}{}:
		default:
		}
	}
	a.results.Add(asyncResult{asyncPublish: p, took: time.Since(p.start), ack: ack, err: err}, nil)
}

// settle hands a batch of results to their callbacks (VU goroutine).
func (j *JetStream) settle(results []asyncResult) {
	a := &j.async
	for i := range results {
		r := &results[i]
		if r.epoch != a.epoch {
			continue // published by an abandoned iteration
		}
		a.unsettled--
		if r.bulk != nil {
			j.tallyBulk(r)
			continue
		}
		r.done(j.published(r.subject, r.took, r.ack, r.err, CodeJSPublishAsyncFailed))
	}
	if a.unsettled == 0 && a.release != nil {
		a.release()
		a.release = nil
		j.runIdle()
	}
}

// abandonAsync is the loop's onAbandon: the iteration was interrupted,
// so results still to come belong to nobody.
func (j *JetStream) abandonAsync() {
	a := &j.async
	a.epoch++
	a.unsettled = 0
	a.release = nil
	a.idle = nil
}

// PublishAsyncPending is the number of async publishes whose result has
// not reached the script yet.
func (j *JetStream) PublishAsyncPending() int { return j.async.unsettled }

// PublishAsyncComplete calls done on the VU's loop once every async
// publish has its result (at once if none is pending).
func (j *JetStream) PublishAsyncComplete(done func()) {
	deliver := j.host.Loop.Reserve()
	if j.async.unsettled == 0 {
		deliver(done)
		return
	}
	j.async.idle = append(j.async.idle, func() { deliver(done) })
}

func (j *JetStream) runIdle() {
	idle := j.async.idle
	j.async.idle = nil
	for _, fn := range idle {
		fn()
	}
}
