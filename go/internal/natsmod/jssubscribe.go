package natsmod

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/eventloop"
)

// DefaultFetchTimeout is how long a fetch waits when the script gives 0.
const DefaultFetchTimeout = 5 * time.Second

// PullSubscription is a pull consumer a script fetches from: a durable,
// an ephemeral or an ordered consumer.
type PullSubscription struct {
	js       *JetStream
	consumer jetstream.Consumer
	stream   string
}

// Stream is the consumer's stream.
func (s *PullSubscription) Stream() string { return s.stream }

// Name is the consumer's name (generated for ephemeral and ordered ones).
func (s *PullSubscription) Name() string {
	if info := s.consumer.CachedInfo(); info != nil {
		return info.Name
	}
	return "(ordered, not created yet)"
}

// PullSubscribe binds to durable on stream, creating it (explicit acks,
// filtered on subject) when it does not exist yet. Without durable it
// creates an ephemeral consumer the server removes when unused.
func (j *JetStream) PullSubscribe(stream, subject, durable string) (*PullSubscription, error) {
	if err := checkStreamName(stream); err != nil {
		return nil, err
	}
	if err := validName(durable); err != nil {
		return nil, invalidConfig("durable", "%v", err)
	}
	ctx, cancel := j.ctx()
	defer cancel()
	if durable != "" {
		c, err := j.js.Consumer(ctx, stream, durable)
		if err == nil {
			return &PullSubscription{js: j, consumer: c, stream: stream}, nil
		}
		if !isNotFound(err) {
			return nil, j.fail(CodePullSubscribeFailed, err, "consumer %s on stream %s", durable, stream)
		}
	}
	cfg := jetstream.ConsumerConfig{Durable: durable, FilterSubject: subject, AckPolicy: jetstream.AckExplicitPolicy}
	c, err := j.js.CreateConsumer(ctx, stream, cfg)
	if err != nil {
		return nil, j.fail(CodePullSubscribeFailed, err, "consumer %s on stream %s for subject %s", consumerLabel(cfg), stream, subject)
	}
	return &PullSubscription{js: j, consumer: c, stream: stream}, nil
}

// Consumer binds to an existing pull consumer.
func (j *JetStream) Consumer(stream, name string) (*PullSubscription, error) {
	if err := checkNames(stream, name); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	c, err := j.js.Consumer(ctx, stream, name)
	if err != nil {
		return nil, j.fail(CodePullSubscribeFailed, err, "consumer %s on stream %s", name, stream)
	}
	return &PullSubscription{js: j, consumer: c, stream: stream}, nil
}

// OrderedConsumer creates an ordered consumer: no acks, in stream order,
// recreated by the client on gaps.
func (j *JetStream) OrderedConsumer(stream string, cfg jetstream.OrderedConsumerConfig) (*PullSubscription, error) {
	if err := checkStreamName(stream); err != nil {
		return nil, err
	}
	ctx, cancel := j.ctx()
	defer cancel()
	c, err := j.js.OrderedConsumer(ctx, stream, cfg)
	if err != nil {
		return nil, j.fail(CodePullSubscribeFailed, err, "ordered consumer on stream %s", stream)
	}
	return &PullSubscription{js: j, consumer: c, stream: stream}, nil
}

// PullMessages is the seed's js.pullMessages(sub, batchSize, timeoutMs).
func (j *JetStream) PullMessages(sub *PullSubscription, batch int, timeout time.Duration) ([]*JSMsg, error) {
	if sub == nil {
		return nil, newError(CodeNilSubscription, nil, "pullMessages needs the subscription pullSubscribe returned")
	}
	return sub.Fetch(batch, timeout)
}

// Fetch waits up to timeout (0: DefaultFetchTimeout) for at most batch
// messages; none in time is
// an empty list. A failure after some messages arrived returns those
// messages: the next fetch reports the failure again if it persists. The
// end of the VU's context ends the wait (ErrInterrupted); messages it
// delivered are left unacknowledged, for redelivery.
func (s *PullSubscription) Fetch(batch int, timeout time.Duration) ([]*JSMsg, error) {
	if batch <= 0 {
		return nil, invalidConfig("batchSize", "must be positive, got %d", batch)
	}
	timeout = callTimeout(timeout, DefaultFetchTimeout)
	// nats.go sets the pull request's expiry from ctx's deadline, a
	// little before it, so a fetch that times out ends with no messages,
	// not an error. That deadline is the fetch's own: the VU's context
	// (whose deadline, a scenario's hard stop, is no expiry of the
	// fetch's) ends it by cancelling ctx.
	vu := s.js.host.vuContext()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(vu), timeout)
	defer cancel()
	defer context.AfterFunc(vu, cancel)()
	start := time.Now()
	mb, err := s.consumer.Fetch(batch, jetstream.FetchContext(ctx))
	if err != nil {
		return nil, s.failed(err)
	}
	out := s.js.deliveredAll(mb.Messages(), batch)
	if ierr := s.js.interrupted("fetch from consumer %s on stream %s", s.Name(), s.stream); ierr != nil {
		return nil, ierr
	}
	s.js.emit(s.js.m.FetchDuration, millis(time.Since(start)))
	err = mb.Error()
	if errors.Is(err, context.DeadlineExceeded) {
		err = nil // the fetch's own timeout: no messages in time
	}
	if err != nil && len(out) == 0 {
		return nil, s.failed(err)
	}
	return out, nil
}

// Next waits up to timeout for one message; nil when none came.
func (s *PullSubscription) Next(timeout time.Duration) (*JSMsg, error) {
	msgs, err := s.Fetch(1, timeout)
	if err != nil || len(msgs) == 0 {
		return nil, err
	}
	return msgs[0], nil
}

func (s *PullSubscription) failed(err error) error {
	return s.js.fail(CodeFetchFailed, err, "consumer %s on stream %s", s.Name(), s.stream)
}

// Info reads the consumer's state and samples nats_js_consumer_pending.
func (s *PullSubscription) Info() (*ConsumerInfo, error) {
	return s.js.liveInfo(s.consumer, s.Name(), s.stream)
}

// ConsumeLoop is a running consume: messages reach the handler on the
// VU's loop until Stop, stopAfter messages, a handler error or the
// consumer going away; then done runs once.
type ConsumeLoop struct {
	js       *JetStream
	cc       jetstream.ConsumeContext
	release  func()
	done     func(count int, err error)
	count    int
	finished bool
}

// ConsumeOptions tune a consume loop; zero values are nats.go's defaults
// and no limit.
type ConsumeOptions struct {
	MaxMessages int           // buffered per pull request
	Expires     time.Duration // of each pull request
	StopAfter   int           // messages handled before the loop ends itself
}

// Consume starts a consume loop.
func (s *PullSubscription) Consume(opts ConsumeOptions, handle func(*JSMsg) error, done func(count int, err error)) (*ConsumeLoop, error) {
	var pullOpts []jetstream.PullConsumeOpt
	if opts.MaxMessages > 0 {
		pullOpts = append(pullOpts, jetstream.PullMaxMessages(opts.MaxMessages))
	}
	if opts.Expires > 0 {
		pullOpts = append(pullOpts, jetstream.PullExpiry(opts.Expires))
	}
	stopAfter := opts.StopAfter
	loop := s.js.host.Loop
	l := &ConsumeLoop{js: s.js, done: done}
	l.release = loop.Hold(func() { l.cc.Stop() })
	pullOpts = append(pullOpts, jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
		if terminalConsumeError(err) {
			loop.Enqueue(func() { l.finish(s.failed(err)) })
		}
	}))
	// Unbounded: the pull requests (maxMessages) bound what arrives, and
	// blocking nats.go's delivery would starve its heartbeat checks.
	inbox := eventloop.NewBatch(loop, 0, func(msgs []jetstream.Msg) {
		for _, raw := range msgs {
			if l.finished {
				return
			}
			l.count++
			if err := handle(s.js.delivered(raw)); err != nil {
				l.finish(err)
				return
			}
			if stopAfter > 0 && l.count >= stopAfter {
				l.finish(nil)
			}
		}
	})
	cc, err := s.consumer.Consume(func(raw jetstream.Msg) { inbox.Add(raw, nil) }, pullOpts...)
	if err != nil {
		l.release()
		return nil, s.failed(err)
	}
	l.cc = cc
	return l, nil
}

func terminalConsumeError(err error) bool {
	return isNotFound(err) || errors.Is(err, jetstream.ErrConsumerDeleted) || errors.Is(err, nats.ErrConnectionClosed)
}

// Stop ends the loop; done reports the messages handled so far.
func (l *ConsumeLoop) Stop() { l.finish(nil) }

// Count is the number of messages handled so far.
func (l *ConsumeLoop) Count() int { return l.count }

func (l *ConsumeLoop) finish(err error) {
	if l.finished {
		return
	}
	l.finished = true
	l.cc.Stop()
	l.done(l.count, err)
	l.release()
}

// PushSubscription delivers a push consumer's messages to a handler on
// the VU's loop, keeping the loop alive until Unsubscribe.
type PushSubscription struct {
	js       *JetStream
	consumer jetstream.PushConsumer
	cc       jetstream.ConsumeContext
	release  func()
	stream   string
	stopped  bool
}

// PushSubscribe binds to push consumer durable on stream, creating it
// (explicit acks, filtered on subject, delivering to a new inbox) when it
// does not exist. Without durable the consumer is ephemeral.
func (j *JetStream) PushSubscribe(stream, subject, durable string, handler func(*JSMsg)) (*PushSubscription, error) {
	if err := checkStreamName(stream); err != nil {
		return nil, err
	}
	if err := validName(durable); err != nil {
		return nil, invalidConfig("durable", "%v", err)
	}
	if handler == nil {
		return nil, invalidConfig("handler", "pushSubscribe needs a handler function")
	}
	ctx, cancel := j.ctx()
	defer cancel()
	var c jetstream.PushConsumer
	var err error = jetstream.ErrConsumerNotFound
	if durable != "" {
		c, err = j.js.PushConsumer(ctx, stream, durable)
	}
	if isNotFound(err) {
		cfg := jetstream.ConsumerConfig{
			Durable: durable, FilterSubject: subject, AckPolicy: jetstream.AckExplicitPolicy,
			DeliverSubject: j.conn.nc.NewInbox(),
		}
		c, err = j.js.CreatePushConsumer(ctx, stream, cfg)
	}
	if err != nil {
		return nil, j.fail(CodePushSubscribeFailed, err, "consumer %s on stream %s for subject %s", durable, stream, subject)
	}
	s := &PushSubscription{js: j, consumer: c, stream: stream}
	loop := j.host.Loop
	s.release = loop.Hold(func() { s.stop() })
	inbox := eventloop.NewBatch(loop, 0, func(msgs []jetstream.Msg) {
		for _, raw := range msgs {
			if s.stopped {
				return
			}
			handler(j.delivered(raw))
		}
	})
	s.cc, err = c.Consume(func(raw jetstream.Msg) { inbox.Add(raw, nil) })
	if err != nil {
		s.release()
		return nil, j.fail(CodePushSubscribeFailed, err, "consume consumer %s on stream %s", c.CachedInfo().Name, stream)
	}
	return s, nil
}

// Name is the consumer's name.
func (s *PushSubscription) Name() string { return s.consumer.CachedInfo().Name }

// Unsubscribe stops deliveries and lets the iteration end.
func (s *PushSubscription) Unsubscribe() {
	s.stop()
	s.release()
}

func (s *PushSubscription) stop() {
	if !s.stopped {
		s.stopped = true
		s.cc.Stop()
	}
}

// Info reads the consumer's state and samples nats_js_consumer_pending.
func (s *PushSubscription) Info() (*ConsumerInfo, error) {
	return s.js.liveInfo(s.consumer, s.Name(), s.stream)
}
