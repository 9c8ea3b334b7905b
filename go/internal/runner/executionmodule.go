package runner

import (
	"github.com/grafana/sobek"
)

// abortSignal interrupts the VU that called test.abort().
type abortSignal struct{ reason string }

func (a abortSignal) String() string { return "test aborted: " + a.reason }

// executionModule is `k6/execution`: live information about the VU, its
// scenario and the test, and test.abort().
func (v *VU) executionModule() sobek.Value {
	rt := v.rt
	getters := func(props map[string]func() any) *sobek.Object {
		obj := rt.NewObject()
		for name, get := range props {
			get := get
			_ = obj.DefineAccessorProperty(name, rt.ToValue(func() any { return get() }), nil, sobek.FLAG_FALSE, sobek.FLAG_TRUE)
		}
		return obj
	}
	scenario := func(get func() any) func() any {
		return func() any {
			if v.scenario == nil {
				v.throw("k6/execution: scenario information is only available inside scenario functions")
			}
			return get()
		}
	}
	vu := getters(map[string]func() any{
		"idInTest":            func() any { return v.id },
		"idInInstance":        func() any { return v.id },
		"iterationInInstance": func() any { return v.iterInInstance },
		"iterationInScenario": func() any { return v.iter.InScenarioVU },
	})
	sc := getters(map[string]func() any{
		"name":                scenario(func() any { return v.scenario.Name }),
		"executor":            scenario(func() any { return v.scenario.Executor }),
		"startTime":           scenario(func() any { return v.t.scenariosStart.Add(v.scenario.StartTime).UnixMilli() }),
		"iterationInTest":     scenario(func() any { return v.iter.InScenario }),
		"iterationInInstance": scenario(func() any { return v.iter.InScenario }),
	})
	test := getters(map[string]func() any{
		"options": func() any {
			opts, err := rt.RunString("(" + string(v.t.optionsJSON) + ")")
			if err != nil || len(v.t.optionsJSON) == 0 {
				return rt.NewObject()
			}
			return opts
		},
	})
	_ = test.Set("abort", func(reason sobek.Value) {
		text := ""
		if reason != nil && !sobek.IsUndefined(reason) {
			text = reason.String()
		}
		v.t.abort(text)
		rt.Interrupt(abortSignal{text})
	})
	obj := rt.NewObject()
	_ = obj.Set("vu", vu)
	_ = obj.Set("scenario", sc)
	_ = obj.Set("test", test)
	return obj
}
