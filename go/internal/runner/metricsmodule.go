package runner

import (
	"fmt"
	"math"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// metricsModule is `k6/metrics`: the custom metric constructors.
func (v *VU) metricsModule() sobek.Value {
	obj := v.rt.NewObject()
	for name, typ := range map[string]metrics.Type{
		"Counter": metrics.Counter, "Gauge": metrics.Gauge, "Rate": metrics.Rate, "Trend": metrics.Trend,
	} {
		_ = obj.Set(name, v.metricConstructor(name, typ))
	}
	return obj
}

func (v *VU) metricConstructor(class string, typ metrics.Type) func(sobek.ConstructorCall) *sobek.Object {
	return func(call sobek.ConstructorCall) *sobek.Object {
		if !v.inInit {
			v.throw("new %s: metrics must be declared in the init context (outside exported functions)", class)
		}
		name := call.Argument(0).String()
		contains := metrics.Default
		if call.Argument(1).ToBoolean() {
			contains = metrics.Time
		}
		m, err := v.t.registry.New(name, typ, contains)
		if err != nil {
			v.throw("new %s: %v", class, err)
		}
		obj := call.This
		_ = obj.Set("name", name)
		_ = obj.Set("add", func(c sobek.FunctionCall) sobek.Value {
			return v.rt.ToValue(v.addSample(m, c.Argument(0), c.Argument(1)))
		})
		return nil
	}
}

// addSample records a custom metric sample with the VU's current tags
// plus the optional tags argument. A value that is not a number is
// dropped with a warning, or throws with the throw option, as in k6.
func (v *VU) addSample(m *metrics.Metric, value, tagsArg sobek.Value) bool {
	var x float64
	if m.Type == metrics.Rate {
		if value.ToBoolean() {
			x = 1
		}
	} else if x = value.ToFloat(); math.IsNaN(x) {
		msg := fmt.Sprintf("%s.add: %s is not a number", m.Name, value.String())
		if v.t.opts != nil && v.t.opts.Throw {
			v.throw("%s", msg)
		}
		v.t.console.log("WARN", msg+"; the sample is dropped", "")
		return false
	}
	tags := v.tags
	if extra := v.tagsArg(tagsArg); len(extra) > 0 {
		tags = v.t.registry.With(tags, extra...)
	}
	v.sink.Add(m, tags, x)
	return true
}
