package runner

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// pool holds the initialized VUs that executors borrow, first in first
// out as k6 hands them out: a VU given back goes behind every idle one, so
// an executor acquiring N VUs one after the other while the first ones
// already finish gets N different VUs, each with its own __VU.
type pool struct {
	t      *testRun
	events *events

	mu     sync.Mutex
	idle   []*VU
	nextID int
}

func (p *pool) Get() scheduler.VU {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) == 0 {
		return nil
	}
	v := p.idle[0]
	p.idle[0] = nil
	p.idle = p.idle[1:]
	return v
}

func (p *pool) Put(v scheduler.VU) {
	p.mu.Lock()
	p.idle = append(p.idle, v.(*VU))
	p.mu.Unlock()
}

// Grow initializes one more VU for an arrival-rate executor.
func (p *pool) Grow(ctx context.Context) (scheduler.VU, error) {
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	p.mu.Unlock()
	v, err := newVU(ctx, p.t, id)
	if err != nil {
		return nil, fmt.Errorf("initialize VU %d: %s", id, p.t.exceptionText(err))
	}
	p.events.initializedVUs(1)
	return v, nil
}

// initsPerCore bounds the VU inits in flight per core. Init code mostly
// computes, but a connect waits for the server's round trips; with a few
// inits per core another one runs meanwhile.
const initsPerCore = 4

// initialize creates n VUs in parallel, a few per core, and adds them to
// the idle set. It returns the first failure; once one VU failed, no
// more start, since the test will not run.
func (p *pool) initialize(ctx context.Context, n int) error {
	vus := make([]*VU, n)
	errs := make([]error, n)
	sem := make(chan struct{}, initsPerCore*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	var failed atomic.Bool
	for i := range n {
		sem <- struct{}{}
		if failed.Load() {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			vus[i], errs[i] = newVU(ctx, p.t, i+1)
			if errs[i] != nil {
				failed.Store(true)
			}
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("initialize VU %d: %w", i+1, err)
		}
	}
	p.mu.Lock()
	p.nextID = n
	p.idle = append(p.idle, vus...)
	p.mu.Unlock()
	p.events.initializedVUs(n)
	return nil
}
