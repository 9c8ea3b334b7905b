package runner

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// pool holds the initialized VUs that executors borrow.
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
	n := len(p.idle)
	if n == 0 {
		return nil
	}
	v := p.idle[n-1]
	p.idle = p.idle[:n-1]
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

// initialize creates n VUs in parallel, bounded by GOMAXPROCS, and adds
// them to the idle set. It returns the first failure.
func (p *pool) initialize(ctx context.Context, n int) error {
	vus := make([]*VU, n)
	errs := make([]error, n)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			vus[i], errs[i] = newVU(ctx, p.t, i+1)
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
	// Reverse order so Get hands out VU 1 first.
	for i := n - 1; i >= 0; i-- {
		p.idle = append(p.idle, vus[i])
	}
	p.mu.Unlock()
	p.events.initializedVUs(n)
	return nil
}
