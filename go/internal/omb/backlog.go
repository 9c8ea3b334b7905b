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
	for _, c := range r.consumers {
		c.pause()
	}
	if !r.pollUntil(ctx, func() bool { return r.st.backlog(subs)*int64(r.w.MessageSize) >= requested }) {
		return
	}
	r.facts.BacklogBuildSeconds = time.Since(start).Seconds()
	start = time.Now()
	fmt.Fprintf(r.cfg.Log, "--- Backlog built in %.1f s; draining ---\n", r.facts.BacklogBuildSeconds)
	for _, c := range r.consumers {
		if err := c.resume(); err != nil {
			fmt.Fprintf(r.cfg.Log, "resume consumer: %v\n", err)
		}
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
