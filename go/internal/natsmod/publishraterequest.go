package natsmod

import (
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
)

// The server answers a request nobody subscribes to with an empty
// message whose Status header is 503 (nats.go's own check is unexported).
const (
	statusHeader       = "Status"
	noRespondersStatus = "503"
)

// requestRateSender sends requests with core NATS, at most MaxInFlight
// awaiting their reply over all connections. Each connection has one
// wildcard inbox subscription; a request's reply subject is that inbox
// plus a token numbering it, which its reply names.
type requestRateSender struct {
	r        *rateRun
	w        *rateWindow[uint64]
	msgs     []*nats.Msg // one per connection: a core publish is copied
	inboxes  []string    // per connection: "<inbox>.", the tokens' prefix
	subs     []*nats.Subscription
	next     uint64 // publisher goroutine only
	stopped  chan struct{}
	expiring chan struct{} // closed when expireLoop returned
}

func newRequestRateSender(r *rateRun) (*requestRateSender, error) {
	s := &requestRateSender{
		r: r, w: newRateWindow[uint64](r.o.MaxInFlight, r.vu),
		stopped: make(chan struct{}), expiring: make(chan struct{}),
	}
	for _, nc := range r.conns {
		inbox := nc.NewInbox() + "."
		sub, err := nc.Subscribe(inbox+"*", func(m *nats.Msg) { s.replied(inbox, m) })
		if err == nil {
			// Replies are bounded by MaxInFlight already.
			err = sub.SetPendingLimits(-1, -1)
		}
		if err != nil {
			s.unsubscribe()
			return nil, newError(CodeRequestFailed, err, "publishRate: reply subscription")
		}
		s.subs = append(s.subs, sub)
		s.inboxes = append(s.inboxes, inbox)
		s.msgs = append(s.msgs, r.newRateMsg())
	}
	go s.expireLoop()
	return s, nil
}

// send waits for room until deadline, then publishes the request.
func (s *requestRateSender) send(k int, intended, now time.Time, measured bool, deadline time.Time) (time.Time, int, error) {
	if waited, ok := s.w.awaitRoom(deadline); !ok {
		return time.Time{}, 0, errRateBehind
	} else if waited {
		now = time.Now()
	}
	msg, nc := s.msgs[k], s.r.conns[k]
	s.r.render(msg, now)
	if measured {
		stampTime(msg, s.r.o.Timestamp, now)
	}
	token := s.next
	s.next++
	msg.Reply = s.inboxes[k] + strconv.FormatUint(token, 10)
	st := s.r.stampAccounting(k, msg)
	s.w.add(token, rateInFlight{intended: intended, sent: now, measured: measured})
	var err error
	if msg.Header != nil {
		err = nc.PublishMsg(msg)
	} else {
		err = nc.PublishRequest(msg.Subject, msg.Reply, msg.Data)
	}
	s.r.c.settleAccounting(st, err)
	if err != nil {
		s.w.forget(token)
	}
	return now, len(msg.Data), err
}

// replied runs on the inbox subscription's goroutine with a reply.
func (s *requestRateSender) replied(inbox string, m *nats.Msg) {
	now := time.Now()
	token, err := strconv.ParseUint(m.Subject[len(inbox):], 10, 64)
	if err != nil {
		return // not a reply to one of ours
	}
	f, ok := s.w.take(token)
	if !ok {
		return // timed out already
	}
	if f.measured {
		var failed error
		if len(m.Data) == 0 && m.Header.Get(statusHeader) == noRespondersStatus {
			failed = nats.ErrNoResponders
		}
		s.r.out.replied(now.Sub(f.sent), now.Sub(f.intended), len(m.Data), failed)
	}
	s.w.done()
}

// expireLoop times out requests whose reply is later than Timeout, so
// a lost reply frees its room while the run goes on.
func (s *requestRateSender) expireLoop() {
	defer close(s.expiring)
	tick := time.NewTicker(min(max(s.r.o.Timeout/4, 10*time.Millisecond), 250*time.Millisecond))
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			s.timedOut(s.w.expire(time.Now().Add(-s.r.o.Timeout)))
		case <-s.stopped:
			return
		}
	}
}

// timedOut records the timeouts of requests expire took out.
func (s *requestRateSender) timedOut(lost []rateInFlight) {
	for _, f := range lost {
		if f.measured {
			s.r.out.replied(0, 0, 0, nats.ErrTimeout)
		}
	}
	s.w.release(len(lost))
}

// finish waits for every reply, shipping samples meanwhile, for at most
// the timeout (and a second of slack) after the last send; replies
// still missing then are timeouts.
func (s *requestRateSender) finish() {
	if s.w.wait(s.r.lastSend.Add(s.r.o.Timeout+time.Second), s.r.shipNow) {
		s.timedOut(s.w.expire(time.Time{}))
	}
}

// close stops the expiry and drops the inbox subscriptions (the
// script's own connection outlives the run).
func (s *requestRateSender) close() {
	close(s.stopped)
	<-s.expiring
	s.unsubscribe()
}

func (s *requestRateSender) unsubscribe() {
	for _, sub := range s.subs {
		_ = sub.Unsubscribe()
	}
}
