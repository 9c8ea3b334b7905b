package scheduler

import (
	"context"
	"sync"
	"time"
)

// vuStep is a change of the ramping-vus target at an offset from the
// scenario's start.
type vuStep struct {
	at     time.Duration
	target int
}

// vuSteps turns the stages into the instants where the target changes.
// Within a stage the target moves linearly, truncated toward the stage's
// starting value, one VU at a time.
func vuSteps(startVUs int, stages []Stage) []vuStep {
	steps := []vuStep{{0, startVUs}}
	from, offset := int64(startVUs), time.Duration(0)
	for _, st := range stages {
		delta := st.Target - from
		switch {
		case delta == 0:
		case st.Duration == 0:
			steps = append(steps, vuStep{offset, int(st.Target)})
		default:
			dir, n := int64(1), delta
			if delta < 0 {
				dir, n = -1, -delta
			}
			for k := int64(1); k <= n; k++ {
				// First instant where |delta|*t/duration reaches k.
				at := time.Duration((int64(st.Duration)*k + n - 1) / n)
				steps = append(steps, vuStep{offset + at, int(from + dir*k)})
			}
		}
		from, offset = st.Target, offset+st.Duration
	}
	return steps
}

// rampSlot is one VU position of a ramping-vus scenario. A slot ramped
// down stops starting iterations; its running iteration gets
// gracefulRampDown to finish, then its ctx is cancelled. A slot ramped up
// again before that simply continues.
type rampSlot struct {
	mu       sync.Mutex
	started  bool
	active   bool
	wake     chan struct{}
	cancelIt context.CancelFunc // the running iteration's, nil between iterations
	rampDown *time.Timer
}

func (sl *rampSlot) activate() {
	sl.mu.Lock()
	sl.active = true
	if sl.rampDown != nil {
		sl.rampDown.Stop()
		sl.rampDown = nil
	}
	sl.mu.Unlock()
	select {
	case sl.wake <- struct{}{}:
	default:
	}
}

func (sl *rampSlot) deactivate(grace time.Duration) {
	sl.mu.Lock()
	sl.active = false
	if sl.cancelIt != nil && sl.rampDown == nil {
		sl.rampDown = time.AfterFunc(grace, sl.cancelIt)
	}
	sl.mu.Unlock()
}

// rampingVUs follows the stages' VU target; in a segment, its share of
// the whole test's target at every instant.
func (r *scenarioRun) rampingVUs() {
	slots := make([]*rampSlot, r.s.initialVUs())
	for i := range slots {
		slots[i] = &rampSlot{wake: make(chan struct{}, 1)}
	}
	var wg sync.WaitGroup
	current := 0
	for _, step := range vuSteps(r.s.StartVUs, r.s.Stages) {
		target := int(r.s.Segment.Scale(int64(step.target)))
		if target == current {
			continue
		}
		if !sleepUntil(r.stop, r.start.Add(step.at)) {
			break
		}
		for ; current < target; current++ {
			sl := slots[current]
			sl.activate()
			if !sl.started {
				sl.started = true
				wg.Go(func() { r.runSlot(sl) })
			}
		}
		for ; current > target; current-- {
			slots[current-1].deactivate(r.s.GracefulRampDown)
		}
	}
	<-r.stop.Done()
	wg.Wait()
}

// runSlot loops one VU while its slot is active, until the scenario stops.
func (r *scenarioRun) runSlot(sl *rampSlot) {
	vu, err := r.acquire()
	if err != nil {
		return
	}
	defer r.pool.Put(vu)
	for inVU := int64(0); ; {
		sl.mu.Lock()
		if r.stop.Err() != nil {
			sl.mu.Unlock()
			return
		}
		if !sl.active {
			sl.mu.Unlock()
			select {
			case <-sl.wake:
				continue
			case <-r.stop.Done():
				return
			}
		}
		ctx, cancel := context.WithCancel(r.hard)
		sl.cancelIt = cancel
		sl.mu.Unlock()

		r.iterate(ctx, vu, inVU, r.started.Add(1)-1)
		inVU++

		sl.mu.Lock()
		sl.cancelIt = nil
		if sl.rampDown != nil {
			sl.rampDown.Stop()
			sl.rampDown = nil
		}
		sl.mu.Unlock()
		cancel()
	}
}
