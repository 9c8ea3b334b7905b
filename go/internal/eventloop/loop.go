// Package eventloop runs a VU's callbacks on the VU's own goroutine.
//
// Everything that reaches a VU's JavaScript from another goroutine (a NATS
// subscription handler, a Promise settled by a background call, a timer) is
// enqueued here and executed by the VU goroutine while it runs the loop, so
// JavaScript of one VU never runs concurrently with itself.
package eventloop

import (
	"context"
	"sync"
	"time"
)

// Loop is a per-VU callback queue. Enqueue and the functions returned by
// Reserve and Hold are safe from any goroutine; Run, RunFor and Abandon
// must be called from the VU goroutine.
type Loop struct {
	mu         sync.Mutex
	queue      []func()
	reserved   int // callbacks promised by Reserve and not yet delivered
	holds      map[uint64]func()
	nextHold   uint64
	generation uint64 // bumped by Abandon; stale deliveries are dropped
	wake       chan struct{}
	after      func() // run after each turn of callbacks; nil for none
}

// New returns an empty loop.
func New() *Loop {
	return &Loop{holds: map[uint64]func(){}, wake: make(chan struct{}, 1)}
}

// AfterCallbacks makes fn run on the VU goroutine after each turn of the
// loop that ran callbacks. The runner flushes the VU's metric sink there:
// an iteration that lives in the loop for the whole test (a subscriber
// that sleeps while its handler fires) then delivers its samples every
// second rather than all at its end. Call it before the loop first runs.
func (l *Loop) AfterCallbacks(fn func()) { l.after = fn }

func (l *Loop) signal() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Enqueue schedules fn on the loop. It does not keep the loop alive: if
// nothing holds or reserves the loop, fn runs the next time the loop runs.
func (l *Loop) Enqueue(fn func()) {
	l.mu.Lock()
	l.queue = append(l.queue, fn)
	l.mu.Unlock()
	l.signal()
}

// enqueueInGeneration queues fn and returns the generation it belongs to:
// Abandon drops it with the rest of the queue when it moves past it.
func (l *Loop) enqueueInGeneration(fn func()) uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.queue = append(l.queue, fn)
	return l.generation
}

// current reports whether gen is still the loop's generation.
func (l *Loop) current(gen uint64) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return gen == l.generation
}

// Reserve announces one callback that will arrive later (for example the
// settlement of a Promise). The loop keeps running until the returned
// function has been called exactly once with the callback to run.
func (l *Loop) Reserve() (deliver func(fn func())) {
	l.mu.Lock()
	l.reserved++
	gen := l.generation
	l.mu.Unlock()
	var once sync.Once
	return func(fn func()) {
		once.Do(func() {
			l.mu.Lock()
			if gen == l.generation {
				l.reserved--
				l.queue = append(l.queue, fn)
			}
			l.mu.Unlock()
			l.signal()
		})
	}
}

// Hold keeps the loop running until release is called, as an active
// subscription with a handler does. If the VU abandons the loop first
// (its iteration was interrupted), onAbandon is called on the VU goroutine
// and release becomes a no-op.
func (l *Loop) Hold(onAbandon func()) (release func()) {
	l.mu.Lock()
	id := l.nextHold
	l.nextHold++
	l.holds[id] = onAbandon
	l.mu.Unlock()
	return func() {
		l.mu.Lock()
		delete(l.holds, id)
		l.mu.Unlock()
		l.signal()
	}
}

// Busy reports whether holds or reservations keep the loop alive.
func (l *Loop) Busy() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.reserved > 0 || len(l.holds) > 0
}

// runQueued runs the callbacks queued so far and reports whether the loop
// is still busy afterwards.
func (l *Loop) runQueued() (busy bool) {
	for {
		l.mu.Lock()
		batch := l.queue
		l.queue = nil
		if len(batch) == 0 {
			busy = l.reserved > 0 || len(l.holds) > 0
			l.mu.Unlock()
			return busy
		}
		l.mu.Unlock()
		for _, fn := range batch {
			fn()
		}
		if l.after != nil {
			l.after()
		}
	}
}

// Run executes callbacks until nothing holds or reserves the loop and the
// queue is empty, or until ctx is done (then it returns ctx.Err()).
func (l *Loop) Run(ctx context.Context) error {
	return l.RunUntil(ctx, func() bool { return false })
}

// RunUntil executes callbacks until done() reports true, until the loop is
// idle, or until ctx is done. It returns ctx.Err() only in the last case.
func (l *Loop) RunUntil(ctx context.Context, done func() bool) error {
	for {
		busy := l.runQueued()
		if done() || !busy {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.wake:
		}
	}
}

// RunFor executes callbacks as they arrive for d, as sleep() does in
// natsk6: handlers and timers that come due during the sleep run in it.
// It returns early with ctx.Err() when ctx is done.
func (l *Loop) RunFor(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		l.runQueued()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-timer.C:
			l.runQueued()
			return nil
		case <-l.wake:
		}
	}
}

// Abandon drops queued callbacks and pending reservations and calls the
// onAbandon function of every hold. The runner calls it when an iteration
// is interrupted, so the next iteration starts with a clean loop.
func (l *Loop) Abandon() {
	l.mu.Lock()
	l.generation++
	l.queue = nil
	l.reserved = 0
	holds := l.holds
	l.holds = map[uint64]func(){}
	l.mu.Unlock()
	for _, onAbandon := range holds {
		if onAbandon != nil {
			onAbandon()
		}
	}
}
