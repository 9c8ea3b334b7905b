package natsmod

import (
	"context"
	mrand "math/rand/v2"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/openloop"
	"github.com/pondigo/natsk6/go/internal/safely"
)

// rateSender sends one message of a publishRate run on connection k
// (round robin), due at intended, at now or later, and returns when it
// was sent and its payload's size. It may wait for room until deadline; then it returns
// errRateBehind.
type rateSender interface {
	send(k int, intended, now time.Time, measured bool, deadline time.Time) (sent time.Time, size int, err error)
	// finish waits for what was sent to complete (acks, a flush), at
	// most until the sender's timeout after the last send.
	finish()
	// close releases the sender's resources on the connections.
	close()
}

// rateRun is one publishRate call, run on its own goroutine; only emit
// and the delivery of the result touch the VU goroutine.
type rateRun struct {
	c      *Connection
	o      PublishRateOptions
	sched  *openloop.Schedule
	warmup int64 // messages before this index are the warm-up's
	vu     context.Context
	tags   *metrics.TagSet
	js     *JSMetrics // JetStream mode only
	conns  []*nats.Conn
	extra  []*nats.Conn // made for this run, closed at its end
	sender rateSender
	// producers number each connection's messages for message
	// accounting (one producer per connection, since only a connection
	// keeps order); publisher goroutine only.
	producers []producerSeq
	out       rateOutbox
	// seq and rng render the payload template (publisher goroutine only).
	seq      uint64
	rng      *mrand.ChaCha8
	start    time.Time
	lastSend time.Time
}

// PublishRate starts an open-loop publisher of o on its own goroutine
// and returns at once, or with the options' 1003 (1008: no subject;
// 1002: a closed connection). done runs on the VU's loop with the result;
// with an error only when extra connections or JetStream could not be
// set up. Samples reach the VU's sink in batches while it runs. The end
// of the VU's context stops it; done then gets ErrInterrupted (the
// binding leaves the iteration's Promise pending, as the iteration is over).
func (c *Connection) PublishRate(o PublishRateOptions, done func(*PublishRateResult, error)) error {
	sched, err := o.validate()
	if err != nil {
		return err
	}
	if c.nc.IsClosed() {
		return newError(CodeConnectionClosed, nil, "publishRate to subject %s", o.Subject)
	}
	if o.Timestamp == TimestampConnection {
		o.Timestamp = TimestampNone
		if c.opts.timestamp {
			o.Timestamp = TimestampHeader
		}
	}
	r := &rateRun{
		c: c, o: o, sched: sched, vu: c.host.vuContext(), tags: c.tags(o.Subject),
		warmup: openloop.MessagesBefore(sched.CountAt(o.Warmup)),
	}
	if o.Mode == PublishJetStream {
		r.js = RegisterJSMetrics(c.host.Registry)
	}
	if o.Template != nil {
		r.rng = newTemplateRand()
	}
	deliver := c.host.Loop.Reserve()
	go func() {
		res, err := safely.Call(r.run)
		deliver(func() {
			r.emit(r.out.take())
			done(res, err)
		})
	}()
	return nil
}

// run connects, publishes the schedule and waits for its completion.
func (r *rateRun) run() (*PublishRateResult, error) {
	defer r.closeExtra() // also those made before a failed or interrupted connect
	if err := r.connect(); err != nil {
		return nil, err
	}
	r.producers = make([]producerSeq, len(r.conns))
	sender, err := r.newSender()
	if err != nil {
		return nil, err
	}
	r.sender = sender
	defer sender.close()
	r.start = time.Now()
	r.publish()
	if ierr := interruption(r.vu, "publishRate to subject %s", r.o.Subject); ierr != nil {
		return nil, ierr
	}
	sender.finish()
	if ierr := interruption(r.vu, "publishRate to subject %s", r.o.Subject); ierr != nil {
		return nil, ierr
	}
	return r.result(), nil
}

// connect makes the extra connections with the connection's options.
func (r *rateRun) connect() error {
	r.conns = []*nats.Conn{r.c.nc}
	o := r.c.opts
	for len(r.conns) < r.o.Connections {
		natsOpts, err := o.natsOptions()
		if err != nil {
			return err
		}
		dialer := newConnectDialer(r.vu, o.dialTimeout())
		nc, err := nats.Connect(strings.Join(o.urls, ","), append(natsOpts, nats.SetCustomDialer(dialer))...)
		dialer.connected()
		if ierr := interruption(r.vu, "publishRate: connect to %s", o.redactedURLs()); ierr != nil {
			if nc != nil {
				nc.Close()
			}
			return ierr
		}
		if err != nil {
			return newError(CodeConnectionClosed, err, "publishRate: connection %d of %d to %s", len(r.conns)+1, r.o.Connections, o.redactedURLs())
		}
		r.conns = append(r.conns, nc)
		r.extra = append(r.extra, nc)
	}
	return nil
}

func (r *rateRun) closeExtra() {
	for _, nc := range r.extra {
		nc.Close()
	}
}

// publish sends the schedule's messages, each at its intended time or
// at once when it is late, until the schedule's end (plus a sleep's
// slack) or the end of the VU's context.
func (r *rateRun) publish() {
	pacer := openloop.NewPacer()
	defer pacer.Stop()
	end := r.start.Add(r.sched.Length() + rateEndSlack)
	n := len(r.conns)
	for i := int64(0); i < r.sched.Total(); i++ {
		intended := r.start.Add(r.sched.At(i))
		now, ok := pacer.Until(intended, r.vu.Done())
		if !ok {
			return
		}
		if now.After(end) {
			return // the rest is missed
		}
		k := int(i % int64(n))
		measured := i >= r.warmup
		sentAt, size, err := r.sender.send(k, intended, now, measured, end)
		if err == errRateBehind {
			return
		}
		r.lastSend = sentAt
		if r.out.sent(sentAt, sentAt.Sub(intended), measured, size, err) {
			r.shipNow()
		}
		if err != nil && r.conns[k].IsClosed() {
			return // every later send on it would fail the same way
		}
	}
}

// result computes the run's outcome from the outbox's totals.
func (r *rateRun) result() *PublishRateResult {
	t := r.out.totals()
	res := &PublishRateResult{
		Scheduled: r.sched.Total() - r.warmup,
		Sent:      t.sent,
		Completed: t.completed,
		Errors:    t.errors,
	}
	res.Missed = res.Scheduled - t.attempted
	// Rates over the measured schedule, as OMB counts a window's messages:
	// lateness within it shows in nats_publish_delay, not here.
	span := (r.sched.Length() - r.o.Warmup).Seconds()
	res.OfferedRate = float64(res.Scheduled) / span
	res.AchievedRate = float64(res.Sent) / span
	res.KeptUp = res.Missed == 0 && res.Errors == 0 && res.Completed == res.Sent
	r.out.missed(res.Missed)
	return res
}

// shipNow sends the samples collected so far to the VU's loop.
func (r *rateRun) shipNow() { r.out.ship(r.c.host.Loop, r.emit) }

// emit records a batch of samples (VU goroutine only).
func (r *rateRun) emit(s rateSamples) {
	sink := r.c.host.Sink
	if sink == nil {
		return
	}
	if s.wireBytes > 0 {
		sink.Add(r.c.host.Builtin.DataSent, r.tags, float64(s.wireBytes))
	}
	if s.replyBytes > 0 {
		sink.Add(r.c.host.Builtin.DataReceived, r.tags, float64(s.replyBytes))
	}
	if !r.c.opts.metrics {
		return
	}
	m := r.c.m
	for _, v := range s.delays {
		sink.Add(m.PublishDelay, r.tags, v)
	}
	addCount(sink, m.MsgsOffered, r.tags, s.offered)
	if s.final {
		// Even 0, so a threshold such as count==0 has a sample to judge.
		sink.Add(m.MsgsMissed, r.tags, float64(s.missed))
	}
	switch r.o.Mode {
	case PublishCore:
		addCount(sink, m.MsgsPublished, r.tags, s.sent)
		addCount(sink, m.BytesPublished, r.tags, s.sentBytes)
		addCount(sink, m.PublishErrors, r.tags, s.errors)
	case PublishRequest:
		addCount(sink, m.Requests, r.tags, s.sent)
		for _, v := range s.raw {
			sink.Add(m.RequestDuration, r.tags, v)
		}
		for _, v := range s.corrected {
			sink.Add(m.RequestDurationCorrected, r.tags, v)
		}
		addCount(sink, m.RequestTimeouts, r.tags, s.timeouts)
		addCount(sink, m.PublishErrors, r.tags, s.errors)
	case PublishJetStream:
		for _, v := range s.raw {
			sink.Add(r.js.PublishDuration, r.tags, v)
		}
		for _, v := range s.corrected {
			sink.Add(m.JSPublishDurationCorrected, r.tags, v)
		}
		addCount(sink, r.js.MsgsPublished, r.tags, s.acked)
		addCount(sink, r.js.Duplicates, r.tags, s.duplicates)
		for code, n := range s.errCodes {
			addCount(sink, r.js.PublishErrors, r.c.host.Registry.With(r.tags, "error_code", code), n)
		}
	}
}

// addCount adds a counter sample, none for 0.
func addCount(sink *metrics.Sink, m *metrics.Metric, tags *metrics.TagSet, n int64) {
	if n > 0 {
		sink.Add(m, tags, float64(n))
	}
}
