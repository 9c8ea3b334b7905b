// Package timers is k6/timers: setTimeout, setInterval, clearTimeout and
// clearInterval on the VU's event loop. k6 offers the same functions as
// globals; the runner defines them from the module object so that both
// share one set of timers.
package timers

import (
	"time"

	"github.com/grafana/sobek"
)

// VU is what the timers need of their VU.
type VU interface {
	// Runtime is the VU's JavaScript runtime.
	Runtime() *sobek.Runtime
	// Reserve holds the VU's event loop open until the function it
	// returns is called with a callback to run on the loop.
	Reserve() func(func())
	// ReportException prints an exception a timer callback threw.
	ReportException(err error)
}

// timer is one pending setTimeout or setInterval. While pending it holds
// a reservation on the VU's loop, so an iteration waits for it as k6
// does.
type timer struct {
	timer   *time.Timer
	deliver func(func())
}

// timers are one VU's pending timers by id.
type timers struct {
	vu      VU
	pending map[int64]*timer
	nextID  int64
}

// New builds the k6/timers module for vu.
func New(vu VU) *sobek.Object {
	t := &timers{vu: vu, pending: map[int64]*timer{}}
	obj := vu.Runtime().NewObject()
	_ = obj.Set("setTimeout", func(c sobek.FunctionCall) sobek.Value { return t.schedule(c, false) })
	_ = obj.Set("setInterval", func(c sobek.FunctionCall) sobek.Value { return t.schedule(c, true) })
	_ = obj.Set("clearTimeout", t.cancel)
	_ = obj.Set("clearInterval", t.cancel)
	return obj
}

func (t *timers) cancel(call sobek.FunctionCall) sobek.Value {
	id := call.Argument(0).ToInteger()
	if p, ok := t.pending[id]; ok {
		delete(t.pending, id)
		p.timer.Stop()
		p.deliver(func() {}) // release the reservation
	}
	return sobek.Undefined()
}

func (t *timers) schedule(call sobek.FunctionCall, repeat bool) sobek.Value {
	rt := t.vu.Runtime()
	fn, ok := sobek.AssertFunction(call.Argument(0))
	if !ok {
		panic(rt.NewTypeError("timer callback must be a function"))
	}
	delay := max(time.Duration(call.Argument(1).ToFloat()*float64(time.Millisecond)), 0)
	var args []sobek.Value
	if len(call.Arguments) > 2 {
		args = append(args, call.Arguments[2:]...)
	}
	t.nextID++
	id := t.nextID
	var arm func()
	arm = func() {
		p := &timer{deliver: t.vu.Reserve()}
		t.pending[id] = p
		p.timer = time.AfterFunc(delay, func() {
			p.deliver(func() {
				if t.pending[id] != p {
					return // cleared meanwhile
				}
				delete(t.pending, id)
				if repeat {
					arm()
				}
				if _, err := fn(sobek.Undefined(), args...); err != nil {
					t.vu.ReportException(err)
				}
			})
		})
	}
	arm()
	return rt.ToValue(id)
}
