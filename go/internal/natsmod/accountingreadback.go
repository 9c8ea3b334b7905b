package natsmod

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/accounting"
)

// defaultReadBackTimeout bounds a read-back: a stream of a million
// messages reads back in seconds on loopback.
const defaultReadBackTimeout = 60 * time.Second

// ReadBackResult is what js.readBack(stream) read.
type ReadBackResult struct {
	Stream   string `json:"stream"`
	Messages uint64 `json:"messages"` // read, stamped or not
	Stamped  uint64 `json:"stamped"`  // fed to the accounting
	LastSeq  uint64 `json:"lastSeq"`  // the stream's last sequence when the read began
}

// ReadBackOptions bound a read-back.
type ReadBackOptions struct {
	Timeout time.Duration // 0: 60 s
}

// ReadBack reads stream from its first message to the last one stored
// when the call starts, through an ordered consumer, and feeds every
// stamped message to the run's accounting as the stream's view: from then
// on nats_msgs_lost counts the acknowledged messages the stream lacks,
// whoever consumed it.
func (j *JetStream) ReadBack(stream string, opts ReadBackOptions) (*ReadBackResult, error) {
	if err := checkStreamName(stream); err != nil {
		return nil, err
	}
	timeout := callTimeout(opts.Timeout, defaultReadBackTimeout)
	tracker := j.host.Accounting
	if tracker == nil {
		return nil, invalidConfig("js.readBack", "needs the natsk6 runner's message tracker")
	}
	ctx, cancel := context.WithTimeout(j.host.vuContext(), timeout)
	defer cancel()
	s, err := retryAPI(ctx, func(ctx context.Context) (jetstream.Stream, error) { return j.js.Stream(ctx, stream) })
	if err != nil {
		return nil, j.fail(CodeStreamInfoFailed, err, "js.readBack: stream %s", stream)
	}
	res := &ReadBackResult{Stream: stream, LastSeq: s.CachedInfo().State.LastSeq}
	tracker.ReadBack(stream)
	if s.CachedInfo().State.Msgs == 0 {
		return res, nil
	}
	oc, err := retryAPI(ctx, func(ctx context.Context) (jetstream.Consumer, error) {
		return s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{DeliverPolicy: jetstream.DeliverAllPolicy})
	})
	if err != nil {
		return nil, j.fail(CodeAddConsumerFailed, err, "js.readBack: ordered consumer on stream %s", stream)
	}
	iter, err := oc.Messages()
	if err != nil {
		return nil, j.fail(CodeFetchFailed, err, "js.readBack: read stream %s", stream)
	}
	defer iter.Stop()
	for {
		msg, err := iter.Next(jetstream.NextContext(ctx))
		if err != nil {
			return nil, j.fail(CodeFetchFailed, err, "js.readBack: stream %s after %d messages (up to sequence %d)", stream, res.Messages, res.LastSeq)
		}
		res.Messages++
		j.received(len(msg.Data()))
		if id, seq, ok := stampOf(msg.Headers()); ok {
			res.Stamped++
			tracker.Observe(accounting.Stream, id, seq)
		}
		md, err := msg.Metadata()
		if err != nil {
			return nil, j.fail(CodeFetchFailed, err, "js.readBack: metadata of a message of stream %s", stream)
		}
		if md.Sequence.Stream >= res.LastSeq {
			return res, nil
		}
	}
}

// apiAttempt bounds one JetStream API request of a read-back. A read-back
// runs right after failovers, when a request can go unanswered while the
// cluster elects a leader: waiting out the whole call on one such request
// (it happened in CI after a stream leader's restart) leaves no time to
// ask again.
const apiAttempt = 5 * time.Second

// apiRetryPause spaces the attempts when no server answers at once.
const apiRetryPause = 100 * time.Millisecond

// retryAPI calls call with a context of at most apiAttempt until it
// succeeds, fails for another reason than no answer in time or no
// responders, or ctx ends.
func retryAPI[T any](ctx context.Context, call func(context.Context) (T, error)) (T, error) {
	for {
		attempt, cancel := context.WithTimeout(ctx, apiAttempt)
		v, err := call(attempt)
		cancel()
		unanswered := errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout) || errors.Is(err, nats.ErrNoResponders)
		if err == nil || !unanswered || ctx.Err() != nil {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, err
		case <-time.After(apiRetryPause):
		}
	}
}
