package omb

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/openloop"
)

// publishAckTimeout bounds the wait for a JetStream publish's ack.
const publishAckTimeout = 5 * time.Second

// rate is one producer's target in msgs/s, which the maximum-rate search
// changes while the producer runs.
type rate struct {
	bits atomic.Uint64
	gen  atomic.Int64 // bumped by set: the producer restarts its schedule
}

func (r *rate) set(perSecond float64) {
	r.bits.Store(math.Float64bits(perSecond))
	r.gen.Add(1)
}

func (r *rate) get() float64 { return math.Float64frombits(r.bits.Load()) }

// producer is an open-loop publisher on its own connection, on natsk6's
// open-loop schedule (openloop, as publishRate): message i is due at
// i/rate from the rate's start, whether or not the messages before it
// were sent on time; a late message goes at once and its lateness is the
// publish delay. Subjects are the topic's partitions, round robin.
type producer struct {
	nc       *nats.Conn
	js       jetstream.JetStream // nil in core mode
	subjects []string
	pool     [][]byte
	rate     *rate
	st       *stats
	inFlight chan struct{} // JetStream: one token per publish awaiting its ack
}

func newProducer(url string, w *Workload, subjects []string, pool [][]byte, r *rate, st *stats) (*producer, error) {
	nc, err := nats.Connect(url, nats.Name("natsk6 omb producer"))
	if err != nil {
		return nil, fmt.Errorf("producer: connect: %w", err)
	}
	p := &producer{nc: nc, subjects: subjects, pool: pool, rate: r, st: st}
	if w.NATS.Mode == ModeCore {
		return p, nil
	}
	p.inFlight = make(chan struct{}, w.maxInFlight())
	p.js, err = jetstream.New(nc,
		jetstream.WithPublishAsyncAckHandler(func(_ jetstream.JetStream, m *nats.Msg, _ *jetstream.PubAck) { p.settled(m, true) }),
		jetstream.WithPublishAsyncErrHandler(func(_ jetstream.JetStream, m *nats.Msg, _ error) { p.settled(m, false) }),
		// Above our own bound, so nats.go never stalls a publish itself.
		jetstream.WithPublishAsyncMaxPending(2*w.maxInFlight()),
		// A lost ack must not hold its in-flight slot forever: it fails
		// (a publish error) and frees it.
		jetstream.WithPublishAsyncTimeout(publishAckTimeout),
	)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("producer: JetStream: %w", err)
	}
	return p, nil
}

// run publishes until ctx ends; offset spreads producers over partitions.
func (p *producer) run(ctx context.Context, offset int) {
	pacer := openloop.NewPacer()
	defer pacer.Stop()
	gen := int64(-1)
	var sched *openloop.Schedule
	var start time.Time
	var i int64 // the message's index in the current rate's schedule
	for n := offset; ; n++ {
		if g := p.rate.gen.Load(); g != gen {
			// A new rate starts a new schedule: a backlog of due messages
			// from the old one is not the new rate's delay.
			gen, start, i = g, time.Now(), 0
			sched = openloop.Constant(p.rate.get())
		}
		due := start.Add(sched.At(i))
		if _, ok := pacer.Until(due, ctx.Done()); !ok {
			return
		}
		if !p.publish(ctx, p.subjects[n%len(p.subjects)], p.pool[n%len(p.pool)], due) {
			return
		}
		i++
	}
}

// publish sends one message due at due; false when ctx ended first.
func (p *producer) publish(ctx context.Context, subject string, payload []byte, due time.Time) bool {
	if p.js != nil {
		select {
		case p.inFlight <- struct{}{}:
		case <-ctx.Done():
			return false
		}
	}
	// A message of its own: nats.go keeps a JetStream one until its ack.
	data := make([]byte, len(payload))
	copy(data, payload)
	now := time.Now()
	stamp(data, now)
	p.st.publishDelay.record(now.Sub(due))
	var err error
	if p.js != nil {
		_, err = p.js.PublishMsgAsync(&nats.Msg{Subject: subject, Data: data})
		if err != nil {
			<-p.inFlight
		}
	} else {
		err = p.nc.Publish(subject, data)
		p.st.publishLatency.record(time.Since(now))
	}
	if err != nil {
		p.st.sendErrors.add(1)
		return true
	}
	if p.js == nil {
		p.count(len(data))
	}
	return true
}

// settled runs on nats.go's goroutine with a JetStream publish's outcome.
func (p *producer) settled(m *nats.Msg, acked bool) {
	<-p.inFlight
	if !acked {
		p.st.sendErrors.add(1)
		return
	}
	if sent, ok := stampedAt(m.Data); ok {
		p.st.publishLatency.record(time.Since(sent))
	}
	p.count(len(m.Data))
}

// count records one message sent: JetStream's once acked (stored), as
// OMB counts a send when its future completes.
func (p *producer) count(bytes int) {
	p.st.sent.add(1)
	p.st.bytesSent.add(int64(bytes))
}

// drain waits, at most until timeout, for the acks still awaited.
func (p *producer) drain(timeout time.Duration) {
	if p.js == nil {
		_ = p.nc.FlushTimeout(timeout)
		return
	}
	select {
	case <-p.js.PublishAsyncComplete():
	case <-time.After(timeout):
	}
}

func (p *producer) close() { p.nc.Close() }

// producers runs a set of producers and waits for them.
type producers struct {
	all []*producer
	wg  sync.WaitGroup
}

func (ps *producers) start(ctx context.Context) {
	for i, p := range ps.all {
		ps.wg.Add(1)
		go func() {
			defer ps.wg.Done()
			p.run(ctx, i)
		}()
	}
}

// stop waits for the publishers (ctx ended) and their outstanding acks.
func (ps *producers) stop(timeout time.Duration) {
	ps.wg.Wait()
	for _, p := range ps.all {
		p.drain(timeout)
	}
}

// close closes the connections once the publishers are gone (their
// context ended: Run's measure cancels it on every return).
func (ps *producers) close() {
	ps.wg.Wait()
	for _, p := range ps.all {
		p.close()
	}
}
