package runner

import (
	"context"
	"regexp"
	"sync"
	"time"

	"github.com/pondigo/natsk6/go/internal/accounting"
	"github.com/pondigo/natsk6/go/internal/embedded"
	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/modules/data"
	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/progress"
	"github.com/pondigo/natsk6/go/internal/scheduler"
	"github.com/pondigo/natsk6/go/internal/script"
)

// testRun is one run of a test script (or its inspection): the state
// shared by every VU, the lifecycle and the exit code.
type testRun struct {
	cfg            Config
	program        *script.Module // the bundle, linked once for every VU
	defaultNames   *regexp.Regexp // esbuild's names of anonymous default exports
	scriptDir      string
	env            map[string]string // cfg.Env plus NATS_URL when embedded
	natsURL        string
	embedded       bool      // natsURL is the in-process server's
	console        *console  // the runner's log (--log-output, --log-format)
	scriptLogs     *console  // where console.* writes: console, or the --console-output file
	start          time.Time // after init: the test run's duration counts from here
	scenariosStart time.Time // after setup: scenario startTime offsets count from here

	out *progress.Output // stderr, kept clear of the live progress

	// cluster is the --embedded-cluster, nil without one.
	cluster *embedded.Cluster

	// sampler runs nats.sample()'s plans while the scenarios run
	// (sampler.go); monitorURLs are the embedded server's or cluster
	// nodes' monitoring URLs.
	sampler     *natsmod.Sampler
	monitorURLs []string

	registry *metrics.Registry
	// accounting tracks stamped messages across VUs; its report is
	// set at the end of a run that stamped any.
	accounting       *accounting.Tracker
	accountingReport *accounting.Report
	builtin          *metrics.Builtin
	natsMetrics      *natsmod.Metrics // nats_*, shared by every VU's module
	agg              *metrics.Aggregator
	outputs          []metrics.Output // the opened --out outputs, fed by agg

	opts        *scheduler.Options // nil while the options-reading VU initializes
	optionsJSON []byte
	// optionsView is exec.test.options' JSON, built on first use.
	optionsOnce     sync.Once
	optionsView     []byte
	optionsViewErr  error
	summaryTimeUnit string // options.summaryTimeUnit: "", "s", "ms" or "us"
	setupData       string // JSON returned by setup(); "" when it returned nothing

	sharedArrays data.Registry // k6/data: built once, read by every VU

	execState *runState // for k6/execution; set before setup()

	// abort ends the run from test.abort(); set before any VU iterates.
	cancelRun   context.CancelFunc
	abortCalled bool
	abortReason string
	// markedFailed is set by test.fail(): the run goes on, exit code 110.
	markedFailed bool

	control *control // the start barrier and the REST API's view

	mu  sync.Mutex
	vus []*VU // every initialized VU, to close their connections at the end
}

// Abort records test.abort() and stops the run.
func (t *testRun) Abort(reason string) {
	t.mu.Lock()
	if !t.abortCalled {
		t.abortCalled, t.abortReason = true, reason
	}
	cancel := t.cancelRun
	t.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// MarkFailed records test.fail(reason); the run continues.
func (t *testRun) MarkFailed(reason string) {
	t.mu.Lock()
	t.markedFailed = true
	t.mu.Unlock()
	msg := "test marked as failed"
	if reason != "" {
		msg += ": " + reason
	}
	t.console.log(levelError, msg, "")
}

func (t *testRun) failed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.markedFailed
}

func (t *testRun) aborted() (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.abortReason, t.abortCalled
}
