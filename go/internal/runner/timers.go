package runner

import (
	"time"

	"github.com/grafana/sobek"
)

// vuTimer is one pending setTimeout or setInterval. While pending it
// holds a reservation on the VU's loop, so an iteration waits for it as
// k6 does.
type vuTimer struct {
	timer   *time.Timer
	deliver func(func())
}

type timerFunc func(call sobek.FunctionCall) sobek.Value

func (v *VU) timerFuncs() map[string]timerFunc {
	timers := map[int64]*vuTimer{}
	var nextID int64

	cancel := func(call sobek.FunctionCall) sobek.Value {
		id := call.Argument(0).ToInteger()
		if t, ok := timers[id]; ok {
			delete(timers, id)
			t.timer.Stop()
			t.deliver(func() {}) // release the reservation
		}
		return sobek.Undefined()
	}

	schedule := func(call sobek.FunctionCall, repeat bool) sobek.Value {
		fn, ok := sobek.AssertFunction(call.Argument(0))
		if !ok {
			panic(v.rt.NewTypeError("timer callback must be a function"))
		}
		delay := time.Duration(call.Argument(1).ToFloat() * float64(time.Millisecond))
		if delay < 0 {
			delay = 0
		}
		var args []sobek.Value
		if len(call.Arguments) > 2 {
			args = append(args, call.Arguments[2:]...)
		}
		nextID++
		id := nextID
		var arm func()
		arm = func() {
			t := &vuTimer{deliver: v.loop.Reserve()}
			timers[id] = t
			t.timer = time.AfterFunc(delay, func() {
				t.deliver(func() {
					if timers[id] != t {
						return // cleared meanwhile
					}
					delete(timers, id)
					if repeat {
						arm()
					}
					if _, err := fn(sobek.Undefined(), args...); err != nil {
						v.reportException(err, false)
					}
				})
			})
		}
		arm()
		return v.rt.ToValue(id)
	}

	return map[string]timerFunc{
		"setTimeout":    func(c sobek.FunctionCall) sobek.Value { return schedule(c, false) },
		"setInterval":   func(c sobek.FunctionCall) sobek.Value { return schedule(c, true) },
		"clearTimeout":  cancel,
		"clearInterval": cancel,
	}
}

// installTimers defines the timer functions on target (the global object
// or the k6/timers module); both share the VU's one set of timers.
func (v *VU) installTimers(target *sobek.Object) error {
	if v.timers == nil {
		v.timers = v.timerFuncs()
	}
	for name, fn := range v.timers {
		if err := target.Set(name, (func(sobek.FunctionCall) sobek.Value)(fn)); err != nil {
			return err
		}
	}
	return nil
}

func (v *VU) timersModule() sobek.Value {
	obj := v.rt.NewObject()
	if err := v.installTimers(obj); err != nil {
		panic(v.rt.NewGoError(err))
	}
	return obj
}
