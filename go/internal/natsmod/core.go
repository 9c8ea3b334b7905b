package natsmod

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/eventloop"
)

// Per-subscription bounds. maxInFlight bounds the messages handed to the
// VU's loop and not yet handled; beyond it nats.go's pending queue fills,
// and at its limits nats.go drops messages and reports a slow consumer.
const (
	maxInFlight     = 1024
	subPendingMsgs  = 65536
	subPendingBytes = 64 << 20
)

// Msg is a received message (or a request's reply).
type Msg struct {
	raw  *nats.Msg
	conn *Connection
}

// Subject is the subject the message was published to.
func (m *Msg) Subject() string { return m.raw.Subject }

// Reply is the reply subject, empty when none.
func (m *Msg) Reply() string { return m.raw.Reply }

// Data is the payload, byte-exact.
func (m *Msg) Data() []byte { return m.raw.Data }

// Headers maps header names to their values; nil when there are none.
func (m *Msg) Headers() map[string][]string { return m.raw.Header }

// Respond publishes data to the message's reply subject.
func (m *Msg) Respond(data []byte) error {
	if m.raw.Reply == "" {
		return newError(CodePublishFailed, nil, "respond to a message on %q: it has no reply subject", m.raw.Subject)
	}
	return m.conn.publish(&nats.Msg{Subject: m.raw.Reply, Data: data}, false)
}

// Publish publishes data to subject, with headers and a reply subject
// if opts has them.
func (c *Connection) Publish(subject string, data []byte, opts PublishOptions) error {
	msg := &nats.Msg{Subject: subject, Data: data, Header: opts.Headers, Reply: opts.Reply}
	return c.publish(msg, c.opts.timestamp || opts.Timestamp)
}

func (c *Connection) publish(msg *nats.Msg, timestamp bool) error {
	if msg.Subject == "" {
		return newError(CodeEmptySubject, nil, "publish")
	}
	if err := c.checkPlainPublish(msg); err != nil {
		return err
	}
	if timestamp {
		stamp(msg)
	}
	st := c.stampAccounting(msg)
	var err error
	if msg.Header == nil && msg.Reply == "" {
		err = c.nc.Publish(msg.Subject, msg.Data)
	} else {
		err = c.nc.PublishMsg(msg)
	}
	c.settleAccounting(st, err)
	if err != nil {
		c.recordPublishError(msg.Subject)
		return c.fail(CodePublishFailed, err, "publish to %q", msg.Subject)
	}
	c.recordPublished(msg.Subject, 1, len(msg.Data))
	return nil
}

func stamp(msg *nats.Msg) {
	if msg.Header == nil {
		msg.Header = make(nats.Header, 1)
	}
	msg.Header.Set(sentHeader, strconv.FormatInt(time.Now().UnixNano(), 10))
}

// PublishBulk publishes count copies of data to subject in one call, for
// throughput tests, and returns how many were published. Metrics are
// emitted once with the totals. The end of the VU's context stops it
// between messages (ErrInterrupted; what was sent still counts).
func (c *Connection) PublishBulk(subject string, data []byte, count int) (int, error) {
	if subject == "" {
		return 0, newError(CodeEmptySubject, nil, "publishBulk")
	}
	if err := checkPublish(CodePublishFailed, &nats.Msg{Subject: subject}); err != nil {
		return 0, err
	}
	if count <= 0 {
		return 0, invalidConfig("count", "must be a positive number")
	}
	vu := c.host.vuContext()
	var err error
	sent := 0
	var msg *nats.Msg
	if c.opts.timestamp || c.stamper != nil {
		msg = &nats.Msg{Subject: subject, Data: data}
	}
	for sent < count && err == nil {
		// Chunks between looks at vu keep the hot loop free of them.
		chunk := min(count-sent, interruptedEvery)
		if msg != nil {
			for ; chunk > 0 && err == nil; chunk-- {
				if c.opts.timestamp {
					stamp(msg)
				}
				st := c.stampAccounting(msg)
				err = c.nc.PublishMsg(msg)
				c.settleAccounting(st, err)
				if err == nil {
					sent++
				}
			}
		} else {
			for ; chunk > 0 && err == nil; chunk-- {
				if err = c.nc.Publish(subject, data); err == nil {
					sent++
				}
			}
		}
		if err == nil && sent < count {
			err = interruption(vu, "publishBulk to %q after %d of %d messages", subject, sent, count)
		}
	}
	if err != nil && !IsInterrupted(err) {
		c.recordPublishError(subject)
	}
	if sent > 0 {
		c.recordPublished(subject, sent, sent*len(data))
	}
	switch {
	case err == nil:
		return sent, nil
	case IsInterrupted(err):
		return sent, err
	}
	return sent, c.fail(CodePublishFailed, err, "publishBulk to %q after %d of %d messages", subject, sent, count)
}

// Request publishes data to subject and waits up to opts.Timeout for a
// reply, or until the VU's context ends (ErrInterrupted). Call it on the
// VU goroutine; RequestDetached is for other goroutines.
func (c *Connection) Request(subject string, data []byte, opts RequestOptions) (*Msg, error) {
	return c.request(c.host.vuContext(), subject, data, opts, false)
}

// RequestDetached returns Request as work for a goroutine other than the
// VU's (the work of a Promise). Call it on the VU goroutine: the work
// ends with the context of the iteration that started it, and its
// metrics are emitted through the VU's loop.
func (c *Connection) RequestDetached(subject string, data []byte, opts RequestOptions) func() (*Msg, error) {
	vu := c.host.vuContext()
	return func() (*Msg, error) { return c.request(vu, subject, data, opts, true) }
}

func (c *Connection) request(vu context.Context, subject string, data []byte, opts RequestOptions, detached bool) (*Msg, error) {
	if subject == "" {
		return nil, newError(CodeEmptySubject, nil, "request")
	}
	timeout := callTimeout(opts.Timeout, DefaultRequestTimeout)
	msg := &nats.Msg{Subject: subject, Data: data, Header: opts.Headers}
	if err := checkPublish(CodeRequestFailed, msg); err != nil {
		return nil, err
	}
	if c.opts.timestamp || opts.Timestamp {
		stamp(msg)
	}
	ctx, cancel := context.WithTimeout(vu, timeout)
	defer cancel()
	start := time.Now()
	reply, err := c.nc.RequestMsgWithContext(ctx, msg)
	took := time.Since(start)
	if err != nil {
		if ierr := interruption(vu, "request on %q", subject); ierr != nil {
			return nil, ierr // cut short: neither a reply nor a timeout to record
		}
	}
	timedOut := errors.Is(err, context.DeadlineExceeded)
	record := func() { c.recordRequest(subject, len(data), reply, took, timedOut) }
	if detached {
		c.host.Loop.Enqueue(record)
	} else {
		record()
	}
	switch {
	case err == nil:
		return &Msg{raw: reply, conn: c}, nil
	case timedOut:
		return nil, newError(CodeTimeout, err, "request on %q: no reply within %v", subject, timeout)
	case errors.Is(err, nats.ErrNoResponders):
		return nil, newError(CodeRequestFailed, err, "request on %q", subject)
	}
	return nil, c.fail(CodeRequestFailed, err, "request on %q", subject)
}

// Subscription is a subscription with a handler (its messages reach the
// handler on the VU goroutine) or without one (read with Next).
type Subscription struct {
	conn           *Connection
	ns             *nats.Subscription
	subject, queue string
	handle         func(msgs []*nats.Msg) // nil without a handler
	views          []Msg                  // SubscribeBatch's reused batch
	inBatch        bool                   // VU goroutine only: views in use

	inbox      *eventloop.Batch[*nats.Msg] // received, not yet handled
	done       chan struct{}               // closed when the subscription ends
	finishOnce sync.Once
	release    func()
	stopped    bool // VU goroutine only: drop messages still queued
	// payloadTimestamp: the payloads carry their send time (received).
	payloadTimestamp bool
}

// Subject is the subscribed subject.
func (s *Subscription) Subject() string { return s.subject }

// Queue is the queue group, empty when none.
func (s *Subscription) Queue() string { return s.queue }

// Subscribe subscribes to subject, in queue group queue unless it is
// empty. With a handler, each message is handled on the VU goroutine and
// the subscription keeps the iteration running until it is unsubscribed,
// drained or its connection closed. Without one, read messages with Next.
func (c *Connection) Subscribe(subject, queue string, handler func(*Msg), opts SubscribeOptions) (*Subscription, error) {
	var handle func(*Subscription) func([]*nats.Msg)
	if handler != nil {
		handle = func(s *Subscription) func([]*nats.Msg) {
			return func(msgs []*nats.Msg) { s.handleEach(msgs, handler) }
		}
	}
	return c.subscribe(subject, queue, handle, opts)
}

// SubscribeBatch is Subscribe with a handler that receives every message
// that arrived since its previous call (up to maxInFlight) in one call:
// one call per turn of the VU's loop instead of one per message. The
// slice and its Msgs are reused: they are valid only during the call.
func (c *Connection) SubscribeBatch(subject, queue string, handler func([]Msg), opts SubscribeOptions) (*Subscription, error) {
	if handler == nil {
		return nil, invalidConfig("handler", "a batch subscription needs a handler")
	}
	return c.subscribe(subject, queue, func(s *Subscription) func([]*nats.Msg) {
		return func(msgs []*nats.Msg) { s.handleBatch(msgs, handler) }
	}, opts)
}

// subscribe subscribes with the handling that newHandle builds for the
// subscription (nil: no handler, read with Next).
func (c *Connection) subscribe(subject, queue string, newHandle func(*Subscription) func([]*nats.Msg), opts SubscribeOptions) (*Subscription, error) {
	if subject == "" {
		return nil, newError(CodeEmptySubject, nil, "subscribe")
	}
	if err := checkSubscribe(subject, queue); err != nil {
		return nil, err
	}
	var err error
	s := &Subscription{conn: c, subject: subject, queue: queue, done: make(chan struct{}), payloadTimestamp: opts.PayloadTimestamp}
	if newHandle == nil {
		s.ns, err = c.nc.QueueSubscribeSync(subject, queue)
	} else {
		s.handle = newHandle(s)
		s.inbox = eventloop.NewBatch(c.host.Loop, maxInFlight, s.handleBatchOf)
		s.ns, err = c.nc.QueueSubscribe(subject, queue, s.deliver)
	}
	if err != nil {
		return nil, c.fail(CodeSubscribeFailed, err, "subscribe to %q", subject)
	}
	if err := s.ns.SetPendingLimits(pendingLimit(opts.PendingMsgs, subPendingMsgs), pendingLimit(opts.PendingBytes, subPendingBytes)); err != nil {
		_ = s.ns.Unsubscribe()
		return nil, c.fail(CodeSubscribeFailed, err, "subscribe to %q", subject)
	}
	if s.handle != nil {
		s.release = c.host.Loop.Hold(s.abandon)
		if !c.track(s) {
			s.finish()
			return nil, newError(CodeConnectionClosed, nil, "subscribe to %q", subject)
		}
		go s.awaitClose(s.ns.StatusChanged(nats.SubscriptionClosed))
	}
	return s, nil
}

// pendingLimit is one of nats.go's pending limits, which bound the
// messages it queues for a subscription: beyond them it drops messages
// and reports a slow consumer. 0 gives def; negative is unlimited.
func pendingLimit(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

// deliver runs on the subscription's nats.go goroutine. While
// maxInFlight messages wait for the VU, it waits too, leaving further
// messages in nats.go's pending queue, where its slow-consumer detection
// sees them.
func (s *Subscription) deliver(msg *nats.Msg) {
	s.inbox.Add(msg, s.done)
}

// handleBatchOf runs on the VU goroutine for each batch the inbox hands
// over; messages still queued after an unsubscribe are dropped.
func (s *Subscription) handleBatchOf(msgs []*nats.Msg) {
	if !s.stopped {
		s.handle(msgs)
	}
}

// handleEach calls handler once per message. The received metrics are
// summed over the batch (see receivedRun): only handled messages count.
// The batch's Msgs share one allocation; the handler may keep them.
func (s *Subscription) handleEach(msgs []*nats.Msg, handler func(*Msg)) {
	run := s.receivedRun()
	defer run.flush()
	slab := make([]Msg, len(msgs))
	for i, msg := range msgs {
		if s.stopped {
			return
		}
		run.add(msg)
		slab[i] = Msg{raw: msg, conn: s.conn}
		handler(&slab[i])
	}
}

// handleBatch calls handler once with the whole batch, in a reused slice.
// A handler that runs the loop (sleep) may be called again before it
// returns: that nested call gets a slice of its own.
func (s *Subscription) handleBatch(msgs []*nats.Msg, handler func([]Msg)) {
	run := s.receivedRun()
	nested := s.inBatch
	views := s.views[:0]
	if nested {
		views = make([]Msg, 0, len(msgs))
	}
	for _, msg := range msgs {
		run.add(msg)
		views = append(views, Msg{raw: msg, conn: s.conn})
	}
	run.flush()
	if nested {
		handler(views)
		return
	}
	s.inBatch, s.views = true, views
	handler(views)
	s.inBatch = false
	clear(views) // let the handled messages be collected
}

// awaitClose finishes the subscription when nats.go closes it (after an
// unsubscribe or a completed drain).
func (s *Subscription) awaitClose(status <-chan nats.SubStatus) {
	for range status {
	}
	s.finish()
}

// finish ends a handler subscription: it stops holding the loop. Safe
// from any goroutine, idempotent.
func (s *Subscription) finish() {
	s.finishOnce.Do(func() {
		close(s.done)
		if s.release != nil {
			s.release()
		}
		s.conn.untrack(s)
	})
}

// abandon is the loop's onAbandon: the iteration was interrupted.
func (s *Subscription) abandon() {
	s.stopped = true
	_ = s.ns.Unsubscribe()
	s.finish()
}

// Next waits up to timeout (0: DefaultNextTimeout) for the next message
// of a subscription without handler, or until the VU's context ends
// (ErrInterrupted). Call it on the VU goroutine; NextDetached is for
// other goroutines.
func (s *Subscription) Next(timeout time.Duration) (*Msg, error) {
	return s.next(s.conn.host.vuContext(), timeout, false)
}

// NextDetached returns Next as work for a goroutine other than the VU's
// (the work of a Promise). Call it on the VU goroutine: the work ends
// with the context of the iteration that started it, and its metrics are
// emitted through the VU's loop.
func (s *Subscription) NextDetached(timeout time.Duration) func() (*Msg, error) {
	vu := s.conn.host.vuContext()
	return func() (*Msg, error) { return s.next(vu, timeout, true) }
}

func (s *Subscription) next(vu context.Context, timeout time.Duration, detached bool) (*Msg, error) {
	if s.handle != nil {
		return nil, newError(CodeSubscribeFailed, nil, "next() on %q: the subscription has a handler", s.subject)
	}
	timeout = callTimeout(timeout, DefaultNextTimeout)
	ctx, cancel := context.WithTimeout(vu, timeout)
	defer cancel()
	for {
		msg, err := s.ns.NextMsgWithContext(ctx)
		if err != nil {
			if ierr := interruption(vu, "next() on %q", s.subject); ierr != nil {
				return nil, ierr
			}
		}
		switch {
		case err == nil:
			if detached {
				s.conn.host.Loop.Enqueue(func() { s.received(msg) })
			} else {
				s.received(msg)
			}
			return &Msg{raw: msg, conn: s.conn}, nil
		case errors.Is(err, nats.ErrSlowConsumer):
			continue // counted by the connection's error handler; read on
		case errors.Is(err, context.DeadlineExceeded):
			return nil, newError(CodeTimeout, err, "next() on %q: no message within %v", s.subject, timeout)
		}
		return nil, s.conn.fail(CodeSubscribeFailed, err, "next() on %q", s.subject)
	}
}

// Unsubscribe ends the subscription; messages not yet handled are dropped.
func (s *Subscription) Unsubscribe() error {
	s.stopped = true
	err := s.ns.Unsubscribe()
	if s.handle != nil {
		s.finish()
	}
	if err != nil {
		return s.conn.fail(CodeSubscribeFailed, err, "unsubscribe from %q", s.subject)
	}
	return nil
}

// Drain stops new deliveries and ends the subscription once the messages
// already received are handled. It returns at once.
func (s *Subscription) Drain() error {
	if err := s.ns.Drain(); err != nil {
		return s.conn.fail(CodeDrainFailed, err, "drain subscription on %q", s.subject)
	}
	return nil
}
