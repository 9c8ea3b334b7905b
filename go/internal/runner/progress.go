package runner

import (
	"sync"
	"time"

	"github.com/pondigo/natsk6/go/internal/progress"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// showProgress displays the run's progress on stderr until the returned
// stop is called (safe to call more than once); nothing with -q.
func (t *testRun) showProgress(live *scheduler.Live, ev *events) (stop func()) {
	if t.cfg.Quiet {
		return func() {}
	}
	status := func() progress.Status {
		now := time.Now()
		complete, interrupted := live.Iterations()
		return progress.Status{
			Elapsed:     now.Sub(t.start),
			ActiveVUs:   live.ActiveVUs(),
			MaxVUs:      int(ev.initialized.Load()),
			Complete:    complete,
			Interrupted: interrupted,
			Bars:        live.Bars(now),
		}
	}
	return sync.OnceFunc(t.out.Start(status, t.cfg.ProgressEvery))
}
