package k6

import (
	"strings"
	"time"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// ModuleVU is what the `k6` module needs of its VU besides VU: the
// built-in metrics its checks and groups record, the group the VU is in,
// and a sleep that keeps the VU's event loop running.
type ModuleVU interface {
	VU
	// Builtin are the test's built-in metrics (checks, group_duration).
	Builtin() *metrics.Builtin
	// HasSystemTag reports whether samples carry the system tag name.
	HasSystemTag(name string) bool
	// Group is the current group path ("" is the root group).
	Group() string
	// SetGroup enters the group path, which later samples are tagged with.
	SetGroup(path string)
	// Sleep waits d while running the VU's event loop; it returns early
	// when the iteration is interrupted.
	Sleep(d time.Duration)
}

// module is one VU's `k6` module.
type module struct {
	vu ModuleVU
	rt *sobek.Runtime
	// checkTags caches the tags of check samples per group and name,
	// because checks repeat every iteration.
	checkTags map[checkKey]*metrics.TagSet
}

type checkKey struct {
	base *metrics.TagSet
	name string
}

// New builds the `k6` module (check, group, sleep, fail) for vu.
func New(vu ModuleVU) *sobek.Object {
	m := &module{vu: vu, rt: vu.Runtime(), checkTags: map[checkKey]*metrics.TagSet{}}
	obj := m.rt.NewObject()
	_ = obj.Set("check", m.check)
	_ = obj.Set("group", m.group)
	_ = obj.Set("sleep", m.sleep)
	_ = obj.Set("fail", func(msg sobek.Value) { Throw(m.rt, "%s", OptionalString(msg)) })
	return obj
}

// check emits one `checks` sample per named check and reports whether
// all passed. A check is a function called with value, or a plain value.
func (m *module) check(call sobek.FunctionCall) sobek.Value {
	value := call.Argument(0)
	setsArg := call.Argument(1)
	if !IsSet(setsArg) {
		return m.rt.ToValue(true)
	}
	sets := setsArg.ToObject(m.rt)
	extra := TagsArg(m.rt, call.Argument(2))
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
		m.vu.Emit(m.vu.Builtin().Checks, m.checkTagSet(name, extra), sample)
	}
	return m.rt.ToValue(all)
}

// checkTagSet returns the tags of one check sample.
func (m *module) checkTagSet(name string, extra []string) *metrics.TagSet {
	reg, tags := m.vu.Registry(), m.vu.Tags()
	if !m.vu.HasSystemTag("check") {
		return reg.With(tags, extra...)
	}
	if len(extra) > 0 {
		return reg.With(tags, append([]string{"check", name}, extra...)...)
	}
	key := checkKey{tags, name}
	if ts, ok := m.checkTags[key]; ok {
		return ts
	}
	ts := reg.With(tags, "check", name)
	m.checkTags[key] = ts
	return ts
}

// group runs fn inside a named group: samples emitted in it carry the
// group path, and group_duration records how long it took.
func (m *module) group(name string, fn sobek.Value) sobek.Value {
	if strings.Contains(name, "::") {
		Throw(m.rt, "group and check names may not contain '::', got %q", name)
	}
	call, ok := sobek.AssertFunction(fn)
	if !ok {
		Throw(m.rt, "group %q: the second argument must be a function", name)
	}
	parent := m.vu.Group()
	m.vu.SetGroup(parent + "::" + name)
	tags := m.vu.Tags()
	start := time.Now()
	result, err := call(sobek.Undefined())
	m.vu.Emit(m.vu.Builtin().GroupDuration, tags, MillisecondsSince(start))
	m.vu.SetGroup(parent)
	if err != nil {
		panic(err)
	}
	return result
}

// sleep runs the VU's event loop for the given seconds: handlers and
// timers that come due meanwhile run now (unlike k6, whose sleep blocks).
func (m *module) sleep(seconds float64) {
	if seconds > 0 {
		m.vu.Sleep(time.Duration(seconds * float64(time.Second)))
	}
}

// MillisecondsSince is the time since t in milliseconds, the unit of
// k6's time metrics.
func MillisecondsSince(t time.Time) float64 {
	return float64(time.Since(t)) / float64(time.Millisecond)
}
