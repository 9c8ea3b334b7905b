// Package metrics is k6/metrics: the Counter, Gauge, Rate and Trend
// constructors of custom metrics.
package metrics

import (
	"fmt"
	"math"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/modules/k6"
)

// VU is what k6/metrics needs of its VU besides k6.VU.
type VU interface {
	k6.VU
	// ThrowOption is options.throw: a sample value that is not a number
	// throws instead of being dropped with a warning.
	ThrowOption() bool
}

// New builds the k6/metrics module for vu.
func New(vu VU) *sobek.Object {
	obj := vu.Runtime().NewObject()
	for name, typ := range map[string]metrics.Type{
		"Counter": metrics.Counter, "Gauge": metrics.Gauge, "Rate": metrics.Rate, "Trend": metrics.Trend,
	} {
		_ = obj.Set(name, constructor(vu, name, typ))
	}
	return obj
}

func constructor(vu VU, class string, typ metrics.Type) func(sobek.ConstructorCall) *sobek.Object {
	rt := vu.Runtime()
	return func(call sobek.ConstructorCall) *sobek.Object {
		if !vu.InInit() {
			k6.Throw(rt, "new %s: metrics must be declared in the init context (outside exported functions)", class)
		}
		name := call.Argument(0).String()
		contains := metrics.Default
		if call.Argument(1).ToBoolean() {
			contains = metrics.Time
		}
		m, err := vu.Registry().New(name, typ, contains)
		if err != nil {
			k6.Throw(rt, "new %s: %v", class, err)
		}
		obj := call.This
		_ = obj.Set("name", name)
		_ = obj.Set("add", func(c sobek.FunctionCall) sobek.Value {
			return rt.ToValue(add(vu, m, c.Argument(0), c.Argument(1)))
		})
		return nil
	}
}

// add records a custom metric sample with the VU's current tags plus the
// optional tags argument. A value that is not a number is dropped with a
// warning, or throws with the throw option, as in k6.
func add(vu VU, m *metrics.Metric, value, tagsArg sobek.Value) bool {
	var x float64
	if m.Type == metrics.Rate {
		if value.ToBoolean() {
			x = 1
		}
	} else if x = value.ToFloat(); math.IsNaN(x) {
		msg := fmt.Sprintf("%s.add: %s is not a number", m.Name, value.String())
		if vu.ThrowOption() {
			k6.Throw(vu.Runtime(), "%s", msg)
		}
		vu.Warn(msg + "; the sample is dropped")
		return false
	}
	tags := vu.Tags()
	if extra := k6.TagsArg(vu.Runtime(), tagsArg); len(extra) > 0 {
		tags = vu.Registry().With(tags, extra...)
	}
	vu.Emit(m, tags, x)
	return true
}
