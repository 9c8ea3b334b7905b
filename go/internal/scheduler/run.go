package scheduler

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

func run(ctx context.Context, live *Live, pool Pool, ev Events) error {
	t := &testRun{pool: pool, ev: ev}
	start := time.Now()
	live.start.Store(start.UnixNano())
	var wg sync.WaitGroup
	for _, ls := range live.scenarios {
		wg.Go(func() {
			if sleepUntil(ctx, start.Add(ls.s.StartTime)) {
				t.runScenario(ctx, ls)
			}
		})
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return err
	}
	return t.err()
}

// testRun is what all scenarios of one Run share.
type testRun struct {
	pool Pool
	ev   Events

	mu       sync.Mutex
	active   int // VUs running an iteration, across scenarios
	firstErr error
}

// addActive changes the busy-VU count and reports it; the lock keeps the
// reports in order.
func (t *testRun) addActive(delta int) {
	t.mu.Lock()
	t.active += delta
	t.ev.ActiveVUs(t.active)
	t.mu.Unlock()
}

func (t *testRun) fail(err error) {
	t.mu.Lock()
	if t.firstErr == nil {
		t.firstErr = err
	}
	t.mu.Unlock()
}

func (t *testRun) err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.firstErr
}

// scenarioRun is one scenario in progress.
type scenarioRun struct {
	*testRun
	s     *Scenario
	ls    *liveScenario // what the progress display reads
	start time.Time
	test  context.Context // the whole test's; done on abort
	// stop is done when no new iteration may start: the executor's
	// duration is over (or the test aborted).
	stop context.Context
	// hard is done when running iterations must be interrupted: stop
	// plus gracefulStop.
	hard context.Context
	// started counts iterations started in the scenario (InScenario).
	started atomic.Int64
}

func (t *testRun) runScenario(ctx context.Context, ls *liveScenario) {
	s := ls.s
	start := time.Now()
	ls.start.Store(start.UnixNano())
	defer func() {
		ls.stopped.Store(ctx.Err() != nil)
		ls.end.Store(time.Now().UnixNano())
	}()
	end := start.Add(s.ExecutorDuration())
	hard, cancelHard := context.WithDeadline(ctx, end.Add(s.GracefulStop))
	defer cancelHard()
	stop, cancelStop := context.WithDeadline(hard, end)
	defer cancelStop()
	r := &scenarioRun{testRun: t, s: s, ls: ls, start: start, test: ctx, stop: stop, hard: hard}
	switch s.Executor {
	case SharedIterations:
		r.sharedIterations()
	case PerVUIterations:
		r.perVUIterations()
	case ConstantVUs:
		r.constantVUs()
	case RampingVUs:
		r.rampingVUs()
	default:
		r.arrivalRate()
	}
}

// acquire takes an idle VU, initializing one when none is idle.
func (r *scenarioRun) acquire() (VU, error) {
	if vu := r.pool.Get(); vu != nil {
		return vu, nil
	}
	vu, err := r.pool.Grow(r.hard)
	if err != nil {
		r.growFailed(err)
		return nil, err
	}
	return vu, nil
}

// growFailed records a failed VU initialization, unless the scenario was
// already stopping (then the failure is only the cancellation).
func (r *scenarioRun) growFailed(err error) {
	if r.hard.Err() == nil {
		r.fail(fmt.Errorf("scenario %s: initializing a VU: %w", r.s.Name, err))
	}
}

// iterate runs iteration number inScenario (in this instance) of the
// scenario on vu.
func (r *scenarioRun) iterate(ctx context.Context, vu VU, inVU, inScenario int64) {
	r.addActive(1)
	r.ls.active.Add(1)
	it := Iteration{Scenario: r.s, InScenarioVU: inVU, InScenario: inScenario, InTest: r.s.Segment.Global(inScenario)}
	completed := vu.RunIteration(ctx, it)
	r.ls.active.Add(-1)
	r.ls.iterationEnded(completed)
	r.addActive(-1)
}

// dropped reports iterations that will not run, unless the test was
// aborted (then nothing more is reported).
func (r *scenarioRun) dropped(n int64) {
	if n > 0 && r.test.Err() == nil {
		r.ev.Dropped(r.s, n)
	}
}

// sleepUntil waits for at; false if ctx ended first.
func sleepUntil(ctx context.Context, at time.Time) bool {
	d := time.Until(at)
	if d <= 0 {
		return ctx.Err() == nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-ctx.Done():
		return false
	}
}
