package runner

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/modules/k6"
	"github.com/pondigo/natsk6/go/internal/safely"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// errInterrupted is the interruption value when an iteration's context
// ends (graceful stop expired, test aborted, thresholds failed).
const errInterrupted = "iteration interrupted"

// RunIteration runs one iteration of the scenario's exec function with
// the setup data and reports whether it completed. An iteration that
// throws still completes, as in k6; one cut short by ctx is interrupted
// and emits no iteration samples. A completed iteration shorter than
// minIterationDuration waits for the rest, which its duration includes.
func (v *VU) RunIteration(ctx context.Context, it scheduler.Iteration) bool {
	v.setScenario(it.Scenario)
	v.iter = it
	_ = v.rt.Set("__ITER", it.InScenarioVU)
	fn, err := v.exported(it.Scenario.Exec)
	if err != nil {
		v.t.console.errorf("scenario %s: %v", it.Scenario.Name, err)
		return false
	}
	start := time.Now()
	release := v.guard(ctx)
	completed := v.call(ctx, fn, v.setupData())
	release()
	v.iterInInstance++
	v.SetGroup("")
	if completed {
		if least := v.t.opts.MinIterationDuration; least > 0 {
			waitUntil(ctx, start.Add(least))
		}
		v.sink.Add(v.t.builtin.Iterations, v.tags, 1)
		v.sink.Add(v.t.builtin.IterationDuration, v.tags, k6.MillisecondsSince(start))
	}
	v.sink.FlushIfDue()
	return completed
}

// waitUntil sleeps until at, or until ctx ends.
func waitUntil(ctx context.Context, at time.Time) {
	rest := time.Until(at)
	if rest <= 0 {
		return
	}
	timer := time.NewTimer(rest)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	}
}

// exported returns the script's exported function name.
func (v *VU) exported(name string) (sobek.Callable, error) {
	fn, ok := sobek.AssertFunction(v.exports.Get(name))
	if !ok {
		return nil, fmt.Errorf("the script exports no function %q", name)
	}
	return fn, nil
}

// guard makes ctx interrupt the VU's JavaScript and loop until release is
// called; release leaves the runtime ready for the next call.
func (v *VU) guard(ctx context.Context) (release func()) {
	outer := v.ctx
	v.ctx = ctx
	fired := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		v.rt.Interrupt(errInterrupted)
		close(fired)
	})
	return func() {
		if !stop() {
			<-fired
			v.loop.Abandon()
		}
		v.rt.ClearInterrupt()
		v.ctx = outer
	}
}

// call runs fn, waits for the Promise it may return, then runs the VU's
// loop until nothing holds it. It reports false when ctx cut it short.
// Exceptions are printed; work they leave pending is abandoned.
func (v *VU) call(ctx context.Context, fn sobek.Callable, args ...sobek.Value) (completed bool) {
	_, err := v.callValue(ctx, fn, args...)
	if ctx.Err() != nil || isInterrupt(err) {
		// Cut short, even when nothing returned the interruption: a timer
		// callback's ends only that callback, and the loop then runs dry.
		return false
	}
	if err != nil {
		v.reportException(err, false)
		v.loop.Abandon()
		// A Go panic that crossed the runtime can leave it broken (sobek
		// then runs no Promise job again): end the run rather than
		// iterate on it.
		var bug *safely.Panic
		if errors.As(err, &bug) {
			v.t.Abort(fmt.Sprintf("VU %d: %v", v.id, bug))
		}
	}
	return true
}

// callValue is call for lifecycle functions, whose result and error the
// caller needs: it returns the settled value of a returned Promise. A
// panic in Go code the script called (a natsk6 bug) is its error, a
// *safely.Panic, instead of the end of the process.
func (v *VU) callValue(ctx context.Context, fn sobek.Callable, args ...sobek.Value) (sobek.Value, error) {
	return safely.Call(func() (sobek.Value, error) { return v.settle(ctx, fn, args...) })
}

// settle calls fn, waits for the Promise it may return and runs the
// VU's loop until nothing holds it.
func (v *VU) settle(ctx context.Context, fn sobek.Callable, args ...sobek.Value) (sobek.Value, error) {
	val, err := fn(sobek.Undefined(), args...)
	if err != nil {
		return nil, err
	}
	if p, ok := val.Export().(*sobek.Promise); ok {
		settled := func() bool { return p.State() != sobek.PromiseStatePending }
		if err := v.loop.RunUntil(ctx, settled); err != nil {
			return nil, err
		}
		switch p.State() {
		case sobek.PromiseStateRejected:
			return nil, &promiseRejection{text: v.rejectionText(p.Result())}
		case sobek.PromiseStateFulfilled:
			val = p.Result()
		default:
			return nil, errors.New("the returned Promise never settled: nothing left on the event loop could settle it")
		}
	}
	if err := v.loop.Run(ctx); err != nil {
		return nil, err
	}
	return val, nil
}

// promiseRejection is a rejected Promise returned by a script function.
type promiseRejection struct{ text string }

func (p *promiseRejection) Error() string { return "Uncaught (in promise) " + p.text }

// setupData returns setup()'s result parsed in this runtime, once.
func (v *VU) setupData() sobek.Value {
	if !v.dataParsed {
		v.dataParsed = true
		v.data = sobek.Undefined()
		if v.t.setupData != "" {
			data, err := v.parseJSON(v.t.setupData)
			if err != nil {
				v.t.console.errorf("VU %d: parse setup data: %v", v.id, err)
			} else {
				v.data = data
			}
		}
	}
	return v.data
}

// parseJSON parses text with the runtime's JSON.parse.
func (v *VU) parseJSON(text string) (sobek.Value, error) {
	parse, _ := sobek.AssertFunction(v.rt.Get("JSON").ToObject(v.rt).Get("parse"))
	return parse(sobek.Undefined(), v.rt.ToValue(text))
}
