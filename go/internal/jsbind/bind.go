// Package jsbind exposes the plain-Go NATS module (package nats) to a VU's
// sobek runtime. It is the only place where NATS code meets engine types:
// it converts arguments, wraps Go values in JS objects described by
// classes, turns *nats.Error into thrown NatsError objects and settles
// Promises on the VU's event loop.
package jsbind

import (
	"errors"
	"fmt"
	"reflect"
	"sort"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/eventloop"
	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/safely"
)

// Method implements one JS method; self is the Go value behind `this`.
// Build one with method, which checks self's type.
type Method func(b *Binder, self any, call sobek.FunctionCall) sobek.Value

// Field computes one JS property of an instance, lazily on access.
// Build one with field, which checks self's type.
type Field func(b *Binder, self any) sobek.Value

// method types a Method's receiver: impl gets self as a T, and a call
// on an instance backed by anything else (a class declared with the
// wrong Go type) throws a TypeError instead of panicking.
func method[T any](impl func(b *Binder, self T, call sobek.FunctionCall) sobek.Value) Method {
	return func(b *Binder, self any, call sobek.FunctionCall) sobek.Value {
		return impl(b, receiver[T](b, self), call)
	}
}

// field types a Field's receiver, as method does for methods.
func field[T any](get func(b *Binder, self T) sobek.Value) Field {
	return func(b *Binder, self any) sobek.Value {
		return get(b, receiver[T](b, self))
	}
}

// receiver returns self as a T, or throws a TypeError naming both types.
func receiver[T any](b *Binder, self any) T {
	s, ok := self.(T)
	if !ok {
		if _, expired := self.(expiredMsg); expired {
			panic(b.RT.NewTypeError(expiredMsgText))
		}
		panic(b.RT.NewTypeError(fmt.Sprintf("natsk6: a method of %s called on a %T", reflect.TypeFor[T](), self)))
	}
	return s
}

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

	errorClass sobek.Value // NatsError, defined on first use
	codes      sobek.Value // natsmod.ErrorCode, built on first use
	bindings   map[*Class]*classBinding

	// VU goroutine only: per-message handler calls reuse these.
	handlerArgs   [1]sobek.Value // callHandler's argument list, when not nested
	inHandler     bool
	subjectKey    string      // the subject subjectValue converted last
	subjectCached sobek.Value // and its value
}

// NewBinder prepares bindings on rt.
func NewBinder(rt *sobek.Runtime, loop *eventloop.Loop, uncaught func(error)) *Binder {
	return &Binder{RT: rt, Loop: loop, Uncaught: uncaught, bindings: map[*Class]*classBinding{}}
}

// natsErrorProgram defines the NatsError class. It is compiled once for
// every runtime, and named so that the constructor's stack frame reads
// as natsk6's rather than as the script's own "<eval>".
var natsErrorProgram = sobek.MustCompile("natsk6:NatsError", `(class NatsError extends Error {
  constructor(code, message) { super(message); this.name = 'NatsError'; this.code = code; }
})`, true)

// natsError is the runtime's NatsError class, defined on the first error
// that needs it: most VUs never throw one.
func (b *Binder) natsError() sobek.Value {
	if b.errorClass == nil {
		ctor, err := b.RT.RunProgram(natsErrorProgram)
		if err != nil {
			panic(err)
		}
		b.errorClass = ctor
	}
	return b.errorClass
}

// ErrorValue converts err to the JS value a script catches: a NatsError
// with a numeric code for *nats.Error, a plain Error otherwise.
func (b *Binder) ErrorValue(err error) sobek.Value {
	var ne *natsmod.Error
	if errors.As(err, &ne) {
		obj, cerr := b.RT.New(b.natsError(), b.RT.ToValue(int(ne.Code)), b.RT.ToValue(ne.Error()))
		if cerr == nil {
			return obj
		}
	}
	return b.RT.NewGoError(err)
}

// Throw throws err into the script. It never returns. A call the end of
// the VU's context cut short (nats.ErrInterrupted) throws an uncatchable
// interruption instead: no catch or finally block runs, so the script
// cannot count it as a failure, and the runner sees an interrupted
// iteration, as when it interrupts the runtime itself.
func (b *Binder) Throw(err error) {
	if natsmod.IsInterrupted(err) {
		panic(&interruption{cause: err})
	}
	panic(b.ErrorValue(err))
}

// interruption is the uncatchable exception of an interrupted call:
// sobek lets a panic through every script frame when the error wraps one
// of its uncatchable exceptions.
type interruption struct{ cause error }

func (i *interruption) Error() string { return i.cause.Error() }
func (i *interruption) Unwrap() error { return &sobek.InterruptedError{} }

// Check throws err if it is not nil.
func (b *Binder) Check(err error) {
	if err != nil {
		b.Throw(err)
	}
}

// instance is the Go side of a wrapped object: its data fields, computed
// on access, and the properties a script set. Methods live on the class's
// prototype (see classBinding), which sobek resolves as for any object.
type instance struct {
	b     *Binder
	class *Class
	self  any
	extra map[string]sobek.Value // properties a script set on the object
}

// classBinding is a class's per-runtime state: the prototype holding its
// methods, and the instance whose method ran last.
type classBinding struct {
	class *Class
	proto *sobek.Object
	// Scripts call methods on the same object in loops (conn.publish):
	// remembering it skips Object.Export, which allocates on every call.
	// Both fields are used on the VU goroutine only.
	lastThis *sobek.Object
	lastIn   *instance
}

// Wrap returns a JS object of class c backed by self.
func (b *Binder) Wrap(c *Class, self any) *sobek.Object {
	return b.wrapInstance(&instance{b: b, class: c, self: self})
}

// wrapInstance returns the JS object for in, whose b, class and self are
// set: Wrap for callers that allocate in with something else.
func (b *Binder) wrapInstance(in *instance) *sobek.Object {
	obj := b.RT.NewDynamicObject(in)
	if err := obj.SetPrototype(b.binding(in.class).proto); err != nil {
		b.Throw(err)
	}
	return obj
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

// binding returns c's per-runtime state, building its prototype on first
// use: one function value per method, read-only and not enumerable, as a
// JS class declares its methods.
func (b *Binder) binding(c *Class) *classBinding {
	if cb, ok := b.bindings[c]; ok {
		return cb
	}
	cb := &classBinding{class: c, proto: b.RT.NewObject()}
	for name, impl := range c.Methods {
		fn := b.RT.ToValue(b.methodFunc(cb, name, impl))
		if err := cb.proto.DefineDataProperty(name, fn, sobek.FLAG_FALSE, sobek.FLAG_FALSE, sobek.FLAG_FALSE); err != nil {
			panic(err)
		}
	}
	b.bindings[c] = cb
	return cb
}

func (b *Binder) methodFunc(cb *classBinding, name string, impl Method) func(sobek.FunctionCall) sobek.Value {
	return func(call sobek.FunctionCall) sobek.Value {
		in := cb.instanceOf(call.This)
		if in == nil {
			panic(b.RT.NewTypeError(fmt.Sprintf("%s.%s called on a value that is not a %s", cb.class.Name, name, cb.class.Name)))
		}
		return impl(b, in.self, call)
	}
}

// instanceOf returns the instance behind this, or nil when this is not
// an object of the binding's class.
func (cb *classBinding) instanceOf(this sobek.Value) *instance {
	obj, ok := this.(*sobek.Object)
	if !ok {
		return nil
	}
	if obj == cb.lastThis {
		return cb.lastIn
	}
	in, ok := obj.Export().(*instance)
	if !ok || in.class != cb.class {
		return nil
	}
	cb.lastThis, cb.lastIn = obj, in
	return in
}

func (in *instance) Get(key string) sobek.Value {
	if v, ok := in.extra[key]; ok {
		return v
	}
	if f, ok := in.class.Fields[key]; ok {
		return f(in.b, in.self)
	}
	return nil // methods and Object.prototype's members: from the prototype chain
}

// Set keeps fields read-only; assigning a method fails on the prototype's
// read-only property before it gets here.
func (in *instance) Set(key string, val sobek.Value) bool {
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
	_, e := in.extra[key]
	return f || e
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
// code can catch it. A nil arg calls it without arguments.
func (b *Binder) callHandler(fn sobek.Callable, arg sobek.Value) {
	var err error
	switch {
	case arg == nil:
		_, err = fn(sobek.Undefined()) // a handler that takes nothing
	case b.inHandler:
		_, err = fn(sobek.Undefined(), arg) // nested: an argument list of its own
	default:
		// One call per message: reuse the argument list (sobek copies
		// arguments onto its stack, so nothing keeps it).
		b.inHandler, b.handlerArgs[0] = true, arg
		_, err = fn(sobek.Undefined(), b.handlerArgs[:]...)
		b.inHandler, b.handlerArgs[0] = false, nil
	}
	if err != nil && b.Uncaught != nil {
		b.Uncaught(err)
	}
}

// Async runs work on its own goroutine and returns a Promise settled on
// the VU's loop: resolved with convert(result), or rejected with the
// NatsError for the returned error.
func (b *Binder) Async(work func() (any, error), convert func(any) sobek.Value) sobek.Value {
	promise, settle := promiseOf(b, convert)
	deliver := b.Loop.Reserve()
	go func() {
		result, err := safely.Call(work)
		if natsmod.IsInterrupted(err) {
			// The iteration that started it has ended: nobody awaits
			// the Promise, which stays pending.
			deliver(func() {})
			return
		}
		deliver(func() { settle(result, err) })
	}()
	return promise
}

// promiseOf returns a Promise and the function that settles it, to be
// called on the VU goroutine: resolved with convert(result), or rejected
// with the NatsError for err.
func promiseOf[T any](b *Binder, convert func(T) sobek.Value) (sobek.Value, func(T, error)) {
	promise, resolve, reject := b.RT.NewPromise()
	return b.RT.ToValue(promise), func(result T, err error) {
		if natsmod.IsInterrupted(err) {
			return // its iteration ended: nobody awaits the Promise
		}
		if err != nil {
			_ = reject(b.ErrorValue(err))
			return
		}
		_ = resolve(convert(result))
	}
}
