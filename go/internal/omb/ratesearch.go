package omb

import (
	"context"
	"time"
)

// The maximum-rate search (producerRate 0), in the spirit of OMB's: start
// at searchStartRate; every searchPeriod, if the consumers kept up (each
// subscription's backlog at most searchBacklogLimit messages) and the
// producers did (published within searchBacklogLimit of what the rate
// offered), raise the rate by the step, doubling the step up to 100%;
// else fall back to what was achieved (the lower of the publish and the
// consume rate) and halve the step, down to 1%. The rate the test ends
// at is the result's natsk6.targetRate.
const (
	searchStartRate    = 10_000
	searchPeriod       = 2 * time.Second
	searchBacklogLimit = 1_000
	searchMinStep      = 0.01
	searchMaxStep      = 1.0
	searchMinRate      = 100
)

// rateSearch is the search's state between periods.
type rateSearch struct {
	step           float64
	sent, received int64 // totals at the last period's end
	subscriptions  int64
}

// next is the total rate for the coming period, given the one just
// offered for period and the run's totals now.
func (s *rateSearch) next(offered float64, period time.Duration, sent, received int64) float64 {
	published, consumed := sent-s.sent, received-s.received
	s.sent, s.received = sent, received
	secs := period.Seconds()
	expected := int64(offered * secs)
	backlog := (s.subscriptions*sent - received) / s.subscriptions
	if backlog <= searchBacklogLimit && expected-published <= searchBacklogLimit {
		next := offered * (1 + s.step)
		s.step = min(s.step*2, searchMaxStep)
		return next
	}
	s.step = max(s.step/2, searchMinStep)
	achieved := min(float64(published), float64(consumed)/float64(s.subscriptions)) / secs
	return max(achieved, searchMinRate)
}

// searchMaxRate adjusts the producers' rate until ctx ends.
func (r *run) searchMaxRate(ctx context.Context) {
	s := &rateSearch{step: searchMaxStep, subscriptions: int64(r.w.SubscriptionsPerTopic)}
	tick := time.NewTicker(searchPeriod)
	defer tick.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			total := r.rate.get() * float64(r.nProd)
			next := s.next(total, now.Sub(last), r.st.sent.total.Load(), r.st.received.total.Load())
			last = now
			r.rate.set(next / float64(r.nProd))
		}
	}
}
