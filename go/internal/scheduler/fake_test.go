package scheduler

import (
	"context"
	"sync"
	"testing"
	"time"
)

// record is one iteration as a fake VU saw it.
type record struct {
	vu        int
	scenario  string
	it        Iteration
	start     time.Time
	end       time.Time
	cancelled bool // the iteration's ctx was cancelled before it returned
}

// fakeVU runs iterations that take `work` (or, when block is set, last
// until their ctx is cancelled) and records them in the shared log.
type fakeVU struct {
	id  int
	env *fakeEnv
}

func (v *fakeVU) ID() int { return v.id }

func (v *fakeVU) RunIteration(ctx context.Context, it Iteration) bool {
	rec := record{vu: v.id, scenario: it.Scenario.Name, it: it, start: time.Now()}
	work, block := v.env.behaviour(it.Scenario)
	if block {
		<-ctx.Done()
	} else if work > 0 {
		select {
		case <-time.After(work):
		case <-ctx.Done():
		}
	}
	rec.cancelled = ctx.Err() != nil
	rec.end = time.Now()
	v.env.mu.Lock()
	v.env.records = append(v.env.records, rec)
	v.env.mu.Unlock()
	return !rec.cancelled
}

// activeSample is one Events.ActiveVUs report.
type activeSample struct {
	at time.Time
	n  int
}

// fakeEnv is a Pool and Events over fake VUs.
type fakeEnv struct {
	work      time.Duration
	block     bool
	behaviour func(*Scenario) (time.Duration, bool)

	idleVUs
	mu      sync.Mutex
	nextID  int
	grown   int
	records []record
	active  []activeSample
	dropped map[string]int64
}

// newFakeEnv initializes n VUs whose iterations take work.
func newFakeEnv(n int, work time.Duration) *fakeEnv {
	e := &fakeEnv{work: work, dropped: map[string]int64{}}
	e.behaviour = func(*Scenario) (time.Duration, bool) { return e.work, e.block }
	for range n {
		e.nextID++
		e.idle = append(e.idle, &fakeVU{id: e.nextID, env: e})
	}
	return e
}

// idleVUs is the Get/Put half of a Pool: a stack of idle VUs.
type idleVUs struct {
	mu   sync.Mutex
	idle []VU
}

func (p *idleVUs) Get() VU {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.idle) == 0 {
		return nil
	}
	vu := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	return vu
}

func (p *idleVUs) Put(vu VU) {
	p.mu.Lock()
	p.idle = append(p.idle, vu)
	p.mu.Unlock()
}

func (e *fakeEnv) Grow(context.Context) (VU, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.nextID++
	e.grown++
	return &fakeVU{id: e.nextID, env: e}, nil
}

func (e *fakeEnv) ActiveVUs(n int) {
	e.mu.Lock()
	e.active = append(e.active, activeSample{time.Now(), n})
	e.mu.Unlock()
}

func (e *fakeEnv) Dropped(s *Scenario, n int64) {
	e.mu.Lock()
	e.dropped[s.Name] += n
	e.mu.Unlock()
}

// run parses options, runs them on the env and returns when done.
func (e *fakeEnv) run(t *testing.T, ctx context.Context, options string) (*Options, time.Time, error) {
	t.Helper()
	opts, err := Parse([]byte(options))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	start := time.Now()
	return opts, start, Run(ctx, opts, e, e)
}

func (e *fakeEnv) snapshot() []record {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]record(nil), e.records...)
}

// maxActive is the highest busy-VU count reported.
func (e *fakeEnv) maxActive() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	top := 0
	for _, s := range e.active {
		top = max(top, s.n)
	}
	return top
}

// activeAt is the busy-VU count last reported before at.
func (e *fakeEnv) activeAt(at time.Time) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, s := range e.active {
		if s.at.After(at) {
			break
		}
		n = s.n
	}
	return n
}

// Run runs every scenario, each from its startTime, and returns when all
// have finished. When ctx is cancelled (test abort) it stops at once:
// running iterations see their ctx cancelled, and Run returns the
// cancellation cause after they have returned. Otherwise it returns the
// first error from Pool.Grow, or nil.
func Run(ctx context.Context, opts *Options, pool Pool, ev Events) error {
	return NewLive(opts).Run(ctx, pool, ev)
}
