package execution

import (
	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/modules/k6"
)

// testOptions is exec.test.options: the consolidated options, deeply
// frozen as in k6, built once per VU.
func (m *module) testOptions() *sobek.Object {
	if m.options != nil {
		return m.options
	}
	raw, err := m.vu.Run().Options()
	if err != nil {
		k6.Throw(m.rt, "k6/execution: test.options: %v", err)
	}
	parse, _ := sobek.AssertFunction(m.rt.Get("JSON").ToObject(m.rt).Get("parse"))
	val, err := parse(sobek.Undefined(), m.rt.ToValue(string(raw)))
	if err != nil {
		k6.Throw(m.rt, "k6/execution: test.options: %v", err)
	}
	m.options = val.ToObject(m.rt)
	m.deepFreeze(m.options)
	return m.options
}

// deepFreeze applies Object.freeze to obj and every object inside it.
func (m *module) deepFreeze(obj *sobek.Object) {
	freeze, _ := sobek.AssertFunction(m.rt.Get("Object").ToObject(m.rt).Get("freeze"))
	var walk func(o *sobek.Object)
	walk = func(o *sobek.Object) {
		for _, k := range o.Keys() {
			if child, ok := o.Get(k).(*sobek.Object); ok {
				walk(child)
			}
		}
		_, _ = freeze(sobek.Undefined(), o)
	}
	walk(obj)
}
