package runner

import (
	"time"

	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// runState is what exec.instance and exec.scenario.progress read while
// the test runs. It is set once, before setup() and any iteration.
type runState struct {
	start  time.Time // the test run's start, after init
	live   *scheduler.Live
	events *events
}

// state returns the run's state; before the run it is empty.
func (t *test) state() *runState {
	if t.execState == nil {
		return &runState{start: time.Now()}
	}
	return t.execState
}

func (st *runState) iterations() (completed, interrupted int64) {
	if st.live == nil {
		return 0, 0
	}
	return st.live.Iterations()
}

func (st *runState) activeVUs() int {
	if st.live == nil {
		return 0
	}
	return st.live.ActiveVUs()
}

func (st *runState) initializedVUs() int64 {
	if st.events == nil {
		return 0
	}
	return st.events.initialized.Load()
}

// progress is the scenario's progress from 0 to 1, as its progress bar
// shows it: iterations done for the iteration executors, time elapsed for
// the others.
func (st *runState) progress(s *scheduler.Scenario) float64 {
	if st.live == nil {
		return 0
	}
	for _, b := range st.live.Bars(time.Now()) {
		if b.Name == s.Name {
			return min(max(b.Fraction, 0), 1)
		}
	}
	return 0
}
