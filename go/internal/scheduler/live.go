package scheduler

import (
	"context"
	"sync/atomic"
)

// Live is the state of a run that a progress display reads while the
// scenarios run. Executors only add to atomic counters, so watching a
// run costs its iterations nothing measurable.
type Live struct {
	opts      *Options
	scenarios []*liveScenario
	start     atomic.Int64 // unix nanoseconds when Run started; 0 before
}

// liveScenario is one scenario's share of Live.
type liveScenario struct {
	s       *Scenario
	start   atomic.Int64 // unix nanoseconds; 0 while waiting for startTime
	end     atomic.Int64 // unix nanoseconds; 0 while running
	stopped atomic.Bool  // the test was aborted while it ran
	active  atomic.Int64 // VUs running its iterations

	complete    atomic.Int64 // iterations that ran to their end
	interrupted atomic.Int64 // iterations cut short by their ctx
}

// NewLive prepares the live state of a run of opts; Run it with Live.Run.
func NewLive(opts *Options) *Live {
	l := &Live{opts: opts}
	for _, s := range opts.Scenarios {
		l.scenarios = append(l.scenarios, &liveScenario{s: s})
	}
	return l
}

// Run is Run for opts, reporting into l as it goes.
func (l *Live) Run(ctx context.Context, pool Pool, ev Events) error {
	return run(ctx, l, pool, ev)
}

// Iterations returns the iterations that completed and those that were
// interrupted so far, across scenarios.
func (l *Live) Iterations() (complete, interrupted int64) {
	for _, ls := range l.scenarios {
		complete += ls.complete.Load()
		interrupted += ls.interrupted.Load()
	}
	return complete, interrupted
}

// ActiveVUs is the number of VUs running an iteration now.
func (l *Live) ActiveVUs() int {
	n := int64(0)
	for _, ls := range l.scenarios {
		n += ls.active.Load()
	}
	return int(n)
}

// iterationEnded counts one finished iteration. Counters are kept per
// scenario, so VUs of different scenarios do not contend for them.
func (ls *liveScenario) iterationEnded(completed bool) {
	if completed {
		ls.complete.Add(1)
	} else {
		ls.interrupted.Add(1)
	}
}

// done is the number of the scenario's iterations that ended, either way.
func (ls *liveScenario) done() int64 { return ls.complete.Load() + ls.interrupted.Load() }
