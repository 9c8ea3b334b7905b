package omb

import (
	"context"
	"fmt"
	"time"
)

// backlogPoll is how often the backlog's size is checked.
const backlogPoll = 100 * time.Millisecond

// minDrainedBacklog is the backlog at which it counts as drained even
// with backlogDrainRatio 1, as OMB's (a live stream is never quite empty).
const minDrainedBacklog = 1000

// backlogPauseLimit is how long a paused durable stays paused should
// natsk6 not live to resume it.
const backlogPauseLimit = 24 * time.Hour

// buildAndDrainBacklog is OMB's backlog phase: the consumers pause until
// the subscriptions lag consumerBacklogSizeGB behind, then resume; once
// the backlog is down to (1 - backlogDrainRatio) of it, the test runs
// its duration more before it may end.
func (r *run) buildAndDrainBacklog(ctx context.Context) {
	defer r.backlogPending.Store(false)
	subs := r.w.SubscriptionsPerTopic
	requested := int64(r.w.ConsumerBacklogSizeGB * gigabyte)
	start := time.Now()
	fmt.Fprintf(r.cfg.Log, "Pausing consumers to build a backlog of %d bytes\n", requested)
	if !r.pauseSubscriptions(ctx, time.Now().Add(backlogPauseLimit)) {
		return
	}
	if !r.pollUntil(ctx, func() bool { return r.st.backlog(subs)*int64(r.w.MessageSize) >= requested }) {
		return
	}
	r.facts.BacklogBuildSeconds = time.Since(start).Seconds()
	start = time.Now()
	fmt.Fprintf(r.cfg.Log, "--- Backlog built in %.1f s; draining ---\n", r.facts.BacklogBuildSeconds)
	if !r.pauseSubscriptions(ctx, time.Time{}) {
		return
	}
	capacity := requested / int64(r.w.MessageSize)
	drained := max(minDrainedBacklog, int64((1-r.w.drainRatio())*float64(capacity)))
	if !r.pollUntil(ctx, func() bool { return r.st.backlog(subs) <= drained }) {
		return
	}
	r.facts.BacklogDrainSeconds = time.Since(start).Seconds()
	fmt.Fprintf(r.cfg.Log, "--- Backlog drained in %.1f s ---\n", r.facts.BacklogDrainSeconds)
	select {
	case <-ctx.Done():
	case <-time.After(r.w.testDuration()):
	}
}

// pauseSubscriptions pauses every subscription's durable on the server
// until until, or resumes them for a zero until; false (logged) when the
// server refused. The server holds the backlog back: the consumers' pull
// requests simply get nothing meanwhile.
func (r *run) pauseSubscriptions(ctx context.Context, until time.Time) bool {
	for _, stream := range r.facts.Streams {
		for i := range r.w.SubscriptionsPerTopic {
			var err error
			if until.IsZero() {
				_, err = r.js.ResumeConsumer(ctx, stream, subscriptionName(i))
			} else {
				_, err = r.js.PauseConsumer(ctx, stream, subscriptionName(i), until)
			}
			if err != nil {
				fmt.Fprintf(r.cfg.Log, "Error: pause or resume consumer %s on %s: %v\n", subscriptionName(i), stream, err)
				return false
			}
		}
	}
	return true
}

// pollUntil checks cond every backlogPoll; false when ctx ended first.
func (r *run) pollUntil(ctx context.Context, cond func() bool) bool {
	tick := time.NewTicker(backlogPoll)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			return false
		case <-tick.C:
		}
	}
	return true
}
