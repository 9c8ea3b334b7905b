// Package k6 is the `k6` module (check, group, sleep, fail) and what the
// k6 modules share: the VU interface through which they reach the VU
// that imports them, as k6's modules depend on a VU rather than on the
// runner, and helpers for their arguments. Its subpackages are the other
// k6 modules; the runner builds each per VU and owns the lifecycle.
package k6

import (
	"fmt"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// VU is what every k6 module that records samples needs of its VU.
type VU interface {
	// Runtime is the VU's JavaScript runtime.
	Runtime() *sobek.Runtime
	// InInit reports whether the VU is running the script's init code.
	InInit() bool
	// Tags are the tags the VU's samples carry now (scenario, group, ...).
	Tags() *metrics.TagSet
	// Registry is the test's metric registry.
	Registry() *metrics.Registry
	// Emit records one sample in the VU's metric sink.
	Emit(m *metrics.Metric, tags *metrics.TagSet, value float64)
	// Warn writes a warning to the runner's log.
	Warn(msg string)
}

// Throw raises a JS Error with the formatted message in rt.
func Throw(rt *sobek.Runtime, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if ctor, ok := sobek.AssertConstructor(rt.Get("Error")); ok {
		if obj, err := ctor(nil, rt.ToValue(msg)); err == nil {
			panic(obj)
		}
	}
	panic(rt.NewGoError(fmt.Errorf("%s", msg)))
}

// TagsArg converts an optional `{ tags }`-style object of extra tags into
// key/value pairs. k6's check and metric add take a plain tags object.
func TagsArg(rt *sobek.Runtime, arg sobek.Value) []string {
	if !IsSet(arg) {
		return nil
	}
	obj := arg.ToObject(rt)
	var pairs []string
	for _, k := range obj.Keys() {
		pairs = append(pairs, k, obj.Get(k).String())
	}
	return pairs
}

// OptionalString is an optional string argument, "" when absent.
func OptionalString(val sobek.Value) string {
	if !IsSet(val) {
		return ""
	}
	return val.String()
}

// IsSet reports whether an optional argument was given: not missing,
// undefined or null.
func IsSet(val sobek.Value) bool {
	return val != nil && !sobek.IsUndefined(val) && !sobek.IsNull(val)
}
