package natsmod

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// errRateBehind stops a run whose sender found no room for a message
// before the schedule's end (or whose VU's context ended meanwhile).
var errRateBehind = errors.New("publishRate: no room to send before the schedule's end")

func (r *rateRun) newSender() (rateSender, error) {
	switch r.o.Mode {
	case PublishJetStream:
		return newJSRateSender(r)
	case PublishRequest:
		return newRequestRateSender(r)
	}
	return newCoreRateSender(r), nil
}

// stampTime writes the send time into msg as ts asks. Warm-up messages
// go unstamped, so receivers leave them out of nats_e2e_latency too.
func stampTime(msg *nats.Msg, ts TimestampMode, now time.Time) {
	switch ts {
	case TimestampHeader:
		msg.Header.Set(sentHeader, strconv.FormatInt(now.UnixNano(), 10))
	case TimestampPayload:
		binary.BigEndian.PutUint64(msg.Data, uint64(now.UnixNano()))
	}
}

// newRateMsg is a message of the run, with its own header and payload
// when the timestamp goes there, and its own buffer for a template.
func (r *rateRun) newRateMsg() *nats.Msg {
	msg := &nats.Msg{Subject: r.o.Subject, Data: r.o.Payload}
	if r.c.stamper != nil {
		msg.Header = make(nats.Header, 3)
	}
	switch r.o.Timestamp {
	case TimestampHeader:
		if msg.Header == nil {
			msg.Header = make(nats.Header, 1)
		}
	case TimestampPayload:
		// Zeros until stamped: receivers skip a warm-up's message then.
		msg.Data = bytes.Clone(r.o.Payload)
		clear(msg.Data[:8])
	}
	if r.o.Template != nil {
		msg.Data = make([]byte, 0, r.o.Template.MaxLen())
	}
	return msg
}

// render writes the next message's payload from the template into
// msg's buffer, which keeps its capacity from one message to the next.
func (r *rateRun) render(msg *nats.Msg, now time.Time) {
	if t := r.o.Template; t != nil {
		r.seq++
		msg.Data = t.Render(msg.Data[:0], r.seq, now, r.rng)
	}
}

// stampAccounting numbers msg as the next message of connection k's
// producer, when the run's connection keeps message accounting.
func (r *rateRun) stampAccounting(k int, msg *nats.Msg) sentStamp {
	if r.c.stamper == nil {
		return sentStamp{}
	}
	return r.c.stamper.stamp(&r.producers[k], r.o.Mode == PublishJetStream, msg)
}

// coreRateSender publishes with core NATS. Its messages are reused:
// nats.go copies a core publish into its write buffer before returning.
type coreRateSender struct {
	r       *rateRun
	msgs    []*nats.Msg // one per connection
	sentPer []int64     // measured messages sent, per connection
}

func newCoreRateSender(r *rateRun) *coreRateSender {
	s := &coreRateSender{r: r, sentPer: make([]int64, len(r.conns))}
	for range r.conns {
		s.msgs = append(s.msgs, r.newRateMsg())
	}
	return s
}

func (s *coreRateSender) send(k int, _, now time.Time, measured bool, _ time.Time) (time.Time, int, error) {
	msg, nc := s.msgs[k], s.r.conns[k]
	s.r.render(msg, now)
	if measured {
		stampTime(msg, s.r.o.Timestamp, now)
	}
	st := s.r.stampAccounting(k, msg)
	var err error
	if msg.Header != nil {
		err = nc.PublishMsg(msg)
	} else {
		err = nc.Publish(msg.Subject, msg.Data)
	}
	s.r.c.settleAccounting(st, err)
	if err == nil && measured {
		s.sentPer[k]++
	}
	return now, len(msg.Data), err
}

// finish flushes every connection: what a flush confirms, the server
// has read.
func (s *coreRateSender) finish() {
	for k, nc := range s.r.conns {
		ctx, cancel := context.WithTimeout(s.r.vu, s.r.o.Timeout)
		err := nc.FlushWithContext(ctx)
		cancel()
		s.r.out.completed(s.sentPer[k], err)
	}
}

func (s *coreRateSender) close() {}

// jsRateSender publishes asynchronously to JetStream through one context
// per connection, with at most MaxInFlight acks awaited over all of them.
type jsRateSender struct {
	r  *rateRun
	js []jetstream.JetStream
	w  *rateWindow[*nats.Msg]
}

func newJSRateSender(r *rateRun) (*jsRateSender, error) {
	s := &jsRateSender{r: r, w: newRateWindow[*nats.Msg](r.o.MaxInFlight, r.vu)}
	for _, nc := range r.conns {
		js, err := jetstream.New(nc,
			jetstream.WithPublishAsyncAckHandler(func(_ jetstream.JetStream, m *nats.Msg, ack *jetstream.PubAck) { s.settled(m, ack, nil) }),
			jetstream.WithPublishAsyncErrHandler(func(_ jetstream.JetStream, m *nats.Msg, err error) { s.settled(m, nil, err) }),
			jetstream.WithPublishAsyncMaxPending(r.o.MaxInFlight),
			jetstream.WithPublishAsyncTimeout(r.o.Timeout),
		)
		if err != nil {
			s.close()
			return nil, newError(CodeJetStreamUnavailable, err, "publishRate: JetStream context")
		}
		s.js = append(s.js, js)
	}
	return s, nil
}

// send waits for room until deadline, then publishes a message of its
// own (nats.go keeps it for retries).
func (s *jsRateSender) send(k int, intended, now time.Time, measured bool, deadline time.Time) (time.Time, int, error) {
	if waited, ok := s.w.awaitRoom(deadline); !ok {
		return time.Time{}, 0, errRateBehind
	} else if waited {
		now = time.Now()
	}
	msg := s.r.newRateMsg()
	s.r.render(msg, now)
	if measured {
		stampTime(msg, s.r.o.Timestamp, now)
	}
	st := s.r.stampAccounting(k, msg)
	s.w.add(msg, rateInFlight{intended: intended, sent: now, measured: measured, stamp: st})
	if _, err := s.js[k].PublishMsgAsync(msg); err != nil {
		s.w.forget(msg)
		return now, len(msg.Data), err
	}
	return now, len(msg.Data), nil
}

// settled runs on nats.go's goroutines with an ack or its failure.
func (s *jsRateSender) settled(msg *nats.Msg, ack *jetstream.PubAck, err error) {
	now := time.Now()
	f, ok := s.w.take(msg)
	if !ok {
		return // given up on by finish
	}
	s.r.c.settleAccounting(f.stamp, err)
	if f.measured {
		s.r.out.acked(now.Sub(f.sent), now.Sub(f.intended), ack != nil && ack.Duplicate, err)
	}
	s.w.done()
}

// finish waits for every ack, shipping samples meanwhile, for at most
// the ack timeout (and a second of slack) after the last send; acks
// still missing then count as failed.
func (s *jsRateSender) finish() {
	if !s.w.wait(s.r.lastSend.Add(s.r.o.Timeout+time.Second), s.r.shipNow) {
		return
	}
	lost := s.w.expire(time.Time{})
	for _, f := range lost {
		if f.measured {
			s.r.out.acked(0, 0, false, jetstream.ErrAsyncPublishTimeout)
		}
	}
	s.w.release(len(lost))
}

// close drops the contexts' reply subscriptions from the connections
// (the script's own connection outlives the run).
func (s *jsRateSender) close() {
	for _, js := range s.js {
		js.CleanupPublisher()
	}
}
