package runner

import (
	"time"

	"github.com/grafana/sobek"
)

// abortSignal interrupts the VU that called test.abort().
type abortSignal struct{ reason string }

func (a abortSignal) String() string { return "test aborted: " + a.reason }

// executionModule is `k6/execution`: live information about the instance,
// the VU, its scenario and the test, test.abort() and test.fail(). As in
// k6, what only exists once the test runs throws in the init context.
func (v *VU) executionModule() sobek.Value {
	obj := v.rt.NewObject()
	_ = obj.Set("instance", v.execInstance())
	_ = obj.Set("scenario", v.execScenario())
	_ = obj.Set("test", v.execTest())
	_ = obj.Set("vu", v.execVU())
	return obj
}

// getter is one read-only property computed on each read.
type getter struct {
	name string
	get  func() any
}

// getters builds an object of read-only accessors, in k6's order.
func (v *VU) getters(props ...getter) *sobek.Object {
	obj := v.rt.NewObject()
	for _, p := range props {
		_ = obj.DefineAccessorProperty(p.name, v.rt.ToValue(func() any { return p.get() }), nil, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
	}
	return obj
}

// notInInit wraps a getter that has no meaning before the test runs.
func (v *VU) notInInit(what string, get func() any) func() any {
	return func() any {
		if v.inInit {
			v.throw("k6/execution: getting %s in the init context is not supported", what)
		}
		return get()
	}
}

// execInstance is exec.instance: counts for this natsk6 process.
func (v *VU) execInstance() *sobek.Object {
	info := func(get func(st *runState) any) func() any {
		return v.notInInit("instance information", func() any { return get(v.t.state()) })
	}
	return v.getters(
		getter{"iterationsCompleted", info(func(st *runState) any {
			done, _ := st.iterations()
			return done
		})},
		getter{"iterationsInterrupted", info(func(st *runState) any {
			_, cut := st.iterations()
			return cut
		})},
		getter{"vusActive", info(func(st *runState) any { return st.activeVUs() })},
		getter{"vusInitialized", info(func(st *runState) any { return st.initializedVUs() })},
		getter{"currentTestRunDuration", info(func(st *runState) any {
			return float64(time.Since(st.start)) / float64(time.Millisecond)
		})},
	)
}

// execScenario is exec.scenario: only inside a scenario's iterations.
func (v *VU) execScenario() *sobek.Object {
	scenario := func(get func() any) func() any {
		return v.notInInit("scenario information", func() any {
			if v.scenario == nil {
				v.throw("k6/execution: getting scenario information outside of a scenario (in setup or teardown) is not supported")
			}
			return get()
		})
	}
	return v.getters(
		getter{"name", scenario(func() any { return v.scenario.Name })},
		getter{"executor", scenario(func() any { return v.scenario.Executor })},
		getter{"startTime", scenario(func() any { return v.t.scenariosStart.Add(v.scenario.StartTime).UnixMilli() })},
		getter{"progress", scenario(func() any { return v.t.state().progress(v.scenario) })},
		getter{"iterationInTest", scenario(func() any { return v.iter.InScenario })},
		getter{"iterationInInstance", scenario(func() any { return v.iter.InScenario })},
	)
}

// execVU is exec.vu: the VU's ids, iteration counters and metric tags.
func (v *VU) execVU() *sobek.Object {
	info := func(get func() any) func() any { return v.notInInit("VU information", get) }
	vu := v.getters(
		getter{"idInTest", info(func() any { return v.id })},
		getter{"idInInstance", info(func() any { return v.id })},
		getter{"iterationInInstance", info(func() any { return v.iterInInstance })},
		getter{"iterationInScenario", info(func() any { return v.iter.InScenarioVU })},
		// tags is k6's older name for metrics.tags.
		getter{"tags", info(func() any { return v.tagsObject() })},
	)
	metricsObj := v.getters(
		getter{"tags", info(func() any { return v.tagsObject() })},
		getter{"metadata", info(func() any { return v.metadataObject() })},
	)
	_ = vu.Set("metrics", metricsObj)
	return vu
}

// execTest is exec.test: the consolidated options, abort() and fail().
func (v *VU) execTest() *sobek.Object {
	test := v.getters(
		getter{"options", v.notInInit("test options", func() any { return v.testOptions() })},
	)
	_ = test.Set("abort", func(reason sobek.Value) {
		text := optionalString(reason)
		v.t.abort(text)
		v.rt.Interrupt(abortSignal{text})
	})
	_ = test.Set("fail", func(reason sobek.Value) {
		v.t.markFailed(optionalString(reason))
	})
	return test
}

// optionalString is an optional string argument, "" when absent.
func optionalString(val sobek.Value) string {
	if val == nil || sobek.IsUndefined(val) || sobek.IsNull(val) {
		return ""
	}
	return val.String()
}
