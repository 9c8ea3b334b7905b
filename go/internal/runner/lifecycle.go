package runner

import (
	"context"
	"time"

	"github.com/grafana/sobek"
)

// lifecycle calls the exported function name (setup, teardown,
// handleSummary) if the script has one, within timeout, in the group
// "::name" as k6 tags it. It returns undefined when there is no such
// function.
func (v *VU) lifecycle(ctx context.Context, name string, timeout time.Duration, args ...sobek.Value) (sobek.Value, error) {
	fn, ok := sobek.AssertFunction(v.exports.Get(name))
	if !ok {
		return sobek.Undefined(), nil
	}
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	v.setScenario(nil)
	v.SetGroup("::" + name)
	defer v.SetGroup("")
	release := v.guard(ctx)
	val, err := v.callValue(ctx, fn, args...)
	release()
	v.sink.Flush()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return val, err
}

// stringify is JSON.stringify in this runtime.
func (v *VU) stringify(val sobek.Value) (string, error) {
	s, _ := sobek.AssertFunction(v.rt.Get("JSON").ToObject(v.rt).Get("stringify"))
	out, err := s(sobek.Undefined(), val)
	if err != nil {
		return "", err
	}
	if sobek.IsUndefined(out) {
		return "", nil
	}
	return out.String(), nil
}

// retag recomputes the tags of a VU that runs outside scenarios (setup,
// teardown) once the options, and so the test-wide tags, are known.
func (v *VU) retag() {
	v.scenarioTags = nil
	v.setScenario(nil)
}
