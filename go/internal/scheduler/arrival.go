package scheduler

import (
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// rateSchedule yields the start offsets of an arrival-rate scenario's
// iterations. The rate moves linearly within each stage, so the count of
// iterations due by time t is the integral of the rate; iteration k
// starts when that count reaches k.
type rateSchedule struct {
	unit   float64 // timeUnit in nanoseconds
	stages []Stage
	from   float64 // rate at the start of stages[idx]
	idx    int
	base   float64       // iterations due before stages[idx]
	offset time.Duration // start of stages[idx]
}

func newRateSchedule(s *Scenario) *rateSchedule {
	if s.Executor == ConstantArrivalRate {
		return &rateSchedule{unit: float64(s.TimeUnit), stages: []Stage{{s.Duration, s.Rate}}, from: float64(s.Rate)}
	}
	return &rateSchedule{unit: float64(s.TimeUnit), stages: s.Stages, from: float64(s.StartRate)}
}

// at returns the start offset of iteration k; k must not decrease
// between calls. false once k falls after the last stage.
func (rs *rateSchedule) at(k int64) (time.Duration, bool) {
	for ; rs.idx < len(rs.stages); rs.idx++ {
		st := rs.stages[rs.idx]
		to := float64(st.Target)
		units := float64(st.Duration) / rs.unit
		count := (rs.from + to) / 2 * units
		if c := float64(k) - rs.base; c < count {
			return rs.offset + time.Duration(rs.solve(c, to, units)*rs.unit), true
		}
		rs.base += count
		rs.offset += st.Duration
		rs.from = to
	}
	return 0, false
}

// solve finds s (in time units) where from*s + (to-from)*s²/(2*units)
// equals c, in the form that stays exact when to == from.
func (rs *rateSchedule) solve(c, to, units float64) float64 {
	if c <= 0 {
		return 0
	}
	a := (to - rs.from) / (2 * units)
	b := rs.from
	return 2 * c / (b + math.Sqrt(b*b+4*a*c))
}

// arrivalRate starts iterations on schedule, each on an idle VU. With
// none idle it initializes one (up to maxVUs busy at once), which runs
// the iteration once ready; beyond maxVUs the iteration is dropped.
func (r *scenarioRun) arrivalRate() {
	var (
		wg     sync.WaitGroup
		busy   atomic.Int64
		mu     sync.Mutex
		perVU  = map[int]int64{} // iterations per VU id in this scenario
		sched  = newRateSchedule(r.s)
		maxVUs = int64(r.s.MaxVUs)
	)
	run := func(vu VU, inInstance int64) {
		mu.Lock()
		inVU := perVU[vu.ID()]
		perVU[vu.ID()]++
		mu.Unlock()
		r.iterate(r.hard, vu, inVU, inInstance)
		r.pool.Put(vu)
		busy.Add(-1)
	}
	// k counts this instance's iterations; in a segment it starts only
	// the ones of the whole test's schedule that the segment owns.
	for k := int64(0); ; k++ {
		offset, ok := sched.at(r.s.Segment.Global(k))
		if !ok {
			// The schedule is done, the scenario is not: as in k6, an
			// arrival-rate scenario lasts its whole duration.
			<-r.stop.Done()
			break
		}
		if !sleepUntil(r.stop, r.start.Add(offset)) {
			break
		}
		if busy.Load() >= maxVUs {
			r.dropped(1)
			continue
		}
		busy.Add(1)
		if vu := r.pool.Get(); vu != nil {
			wg.Go(func() { run(vu, k) })
			continue
		}
		wg.Go(func() {
			vu, err := r.pool.Grow(r.hard)
			if err != nil {
				busy.Add(-1)
				r.growFailed(err)
				r.dropped(1)
				return
			}
			run(vu, k)
		})
	}
	wg.Wait()
}
