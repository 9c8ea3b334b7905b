// Package execution is k6/execution: live information about the instance,
// the VU, its scenario and the test, and test.abort() and test.fail().
// As in k6, what only exists once the test runs throws in the init
// context.
package execution

import (
	"time"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/modules/k6"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// VU is what k6/execution reads of its VU besides k6.VU.
type VU interface {
	k6.VU
	// ID is the VU's id in the test, from 1.
	ID() int
	// IterationInInstance counts the VU's iterations across scenarios.
	IterationInInstance() int64
	// Scenario is the scenario the VU iterates now and the current
	// iteration; nil outside scenarios (setup, teardown).
	Scenario() (*scheduler.Scenario, scheduler.Iteration)
	// SetTag adds a tag to all the VU's later samples; DeleteTag removes
	// one SetTag added.
	SetTag(key, value string)
	DeleteTag(key string)
	// SetMetadata replaces the metadata of the VU's later samples.
	SetMetadata(pairs map[string]string)
	// Run is the test run the VU belongs to.
	Run() Run
}

// Run is what k6/execution reads of the test run, and its controls.
type Run interface {
	// Iterations counts the iterations completed and interrupted so far.
	Iterations() (completed, interrupted int64)
	ActiveVUs() int
	InitializedVUs() int64
	// Elapsed is the time since the test run started, after init.
	Elapsed() time.Duration
	// ScenariosStart is when the scenarios started, after setup.
	ScenariosStart() time.Time
	// Progress is the scenario's progress from 0 to 1.
	Progress(s *scheduler.Scenario) float64
	// Options is the JSON of the consolidated options.
	Options() ([]byte, error)
	// Segment is the part of the test this instance runs; nil for all.
	Segment() *scheduler.Segment
	// Abort stops the run (test.abort); MarkFailed lets it go on but
	// fails it (test.fail).
	Abort(reason string)
	MarkFailed(reason string)
}

// abortSignal interrupts the VU that called test.abort().
type abortSignal struct{ reason string }

func (a abortSignal) String() string { return "test aborted: " + a.reason }

// module is one VU's k6/execution.
type module struct {
	vu VU
	rt *sobek.Runtime
	// tags and metadata are exec.vu.metrics.tags and .metadata, built
	// once and shared by every path that reaches them.
	tags, metadata *sobek.Object
	options        *sobek.Object // exec.test.options, frozen, built once
}

// New builds the k6/execution module for vu.
func New(vu VU) *sobek.Object {
	m := &module{vu: vu, rt: vu.Runtime()}
	m.tags = m.rt.NewDynamicObject(&vuTags{vu: vu})
	m.metadata = m.rt.NewDynamicObject(&vuMetadata{vu: vu})
	obj := m.rt.NewObject()
	for _, part := range []struct {
		name  string
		build func() *sobek.Object
	}{{"instance", m.instance}, {"scenario", m.scenario}, {"test", m.test}, {"vu", m.vuInfo}} {
		m.defineLazily(obj, part.name, part.build)
	}
	return obj
}

// defineLazily defines obj[name] as the object build returns, built on
// first read: every VU imports the module, few read all of its parts.
func (m *module) defineLazily(obj *sobek.Object, name string, build func() *sobek.Object) {
	var built *sobek.Object
	get := func(sobek.FunctionCall) sobek.Value {
		if built == nil {
			built = build()
		}
		return built
	}
	_ = obj.DefineAccessorProperty(name, m.rt.ToValue(get), nil, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
}

// getter is one read-only property computed on each read.
type getter struct {
	name string
	get  func() any
}

// getters builds an object of read-only accessors, in k6's order.
func (m *module) getters(props ...getter) *sobek.Object {
	obj := m.rt.NewObject()
	for _, p := range props {
		// A FunctionCall signature: sobek wraps it without reflection,
		// which matters as every VU builds these.
		get := func(sobek.FunctionCall) sobek.Value { return m.rt.ToValue(p.get()) }
		_ = obj.DefineAccessorProperty(p.name, m.rt.ToValue(get), nil, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	}
	return obj
}

// notInInit wraps a getter that has no meaning before the test runs.
func (m *module) notInInit(what string, get func() any) func() any {
	return func() any {
		if m.vu.InInit() {
			k6.Throw(m.rt, "k6/execution: getting %s in the init context is not supported", what)
		}
		return get()
	}
}

// instance is exec.instance: counts for this natsk6 process.
func (m *module) instance() *sobek.Object {
	info := func(get func(run Run) any) func() any {
		return m.notInInit("instance information", func() any { return get(m.vu.Run()) })
	}
	return m.getters(
		getter{"iterationsCompleted", info(func(run Run) any {
			done, _ := run.Iterations()
			return done
		})},
		getter{"iterationsInterrupted", info(func(run Run) any {
			_, cut := run.Iterations()
			return cut
		})},
		getter{"vusActive", info(func(run Run) any { return run.ActiveVUs() })},
		getter{"vusInitialized", info(func(run Run) any { return run.InitializedVUs() })},
		getter{"currentTestRunDuration", info(func(run Run) any {
			return float64(run.Elapsed()) / float64(time.Millisecond)
		})},
	)
}

// scenario is exec.scenario: only inside a scenario's iterations.
func (m *module) scenario() *sobek.Object {
	scenario := func(get func(s *scheduler.Scenario, it scheduler.Iteration) any) func() any {
		return m.notInInit("scenario information", func() any {
			s, it := m.vu.Scenario()
			if s == nil {
				k6.Throw(m.rt, "k6/execution: getting scenario information outside of a scenario (in setup or teardown) is not supported")
			}
			return get(s, it)
		})
	}
	return m.getters(
		getter{"name", scenario(func(s *scheduler.Scenario, _ scheduler.Iteration) any { return s.Name })},
		getter{"executor", scenario(func(s *scheduler.Scenario, _ scheduler.Iteration) any { return s.Executor })},
		getter{"startTime", scenario(func(s *scheduler.Scenario, _ scheduler.Iteration) any {
			return m.vu.Run().ScenariosStart().Add(s.StartTime).UnixMilli()
		})},
		getter{"progress", scenario(func(s *scheduler.Scenario, _ scheduler.Iteration) any { return m.vu.Run().Progress(s) })},
		getter{"iterationInTest", scenario(func(_ *scheduler.Scenario, it scheduler.Iteration) any { return it.InTest })},
		getter{"iterationInInstance", scenario(func(_ *scheduler.Scenario, it scheduler.Iteration) any { return it.InScenario })},
	)
}

// vuInfo is exec.vu: the VU's ids, iteration counters and metric tags.
func (m *module) vuInfo() *sobek.Object {
	info := func(get func() any) func() any { return m.notInInit("VU information", get) }
	vu := m.getters(
		getter{"idInTest", info(func() any { return m.idInTest() })},
		getter{"idInInstance", info(func() any { return m.vu.ID() })},
		getter{"iterationInInstance", info(func() any { return m.vu.IterationInInstance() })},
		getter{"iterationInScenario", info(func() any {
			_, it := m.vu.Scenario()
			return it.InScenarioVU
		})},
		// tags is k6's older name for metrics.tags.
		getter{"tags", info(func() any { return m.tags })},
	)
	metricsObj := m.getters(
		getter{"tags", info(func() any { return m.tags })},
		getter{"metadata", info(func() any { return m.metadata })},
	)
	_ = vu.Set("metrics", metricsObj)
	return vu
}

// idInTest is the VU's id in the whole test: in a segmented test the
// instance's VUs take the test-wide ids its segment owns, as its
// iterations do. Setup and teardown's VU is 0 everywhere.
func (m *module) idInTest() int64 {
	id := int64(m.vu.ID())
	if id == 0 {
		return 0
	}
	return m.vu.Run().Segment().Global(id-1) + 1
}

// test is exec.test: the consolidated options, abort() and fail().
func (m *module) test() *sobek.Object {
	test := m.getters(
		getter{"options", m.notInInit("test options", func() any { return m.testOptions() })},
	)
	_ = test.Set("abort", func(reason sobek.Value) {
		text := k6.OptionalString(reason)
		m.vu.Run().Abort(text)
		m.rt.Interrupt(abortSignal{text})
	})
	_ = test.Set("fail", func(reason sobek.Value) {
		m.vu.Run().MarkFailed(k6.OptionalString(reason))
	})
	return test
}
