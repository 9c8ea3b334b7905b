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
func (t *testRun) state() *runState {
	if t.execState == nil {
		return &runState{start: time.Now()}
	}
	return t.execState
}

// Iterations counts the iterations completed and interrupted so far.
func (t *testRun) Iterations() (completed, interrupted int64) {
	if st := t.state(); st.live != nil {
		return st.live.Iterations()
	}
	return 0, 0
}

func (t *testRun) ActiveVUs() int {
	if st := t.state(); st.live != nil {
		return st.live.ActiveVUs()
	}
	return 0
}

func (t *testRun) InitializedVUs() int64 {
	if st := t.state(); st.events != nil {
		return st.events.initialized.Load()
	}
	return 0
}

// Elapsed is the test run's duration so far, counted from after init.
func (t *testRun) Elapsed() time.Duration { return time.Since(t.state().start) }

// ScenariosStart is when the scenarios started, after setup.
func (t *testRun) ScenariosStart() time.Time { return t.scenariosStart }

// Progress is the scenario's progress from 0 to 1, as its progress bar
// shows it: iterations done for the iteration executors, time elapsed for
// the others.
func (t *testRun) Progress(s *scheduler.Scenario) float64 {
	st := t.state()
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

// Segment is the part of the test this instance runs; nil for all (and
// before the options are read).
func (t *testRun) Segment() *scheduler.Segment {
	if t.opts == nil {
		return nil
	}
	return t.opts.Segment
}
