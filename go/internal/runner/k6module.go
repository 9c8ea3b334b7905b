package runner

import (
	"fmt"
	"strings"
	"time"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// throw raises a JS Error with msg in the script.
func (v *VU) throw(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if ctor, ok := sobek.AssertConstructor(v.rt.Get("Error")); ok {
		if obj, err := ctor(nil, v.rt.ToValue(msg)); err == nil {
			panic(obj)
		}
	}
	panic(v.rt.NewGoError(fmt.Errorf("%s", msg)))
}

// k6Module is `k6`: check, group, sleep, fail.
func (v *VU) k6Module() sobek.Value {
	obj := v.rt.NewObject()
	_ = obj.Set("check", v.check)
	_ = obj.Set("group", v.groupCall)
	_ = obj.Set("sleep", v.sleep)
	_ = obj.Set("fail", func(msg sobek.Value) {
		text := ""
		if msg != nil && !sobek.IsUndefined(msg) {
			text = msg.String()
		}
		v.throw("%s", text)
	})
	return obj
}

type checkKey struct {
	base *metrics.TagSet
	name string
}

// check emits one `checks` sample per named check and reports whether
// all passed. A check is a function called with value, or a plain value.
func (v *VU) check(call sobek.FunctionCall) sobek.Value {
	value := call.Argument(0)
	setsArg := call.Argument(1)
	if sobek.IsUndefined(setsArg) || sobek.IsNull(setsArg) {
		return v.rt.ToValue(true)
	}
	sets := setsArg.ToObject(v.rt)
	extra := v.tagsArg(call.Argument(2))
	all := true
	for _, name := range sets.Keys() {
		pass := false
		c := sets.Get(name)
		if fn, ok := sobek.AssertFunction(c); ok {
			r, err := fn(sobek.Undefined(), value)
			if err != nil {
				panic(err)
			}
			pass = r.ToBoolean()
		} else {
			pass = c.ToBoolean()
		}
		sample := 0.0
		if pass {
			sample = 1
		} else {
			all = false
		}
		v.sink.Add(v.t.builtin.Checks, v.checkTags(name, extra), sample)
	}
	return v.rt.ToValue(all)
}

// checkTags returns the tags of one check sample, cached per group and
// name because checks repeat every iteration.
func (v *VU) checkTags(name string, extra []string) *metrics.TagSet {
	if !v.t.hasSystemTag("check") {
		return v.t.registry.With(v.tags, extra...)
	}
	if len(extra) > 0 {
		return v.t.registry.With(v.tags, append([]string{"check", name}, extra...)...)
	}
	key := checkKey{v.tags, name}
	if ts, ok := v.checkTagCache[key]; ok {
		return ts
	}
	ts := v.t.registry.With(v.tags, "check", name)
	v.checkTagCache[key] = ts
	return ts
}

// tagsArg converts an optional `{ tags }`-style object of extra tags into
// key/value pairs. k6's check and metric add take a plain tags object.
func (v *VU) tagsArg(arg sobek.Value) []string {
	if arg == nil || sobek.IsUndefined(arg) || sobek.IsNull(arg) {
		return nil
	}
	obj := arg.ToObject(v.rt)
	var pairs []string
	for _, k := range obj.Keys() {
		pairs = append(pairs, k, obj.Get(k).String())
	}
	return pairs
}

// groupCall runs fn inside a named group: samples emitted in it carry
// the group path, and group_duration records how long it took.
func (v *VU) groupCall(name string, fn sobek.Value) sobek.Value {
	if strings.Contains(name, "::") {
		v.throw("group and check names may not contain '::', got %q", name)
	}
	call, ok := sobek.AssertFunction(fn)
	if !ok {
		v.throw("group %q: the second argument must be a function", name)
	}
	parent := v.group
	v.setGroup(parent + "::" + name)
	tags := v.tags
	start := time.Now()
	result, err := call(sobek.Undefined())
	v.sink.Add(v.t.builtin.GroupDuration, tags, msSince(start))
	v.setGroup(parent)
	if err != nil {
		panic(err)
	}
	return result
}

// sleep runs the VU's event loop for the given seconds: handlers and
// timers that come due meanwhile run now (unlike k6, whose sleep blocks).
// Interruption of the iteration ends it early.
func (v *VU) sleep(seconds float64) {
	if seconds <= 0 {
		return
	}
	if err := v.loop.RunFor(v.ctx, time.Duration(seconds*float64(time.Second))); err != nil {
		// Stop the script now rather than when the guard's goroutine gets to it.
		v.rt.Interrupt(errInterrupted)
	}
}

func msSince(t time.Time) float64 {
	return float64(time.Since(t)) / float64(time.Millisecond)
}
