package scheduler

import (
	"sync"
	"sync/atomic"
)

// Closed-model executors: a fixed set of VUs, each looping over
// iterations until its work or the scenario's time runs out.

// loopVUs acquires vus VUs and runs each in a loop: next claims the next
// iteration for the VU (its InScenario number) or reports that the VU is
// done.
func (r *scenarioRun) loopVUs(vus int, next func(inVU int64) (int64, bool)) {
	var wg sync.WaitGroup
	for range vus {
		vu, err := r.acquire()
		if err != nil {
			break
		}
		wg.Go(func() {
			defer r.pool.Put(vu)
			for inVU := int64(0); r.stop.Err() == nil; inVU++ {
				n, ok := next(inVU)
				if !ok {
					return
				}
				r.iterate(r.hard, vu, inVU, n)
			}
		})
	}
	wg.Wait()
}

// sharedIterations: the VUs take iterations from one pile.
func (r *scenarioRun) sharedIterations() {
	var claimed atomic.Int64
	r.loopVUs(r.s.VUs, func(int64) (int64, bool) {
		n := claimed.Add(1) - 1
		return n, n < r.s.Iterations
	})
	r.dropped(r.s.Iterations - min(claimed.Load(), r.s.Iterations))
}

// perVUIterations: every VU runs the same number of iterations.
func (r *scenarioRun) perVUIterations() {
	r.loopVUs(r.s.VUs, func(inVU int64) (int64, bool) {
		if inVU >= r.s.Iterations {
			return 0, false
		}
		return r.started.Add(1) - 1, true
	})
	r.dropped(int64(r.s.VUs)*r.s.Iterations - r.started.Load())
}

// constantVUs: the VUs loop until the duration is over.
func (r *scenarioRun) constantVUs() {
	r.loopVUs(r.s.VUs, func(int64) (int64, bool) {
		return r.started.Add(1) - 1, true
	})
}
