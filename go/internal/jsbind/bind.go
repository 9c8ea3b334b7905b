// Package jsbind exposes the plain-Go NATS module (package nats) to a VU's
// sobek runtime. It is the only place where NATS code meets engine types:
// it converts arguments, wraps Go values in JS objects described by
// classes, turns *nats.Error into thrown NatsError objects and settles
// Promises on the VU's event loop.
package jsbind

import (
	"errors"
	"fmt"
	"sort"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/internal/eventloop"
	"github.com/pondigo/natsk6/nats"
)

// Method implements one JS method; self is the Go value behind `this`.
type Method func(b *Binder, self any, call sobek.FunctionCall) sobek.Value

// Field computes one JS property of an instance, lazily on access.
type Field func(b *Binder, self any) sobek.Value

// Class describes one JS-facing type. Classes are the single source of
// truth for the module's surface: `natsk6 inspect` prints them and the
// typings test compares them with the .d.ts declarations.
type Class struct {
	Name    string // the TypeScript interface that declares it
	Methods map[string]Method
	Fields  map[string]Field
}

var classes = map[string]*Class{}

// register adds c to the surface; binding files call it from init.
func register(c *Class) *Class {
	if _, dup := classes[c.Name]; dup {
		panic("jsbind: class registered twice: " + c.Name)
	}
	classes[c.Name] = c
	return c
}

// Binder binds the module for one VU runtime.
type Binder struct {
	RT   *sobek.Runtime
	Loop *eventloop.Loop
	// Uncaught receives exceptions thrown by callbacks (subscription
	// handlers) that no script code can catch.
	Uncaught func(error)

	errorClass sobek.Value
	codes      *sobek.Object                     // nats.ErrorCode, built on first use
	methods    map[*Class]map[string]sobek.Value // per-runtime function values
}

// NewBinder prepares bindings on rt.
func NewBinder(rt *sobek.Runtime, loop *eventloop.Loop, uncaught func(error)) *Binder {
	ctor, err := rt.RunString(`(class NatsError extends Error {
  constructor(code, message) { super(message); this.name = 'NatsError'; this.code = code; }
})`)
	if err != nil {
		panic(err)
	}
	return &Binder{RT: rt, Loop: loop, Uncaught: uncaught, errorClass: ctor, methods: map[*Class]map[string]sobek.Value{}}
}

// ErrorValue converts err to the JS value a script catches: a NatsError
// with a numeric code for *nats.Error, a plain Error otherwise.
func (b *Binder) ErrorValue(err error) sobek.Value {
	var ne *nats.Error
	if errors.As(err, &ne) {
		obj, cerr := b.RT.New(b.errorClass, b.RT.ToValue(int(ne.Code)), b.RT.ToValue(ne.Error()))
		if cerr == nil {
			return obj
		}
	}
	return b.RT.NewGoError(err)
}

// Throw throws err into the script. It never returns.
func (b *Binder) Throw(err error) {
	panic(b.ErrorValue(err))
}

// Check throws err if it is not nil.
func (b *Binder) Check(err error) {
	if err != nil {
		b.Throw(err)
	}
}

// instance is the Go side of a wrapped object.
type instance struct {
	b     *Binder
	class *Class
	self  any
	extra map[string]sobek.Value // properties a script set on the object
}

// Wrap returns a JS object of class c backed by self.
func (b *Binder) Wrap(c *Class, self any) *sobek.Object {
	return b.RT.NewDynamicObject(&instance{b: b, class: c, self: self})
}

// Self returns the Go value behind a wrapped object, or nil.
func Self(v sobek.Value) any {
	if obj, ok := v.(*sobek.Object); ok {
		if in, ok := obj.Export().(*instance); ok {
			return in.self
		}
	}
	return nil
}

func (b *Binder) method(c *Class, name string) sobek.Value {
	table := b.methods[c]
	if table == nil {
		table = map[string]sobek.Value{}
		b.methods[c] = table
	}
	if fn, ok := table[name]; ok {
		return fn
	}
	impl := c.Methods[name]
	fn := b.RT.ToValue(func(call sobek.FunctionCall) sobek.Value {
		in, ok := call.This.Export().(*instance)
		if !ok || in.class != c {
			panic(b.RT.NewTypeError(fmt.Sprintf("%s.%s called on a value that is not a %s", c.Name, name, c.Name)))
		}
		return impl(b, in.self, call)
	})
	table[name] = fn
	return fn
}

func (in *instance) Get(key string) sobek.Value {
	if v, ok := in.extra[key]; ok {
		return v
	}
	if f, ok := in.class.Fields[key]; ok {
		return f(in.b, in.self)
	}
	if _, ok := in.class.Methods[key]; ok {
		return in.b.method(in.class, key)
	}
	return nil
}

func (in *instance) Set(key string, val sobek.Value) bool {
	if _, ok := in.class.Methods[key]; ok {
		return false
	}
	if _, ok := in.class.Fields[key]; ok {
		return false
	}
	if in.extra == nil {
		in.extra = map[string]sobek.Value{}
	}
	in.extra[key] = val
	return true
}

func (in *instance) Has(key string) bool {
	_, f := in.class.Fields[key]
	_, m := in.class.Methods[key]
	_, e := in.extra[key]
	return f || m || e
}

func (in *instance) Delete(key string) bool {
	delete(in.extra, key)
	return true
}

// Keys lists the data fields (not methods), so JSON.stringify and
// console.log show an instance's data.
func (in *instance) Keys() []string {
	keys := make([]string, 0, len(in.class.Fields)+len(in.extra))
	for k := range in.class.Fields {
		keys = append(keys, k)
	}
	for k := range in.extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// callHandler calls a script callback from the loop (a subscription
// handler, a watch): what it throws goes to Uncaught, since no script
// code can catch it.
func (b *Binder) callHandler(fn sobek.Callable, arg sobek.Value) {
	if _, err := fn(sobek.Undefined(), arg); err != nil && b.Uncaught != nil {
		b.Uncaught(err)
	}
}

// Async runs work on its own goroutine and returns a Promise settled on
// the VU's loop: resolved with convert(result), or rejected with the
// NatsError for the returned error.
func (b *Binder) Async(work func() (any, error), convert func(any) sobek.Value) sobek.Value {
	promise, resolve, reject := b.RT.NewPromise()
	deliver := b.Loop.Reserve()
	go func() {
		result, err := safeCall(work)
		deliver(func() {
			if err != nil {
				_ = reject(b.ErrorValue(err))
				return
			}
			_ = resolve(convert(result))
		})
	}()
	return b.RT.ToValue(promise)
}

// safeCall keeps a panic in background work from killing the process.
func safeCall(work func() (any, error)) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v", r)
		}
	}()
	return work()
}
