package natsmod

import (
	"context"
	"sync"
	"time"
)

// rateInFlight is a sent message awaiting its answer (a PubAck, a reply).
type rateInFlight struct {
	intended, sent time.Time
	measured       bool
	stamp          sentStamp
}

// rateWindow holds a run's messages awaiting their answer, keyed by what
// the answer names (the JetStream message, the reply token), and bounds
// them: a send waits for room while max are awaited.
type rateWindow[K comparable] struct {
	max int
	vu  context.Context

	mu       sync.Mutex
	inFlight map[K]rateInFlight
	// settling counts answers taken out of inFlight (by take or expire)
	// whose outcome is not recorded yet: wait waits for them too, or the
	// result could miss the last ones.
	settling int
	room     chan struct{} // signalled whenever an answer settles one
}

func newRateWindow[K comparable](maxInFlight int, vu context.Context) *rateWindow[K] {
	return &rateWindow[K]{max: maxInFlight, vu: vu, inFlight: map[K]rateInFlight{}, room: make(chan struct{}, 1)}
}

// add registers a message before it is sent: its answer may come back
// before the send returns.
func (w *rateWindow[K]) add(k K, f rateInFlight) {
	w.mu.Lock()
	w.inFlight[k] = f
	w.mu.Unlock()
}

// forget drops a message whose send failed: no answer will come.
func (w *rateWindow[K]) forget(k K) {
	w.mu.Lock()
	delete(w.inFlight, k)
	w.mu.Unlock()
}

// take claims the message an answer names; ok is false when it is not
// awaited (given up on, or not ours). After ok, call done once the
// outcome is recorded.
func (w *rateWindow[K]) take(k K) (f rateInFlight, ok bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f, ok = w.inFlight[k]
	if ok {
		delete(w.inFlight, k)
		w.settling++
	}
	return f, ok
}

// done ends a take and makes room for the next send.
func (w *rateWindow[K]) done() { w.release(1) }

// release ends n takes (a take, or the messages of an expire) once
// their outcomes are recorded, and makes room for the next sends.
func (w *rateWindow[K]) release(n int) {
	if n == 0 {
		return
	}
	w.mu.Lock()
	w.settling -= n
	w.mu.Unlock()
	select {
	case w.room <- struct{}{}:
	default:
	}
}

func (w *rateWindow[K]) awaited() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.inFlight) + w.settling
}

// awaitRoom waits while max answers are awaited: ok is false when
// deadline passed or the VU's context ended first.
func (w *rateWindow[K]) awaitRoom(deadline time.Time) (waited, ok bool) {
	var timer *time.Timer
	for w.awaited() >= w.max {
		if timer == nil {
			wait := time.Until(deadline)
			if wait <= 0 {
				return true, false
			}
			timer = time.NewTimer(wait)
			defer timer.Stop()
		}
		select {
		case <-w.room:
		case <-timer.C:
			return true, false
		case <-w.vu.Done():
			return true, false
		}
	}
	return timer != nil, true
}

// wait waits until nothing is awaited, calling tick every rateShipEvery
// meanwhile; timedOut is true when until passed first (not when the VU's
// context ended).
func (w *rateWindow[K]) wait(until time.Time, tick func()) (timedOut bool) {
	limit := time.NewTimer(time.Until(until))
	defer limit.Stop()
	ticker := time.NewTicker(rateShipEvery)
	defer ticker.Stop()
	for w.awaited() > 0 {
		select {
		case <-w.room:
		case <-ticker.C:
			tick()
		case <-limit.C:
			return true
		case <-w.vu.Done():
			return false
		}
	}
	return false
}

// expire takes out every message sent before cutoff (all of them for
// a zero cutoff) and returns them: their answers are given up on. As
// for take, call release(len(lost)) once their outcomes are recorded.
func (w *rateWindow[K]) expire(cutoff time.Time) (lost []rateInFlight) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, f := range w.inFlight {
		if cutoff.IsZero() || f.sent.Before(cutoff) {
			lost = append(lost, f)
			delete(w.inFlight, k)
		}
	}
	w.settling += len(lost)
	return lost
}
