package runner

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/pondigo/natsk6/go/internal/restapi"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// k6's execution status numbers, as the REST API reports them (0, the
// zero value, is "created").
const (
	statusInitVUs         = 1
	statusInitDone        = 3
	statusPausedBeforeRun = 4
	statusSetup           = 6
	statusRunning         = 7
	statusTeardown        = 8
	statusEnded           = 9
)

// control is the start barrier of a test started paused (--paused, the
// paused option) and what the REST API reads and controls. natsk6
// pauses only before the test starts: that is the barrier distributed
// instances need; a running test cannot be paused.
type control struct {
	t      *testRun
	status atomic.Int32
	// events and live are set as the run gets to them: the API reads
	// them from its own goroutines.
	events atomic.Pointer[events]
	live   atomic.Pointer[scheduler.Live]

	mu       sync.Mutex
	paused   bool
	pauseSet bool // the API set paused: it wins over the options
	started  bool
	stopped  bool
	server   *restapi.Server // the REST API, nil when it does not listen
	wake     chan struct{}   // a change of paused, for waitForStart
}

// newControl starts with paused as the layers known before the script
// runs set it, so that GET /v1/status says so during init.
func newControl(t *testRun) *control {
	return &control{t: t, wake: make(chan struct{}, 1), paused: t.cfg.Options.Paused()}
}

// Status is the REST API's view of the test.
func (c *control) Status() restapi.Status {
	c.mu.Lock()
	st := restapi.Status{Paused: c.paused, Stopped: c.stopped}
	c.mu.Unlock()
	st.Status = int(c.status.Load())
	st.Running = st.Status >= statusSetup && st.Status < statusEnded
	if live := c.live.Load(); live != nil {
		st.VUs = int64(live.ActiveVUs())
	}
	if ev := c.events.Load(); ev != nil {
		st.VUsMax = ev.initialized.Load()
	}
	st.Tainted = c.t.agg.CrossedThresholds("") != nil
	return st
}

// SetPaused resumes a test waiting to start, or (before it starts)
// pauses it again.
func (c *control) SetPaused(paused bool) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started {
		if paused {
			return errors.New("natsk6 pauses a test only before it starts (--paused); a running test cannot be paused")
		}
		return nil
	}
	c.paused, c.pauseSet = paused, true
	select {
	case c.wake <- struct{}{}:
	default:
	}
	return nil
}

// Stop ends the test as an interrupt does; teardown and the summary
// still run.
func (c *control) Stop() {
	c.mu.Lock()
	c.stopped = true
	c.mu.Unlock()
	c.t.mu.Lock()
	cancel := c.t.cancelRun
	c.t.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

func (c *control) wasStopped() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stopped
}

// waitForStart holds the test until it is resumed when it starts paused
// (the options' paused, unless the API already set it). It returns the
// ctx's error when the test ends first.
func (c *control) waitForStart(ctx context.Context, paused bool) error {
	c.mu.Lock()
	if !c.pauseSet {
		c.paused = paused
	}
	c.mu.Unlock()
	waiting := false
	for {
		c.mu.Lock()
		if !c.paused {
			c.started = true
			c.mu.Unlock()
			return nil
		}
		served := c.server != nil
		c.mu.Unlock()
		if !served {
			return errors.New("the test starts paused, but the REST API does not listen (--address): nothing could resume it")
		}
		if !waiting {
			waiting = true
			c.status.Store(statusPausedBeforeRun)
			c.t.console.log("INFO", "Execution is paused, waiting for a resume through the REST API (PATCH /v1/status)", "")
		}
		select {
		case <-c.wake:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// serve starts the REST API on addr. A taken address is only a warning,
// as in k6, unless the test must start paused.
func (c *control) serve(addr string, pausedByLayers bool) error {
	srv, err := restapi.Listen(addr, c)
	if err != nil {
		if pausedByLayers {
			return err
		}
		c.t.console.log("WARN", err.Error(), "")
		return nil
	}
	c.mu.Lock()
	c.server = srv
	c.mu.Unlock()
	c.t.console.debugf("REST API listening on %s", srv.Addr())
	return nil
}

// close stops the REST API, if it listens.
func (c *control) close() {
	c.mu.Lock()
	srv := c.server
	c.server = nil
	c.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
}

// errStoppedByAPI ends a test that PATCH /v1/status stopped.
var errStoppedByAPI = errors.New("test run was stopped through the REST API")

// stoppedBeforeStart is the end of a test stopped while it waited to
// start: by an interrupt (ctx) or through the REST API.
func (t *testRun) stoppedBeforeStart(ctx context.Context) (int, error) {
	if ctx.Err() != nil {
		return ExitExternalAbort, interrupted(ctx)
	}
	if reason, ok := t.aborted(); ok {
		return ExitScriptAborted, fmt.Errorf("test aborted: %s", reason)
	}
	return ExitExternalAbort, errStoppedByAPI
}
