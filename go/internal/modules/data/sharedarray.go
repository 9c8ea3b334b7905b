package data

import (
	"errors"
	"fmt"

	"github.com/grafana/sobek"
)

// New builds the module object for rt. reg is the test's registry;
// inInit reports whether the VU is still running its init code, the only
// place k6 allows new SharedArray.
func New(rt *sobek.Runtime, reg *Registry, inInit func() bool) *sobek.Object {
	m := &module{rt: rt, reg: reg, inInit: inInit}
	obj := rt.NewObject()
	_ = obj.Set("SharedArray", m.construct)
	return obj
}

type module struct {
	rt     *sobek.Runtime
	reg    *Registry
	inInit func() bool
	parse  sobek.Callable // JSON.parse
	freeze sobek.Callable // a deep Object.freeze
}

func (m *module) construct(call sobek.ConstructorCall) *sobek.Object {
	rt := m.rt
	if !m.inInit() {
		panic(rt.NewGoError(errors.New("new SharedArray must be called in the init context")))
	}
	nameArg := call.Argument(0)
	if sobek.IsUndefined(nameArg) || nameArg.String() == "" {
		panic(rt.NewTypeError("SharedArray: the first argument must be a non-empty name"))
	}
	name := nameArg.String()
	fn, ok := sobek.AssertFunction(call.Argument(1))
	if !ok {
		panic(rt.NewTypeError(fmt.Sprintf("SharedArray %q: the second argument must be a function returning an array", name)))
	}
	elems, err := m.reg.get(name, func() ([]string, error) { return m.build(name, fn) })
	if err != nil {
		var ex *sobek.Exception
		if errors.As(err, &ex) {
			panic(ex)
		}
		panic(rt.NewGoError(err))
	}
	m.helpers()
	return rt.NewDynamicArray(&view{m: m, elems: elems})
}

// build runs fn and keeps each element of its array as JSON.
func (m *module) build(name string, fn sobek.Callable) ([]string, error) {
	rt := m.rt
	out, err := fn(sobek.Undefined())
	if err != nil {
		return nil, err
	}
	arr, ok := out.(*sobek.Object)
	if !ok || arr.ClassName() != "Array" {
		return nil, fmt.Errorf("SharedArray %q: the function must return an array, got %s", name, describe(out))
	}
	stringify, _ := sobek.AssertFunction(rt.Get("JSON").ToObject(rt).Get("stringify"))
	n := arr.Get("length").ToInteger()
	elems := make([]string, n)
	for i := range n {
		s, err := stringify(sobek.Undefined(), arr.Get(fmt.Sprint(i)))
		if err != nil {
			return nil, fmt.Errorf("SharedArray %q: element %d: %w", name, i, err)
		}
		if sobek.IsUndefined(s) {
			elems[i] = "null" // as JSON.stringify renders undefined in arrays
			continue
		}
		elems[i] = s.String()
	}
	return elems, nil
}

func describe(v sobek.Value) string {
	if v == nil || sobek.IsUndefined(v) {
		return "undefined"
	}
	if obj, ok := v.(*sobek.Object); ok {
		return obj.ClassName()
	}
	return v.ExportType().String()
}

// helpers compiles, once per runtime, what element access needs.
func (m *module) helpers() {
	if m.parse != nil {
		return
	}
	rt := m.rt
	m.parse, _ = sobek.AssertFunction(rt.Get("JSON").ToObject(rt).Get("parse"))
	f, err := rt.RunString(`(function deepFreeze(o) {
  if (o !== null && typeof o === 'object') {
    for (const k of Object.keys(o)) deepFreeze(o[k]);
    Object.freeze(o);
  }
  return o;
})`)
	if err != nil {
		panic(err) // a constant script: cannot fail
	}
	m.freeze, _ = sobek.AssertFunction(f)
}

// view is one VU's SharedArray: the registry's elements, parsed into a
// frozen copy on each access as k6 hands out copies; writes are refused,
// which throws a TypeError in the strict code of ES modules.
type view struct {
	m     *module
	elems []string
}

func (v *view) Len() int { return len(v.elems) }

func (v *view) Get(idx int) sobek.Value {
	if idx < 0 || idx >= len(v.elems) {
		return sobek.Undefined()
	}
	val, err := v.m.parse(sobek.Undefined(), v.m.rt.ToValue(v.elems[idx]))
	if err != nil {
		panic(err)
	}
	frozen, err := v.m.freeze(sobek.Undefined(), val)
	if err != nil {
		panic(err)
	}
	return frozen
}

func (v *view) Set(int, sobek.Value) bool { return false }

func (v *view) SetLen(int) bool { return false }
