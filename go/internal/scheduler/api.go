// Package scheduler parses k6-style options (vus, duration, iterations,
// stages, scenarios) and runs the executors that decide when each VU
// starts an iteration. It knows nothing of JavaScript: a VU is anything
// that can run one iteration.
package scheduler

import (
	"context"
	"encoding/json"
	"time"
)

// Options are the consolidated options: config file, the script's
// `options` export, K6_* variables and flags (see package config).
type Options struct {
	// Scenarios in start order; a script without `scenarios` gets one
	// named "default" derived from vus/duration/iterations/stages.
	Scenarios       []*Scenario
	Thresholds      map[string]json.RawMessage // parsed by package metrics
	SetupTimeout    time.Duration              // default 60s
	TeardownTimeout time.Duration              // default 60s
	// SummaryTrendStats, e.g. ["avg","min","med","max","p(90)","p(95)"].
	SummaryTrendStats []string
	// Tags are the test-wide tags (options.tags and --tag), already
	// merged under each scenario's own tags.
	Tags map[string]string
	// MinIterationDuration is the least time an iteration takes: a VU
	// that finishes sooner waits for the rest.
	MinIterationDuration time.Duration
	NoSetup              bool // do not run setup()
	NoTeardown           bool // do not run teardown()
	// Throw makes invalid custom metric values throw instead of being
	// dropped with a warning (k6's throw; NATS errors always throw).
	Throw bool
	// Linger keeps the process alive after the test until interrupted.
	Linger bool
	// Paused starts the test paused: VUs are initialized, but nothing
	// runs until the REST API resumes it (k6's paused, --paused).
	Paused bool
	// SystemTags are the system tags samples carry; nil means k6's
	// default set (see HasSystemTag).
	SystemTags []string
	// Segment is the part of the test this instance runs
	// (executionSegment within executionSegmentSequence); nil for all.
	Segment *Segment
}

// Scenario is one validated scenario. Fields that an executor does not
// use are zero.
type Scenario struct {
	Name             string
	Executor         string // shared-iterations, per-vu-iterations, constant-vus, ramping-vus, constant-arrival-rate, ramping-arrival-rate
	Exec             string // exported function to run; "default" when unset
	StartTime        time.Duration
	GracefulStop     time.Duration // default 30s
	Env              map[string]string
	Tags             map[string]string
	VUs              int
	Iterations       int64
	Duration         time.Duration
	MaxDuration      time.Duration
	StartVUs         int
	Stages           []Stage
	GracefulRampDown time.Duration
	Rate             int64
	StartRate        int64
	TimeUnit         time.Duration
	PreAllocatedVUs  int
	MaxVUs           int
	// Segment is Options.Segment. VUs, Iterations (shared-iterations),
	// PreAllocatedVUs and MaxVUs are already this segment's share;
	// StartVUs, Stages, Rate and StartRate stay the whole test's, and
	// the executors start only the segment's VUs and iterations of them.
	Segment *Segment
}

// Stage is one step of ramping-vus (target VUs) or ramping-arrival-rate
// (target iterations per timeUnit).
type Stage struct {
	Duration time.Duration
	Target   int64
}

// Iteration tells a VU what to run and where it stands.
type Iteration struct {
	Scenario *Scenario
	// InScenarioVU is this VU's iteration number within the scenario
	// (k6/execution vu.iterationInScenario), from 0.
	InScenarioVU int64
	// InScenario is the iteration number across all VUs of the scenario
	// in this instance (k6/execution scenario.iterationInInstance), from 0.
	InScenario int64
	// InTest is the iteration number in the whole test, unique across
	// the instances of a segmented test (scenario.iterationInTest).
	InTest int64
}

// VU is one initialized virtual user.
type VU interface {
	// ID is the VU's id in the test (k6/execution vu.idInTest), from 1.
	ID() int
	// RunIteration runs one iteration. ctx is cancelled when the
	// scenario's graceful stop (or ramp-down) expires or the test is
	// aborted; the VU must then interrupt the iteration and return
	// false. It returns true for an iteration that ran to its end.
	RunIteration(ctx context.Context, it Iteration) (completed bool)
}

// Pool hands initialized VUs to executors. It is shared by all
// scenarios and used from many goroutines.
type Pool interface {
	// Get returns an idle VU, or nil when every initialized VU is busy.
	Get() VU
	// Put returns a VU to the idle set.
	Put(VU)
	// Grow initializes one more VU (arrival-rate executors beyond
	// preAllocatedVUs, up to maxVUs). It may take a while.
	Grow(ctx context.Context) (VU, error)
}

// Events receives what the runner turns into metrics. Its methods are
// called from many goroutines and must be safe for concurrent use.
type Events interface {
	// ActiveVUs reports the number of VUs running iterations (the vus
	// gauge). Calls are serialized in order under the scheduler's lock,
	// so it must return quickly and must not call back into the scheduler.
	ActiveVUs(n int)
	// Dropped reports iterations an executor could not start
	// (dropped_iterations), tagged with the scenario.
	Dropped(s *Scenario, n int64)
}
