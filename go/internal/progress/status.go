// Package progress shows a run's live progress the way k6 does: a status
// line (`running (00m05.0s), 05/10 VUs, 1234 complete and 0 interrupted
// iterations`) and one bar per scenario, redrawn in place on a terminal
// and printed as plain lines at a bounded rate elsewhere (CI logs).
package progress

import "time"

// Status is one picture of the run.
type Status struct {
	Elapsed     time.Duration // since the test started (after init)
	ActiveVUs   int           // VUs running an iteration
	MaxVUs      int           // VUs initialized
	Complete    int64         // iterations that ran to their end
	Interrupted int64         // iterations cut short
	Bars        []Bar         // one per scenario, in start order
}

// State is where a scenario stands.
type State int

const (
	Waiting State = iota // before its startTime
	Running
	Done    // finished on its own
	Stopped // cut short by an abort
)

// Bar is one scenario's line.
type Bar struct {
	Name     string
	State    State
	Fraction float64 // 0..1 of its work: time, or iterations for the iteration executors
	VUs      int     // VUs running its iterations, or its fixed VU count
	// MaxVUs, when above 0, shows VUs as `05/10 VUs` (ramping and
	// arrival-rate executors); otherwise `10 VUs`.
	MaxVUs int
	// Elapsed is the time since the scenario started, or, while
	// Waiting, the time left before it starts.
	Elapsed  time.Duration
	Duration time.Duration // duration, the stages' sum, or maxDuration
	// ByIterations marks the iteration executors: their line keeps
	// elapsed/maxDuration at the end, as the time they took matters.
	ByIterations bool
	Detail       string // e.g. `40/100 shared iters`, `10.00 iters/s`
}
