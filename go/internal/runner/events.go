package runner

import (
	"sync"
	"sync/atomic"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// events turns the scheduler's reports into vus, vus_max and
// dropped_iterations samples. Executors call it from their own
// goroutines, so its sink is guarded by a mutex.
type events struct {
	t    *testRun
	tags *metrics.TagSet // the test-wide tags
	mu   sync.Mutex
	sink *metrics.Sink
	maxN int
	// initialized mirrors maxN for the progress display.
	initialized atomic.Int64
}

func newEvents(t *testRun) *events {
	return &events{t: t, tags: t.registry.Intern(t.opts.Tags), sink: t.agg.NewSink()}
}

// ActiveVUs records the vus gauge.
func (e *events) ActiveVUs(n int) {
	e.mu.Lock()
	e.sink.Add(e.t.builtin.VUs, e.tags, float64(n))
	e.mu.Unlock()
}

// Dropped records iterations an executor could not start.
func (e *events) Dropped(s *scheduler.Scenario, n int64) {
	tags := map[string]string{}
	for k, v := range s.Tags {
		tags[k] = v
	}
	if e.t.hasSystemTag("scenario") {
		tags["scenario"] = s.Name
	}
	ts := e.t.registry.Intern(tags)
	e.mu.Lock()
	e.sink.Add(e.t.builtin.DroppedIterations, ts, float64(n))
	e.mu.Unlock()
}

// initializedVUs records one more initialized VU in vus_max.
func (e *events) initializedVUs(delta int) {
	e.mu.Lock()
	e.maxN += delta
	e.initialized.Store(int64(e.maxN))
	e.sink.Add(e.t.builtin.VUsMax, e.tags, float64(e.maxN))
	e.mu.Unlock()
}

func (e *events) flush() {
	e.mu.Lock()
	e.sink.Flush()
	e.mu.Unlock()
}
