package runner

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/eventloop"
	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/safely"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// VU is one virtual user: its own runtime, event loop, metric sink and
// NATS module instance. Only one goroutine at a time drives a VU.
type VU struct {
	id          int
	t           *testRun
	rt          *sobek.Runtime
	loop        *eventloop.Loop
	sink        *metrics.Sink
	nats        *natsmod.Module
	natsExports *sobek.Object // the bound NATS module, built on first import
	exports     *sobek.Object
	modules     map[string]sobek.Value // require() cache

	inInit bool
	ctx    context.Context // what sleep() and Promise waits honour now

	scenario       *scheduler.Scenario
	iter           scheduler.Iteration
	iterInInstance int64
	group          string
	scenarioTags   *metrics.TagSet // scenario name and the scenario's tags
	tags           *metrics.TagSet // scenarioTags plus group

	// customTags are set through exec.vu.metrics.tags and go on every
	// later sample.
	customTags map[string]string

	data       sobek.Value // setup() data, parsed once in this runtime
	dataParsed bool
}

// ID is the VU's id in the test, from 1 (0 for the init/setup VU).
func (v *VU) ID() int { return v.id }

// newVU creates a runtime and runs the script's init code in it.
func newVU(ctx context.Context, t *testRun, id int) (*VU, error) {
	v := &VU{
		id:      id,
		t:       t,
		rt:      sobek.New(),
		loop:    eventloop.New(),
		sink:    t.agg.NewSink(),
		modules: map[string]sobek.Value{},
		inInit:  true,
		ctx:     ctx,
	}
	v.loop.AfterCallbacks(v.sink.FlushIfDue)
	v.setScenario(nil)
	v.nats = natsmod.New(natsmod.Host{
		DefaultURL: t.natsURL,
		Loop:       v.loop,
		Sink:       v.sink,
		Registry:   t.registry,
		Builtin:    t.builtin,
		Tags:       func() *metrics.TagSet { return v.tags },
		Context:    func() context.Context { return v.ctx },
		Accounting: t.accounting,
		Sampler:    t.sampler,
		Metrics:    t.natsMetrics,
	})
	t.mu.Lock()
	t.vus = append(t.vus, v)
	t.mu.Unlock()
	if err := v.installGlobals(); err != nil {
		return v, fmt.Errorf("VU %d: %w", id, err)
	}
	if err := safely.Do(v.runInit); err != nil {
		return v, err
	}
	v.inInit = false
	return v, nil
}

// runInit evaluates the bundle, an ES module, and waits on the VU's loop
// for its top-level await, Promises and timers to settle before the VU
// runs.
func (v *VU) runInit() error {
	done := v.t.program.Evaluate(v.rt)
	if err := v.loop.Run(v.ctx); err != nil {
		return err
	}
	switch done.State() {
	case sobek.PromiseStateRejected:
		return initError(v, done.Result())
	case sobek.PromiseStatePending:
		return errors.New("the script's top-level await never settled: it awaits a Promise nothing resolves")
	}
	v.exports = v.t.program.Exports(v.rt)
	return nil
}

// initError turns the reason init code failed into an error that renders
// as the exception would, with its source-mapped stack.
func initError(v *VU, reason sobek.Value) error {
	if err, ok := reason.Export().(error); ok {
		return err
	}
	return errors.New(v.rejectionText(reason))
}

// setScenario switches the VU's tags and __ENV to s (nil: no scenario,
// as in init, setup and teardown).
func (v *VU) setScenario(s *scheduler.Scenario) {
	if v.scenarioTags != nil && s == v.scenario {
		return
	}
	v.scenario = s
	v.scenarioTags = v.t.registry.Intern(v.baseTags())
	v.SetGroup("")
	if v.rt.Get("__ENV") != nil {
		_ = v.rt.Set("__ENV", v.envObject())
	}
}

// baseTags are the tags of the VU's samples outside groups: the
// test-wide tags, the scenario's, its name, then the script's own from
// exec.vu.metrics.tags.
func (v *VU) baseTags() map[string]string {
	tags := map[string]string{}
	if v.t.opts != nil {
		maps.Copy(tags, v.t.opts.Tags) // a scenario's tags include them already
	}
	if s := v.scenario; s != nil {
		maps.Copy(tags, s.Tags)
		if v.t.hasSystemTag("scenario") {
			tags["scenario"] = s.Name
		}
	}
	maps.Copy(tags, v.customTags)
	return tags
}

// retagKeepingGroup recomputes the tags after exec.vu.metrics.tags changed.
func (v *VU) retagKeepingGroup() {
	group := v.group
	v.scenarioTags = v.t.registry.Intern(v.baseTags())
	v.SetGroup(group)
}

// SetGroup sets the current group path ("" is the root group).
func (v *VU) SetGroup(path string) {
	v.group = path
	v.tags = v.scenarioTags
	if v.t.hasSystemTag("group") {
		v.tags = v.t.registry.With(v.scenarioTags, "group", path)
	}
}

// envObject builds __ENV: the test's env plus the scenario's env.
func (v *VU) envObject() *sobek.Object {
	env := v.rt.NewObject()
	for k, val := range v.t.env {
		_ = env.Set(k, val)
	}
	if v.scenario != nil {
		for k, val := range v.scenario.Env {
			_ = env.Set(k, val)
		}
	}
	return env
}

// close releases the VU's NATS connections.
func (v *VU) close() {
	v.nats.Close()
}
