package natsmod

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// sampleStream records a stream's messages and bytes.
func (r *sampling) sampleStream(ctx context.Context, p *livePlan, name string) {
	ctx, cancel := context.WithTimeout(ctx, p.callTimeout())
	defer cancel()
	info, err := p.streamInfo(ctx, name)
	if err != nil {
		r.warn("stream "+name, err)
		return
	}
	r.gauge(r.m.StreamMsgs, float64(info.State.Msgs), "stream", name)
	r.gauge(r.m.StreamBytes, float64(info.State.Bytes), "stream", name)
}

// streamInfo reads a stream's state: the lookup the first time, which
// returns it, then one info call per sample.
func (p *livePlan) streamInfo(ctx context.Context, name string) (*jetstream.StreamInfo, error) {
	if s, ok := p.streamHandles[name]; ok {
		return s.Info(ctx)
	}
	s, err := p.js.Stream(ctx, name)
	if err != nil {
		return nil, err
	}
	p.streamHandles[name] = s
	return s.CachedInfo(), nil
}

// sampleConsumer records a consumer's lag and how long it has been idle.
func (r *sampling) sampleConsumer(ctx context.Context, p *livePlan, ref ConsumerRef) {
	ctx, cancel := context.WithTimeout(ctx, p.callTimeout())
	defer cancel()
	info, err := p.consumerInfo(ctx, ref)
	if err != nil {
		r.warn("consumer "+ref.Name+" on stream "+ref.Stream, err)
		return
	}
	tags := []string{"stream", ref.Stream, "consumer", ref.Name}
	r.gauge(r.m.ConsumerNumPending, float64(info.NumPending), tags...)
	r.gauge(r.m.ConsumerNumAckPending, float64(info.NumAckPending), tags...)
	r.gauge(r.m.ConsumerNumRedelivered, float64(info.NumRedelivered), tags...)
	r.gauge(r.m.ConsumerNumWaiting, float64(info.NumWaiting), tags...)
	r.gauge(r.m.ConsumerIdle, float64(consumerIdle(info))/float64(time.Millisecond), tags...)
}

// consumerIdle is how long ago, by the server's clock (no skew), the
// consumer last delivered a message or had one acked; since its creation
// when it never did.
func consumerIdle(info *jetstream.ConsumerInfo) time.Duration {
	last := info.Created
	for _, t := range []*time.Time{info.Delivered.Last, info.AckFloor.Last} {
		if t != nil && t.After(last) {
			last = *t
		}
	}
	now := info.TimeStamp
	if now.IsZero() {
		now = time.Now()
	}
	return max(now.Sub(last), 0)
}

// consumerInfo reads a consumer's state, pull or push: the lookup the
// first time, then one info call per sample.
func (p *livePlan) consumerInfo(ctx context.Context, ref ConsumerRef) (*jetstream.ConsumerInfo, error) {
	if c, ok := p.consumerHandles[ref]; ok {
		return c.Info(ctx)
	}
	c, info, err := lookupConsumer(ctx, p.js, ref.Stream, ref.Name)
	if err != nil {
		return nil, err
	}
	p.consumerHandles[ref] = c
	return info, nil
}

// lookupConsumer finds a pull or push consumer and returns it with the
// state the lookup read.
func lookupConsumer(ctx context.Context, js jetstream.JetStream, stream, name string) (infoReader, *jetstream.ConsumerInfo, error) {
	c, err := js.Consumer(ctx, stream, name)
	if err == nil {
		return c, c.CachedInfo(), nil
	}
	if !errors.Is(err, jetstream.ErrNotPullConsumer) {
		return nil, nil, err
	}
	pc, err := js.PushConsumer(ctx, stream, name)
	if err != nil {
		return nil, nil, err
	}
	return pc, pc.CachedInfo(), nil
}
