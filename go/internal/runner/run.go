package runner

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"sync"
	"time"

	"github.com/grafana/sobek"
	natsgo "github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/internal/embedded"
	"github.com/pondigo/natsk6/internal/metrics"
	"github.com/pondigo/natsk6/internal/scheduler"
	"github.com/pondigo/natsk6/internal/script"
)

// thresholdEvery is how often thresholds are evaluated during the run.
const thresholdEvery = 2 * time.Second

// Run runs the test described by cfg and returns the process exit code.
func Run(ctx context.Context, cfg Config) int {
	t := &test{cfg: cfg, console: newConsoleWriter(cfg.Stderr)}
	code, err := t.run(ctx)
	if err != nil {
		t.console.errorf("%v", err)
	}
	return code
}

func (t *test) run(ctx context.Context) (int, error) {
	if err := t.load(); err != nil {
		return ExitScriptException, err
	}
	if t.cfg.JSONOut != "" {
		f, err := os.Create(t.cfg.JSONOut)
		if err != nil {
			return ExitInvalidConfig, fmt.Errorf("--out json: %w", err)
		}
		defer f.Close()
		t.agg.EnableJSONOutput(f)
	}

	t.env = maps.Clone(t.cfg.Env)
	if t.env == nil {
		t.env = map[string]string{}
	}
	t.natsURL = t.env["NATS_URL"]
	if t.natsURL == "" && !t.cfg.NoEmbedded {
		srv, err := embedded.Start()
		if err != nil {
			return ExitScriptException, fmt.Errorf("start the embedded nats-server: %w", err)
		}
		defer srv.Shutdown()
		t.natsURL, t.embedded = srv.URL(), true
		t.env["NATS_URL"] = t.natsURL
	} else if t.natsURL == "" {
		t.natsURL = natsgo.DefaultURL
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	t.cancelRun = cancel
	defer t.closeVUs()

	code, err := t.lifecycle(ctx, runCtx)
	if cerr := t.agg.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return code, err
}

// load bundles and compiles the script and creates the run's metrics.
func (t *test) load() error {
	prog, err := script.Load(t.cfg.ScriptPath)
	if err != nil {
		return err
	}
	compiled, err := sobek.Compile(prog.Path, prog.Wrapped(), false)
	if err != nil {
		return fmt.Errorf("script %s: %w", prog.Path, err)
	}
	t.program, t.scriptDir = compiled, prog.Dir
	t.registry = metrics.NewRegistry()
	t.builtin = metrics.RegisterBuiltin(t.registry)
	t.agg = metrics.NewAggregator(t.registry)
	return nil
}

// lifecycle runs init, setup, the scenarios, teardown and the summary.
// ctx is the caller's (its end is an external abort); runCtx also ends on
// test.abort() and on thresholds with abortOnFail.
func (t *test) lifecycle(ctx, runCtx context.Context) (int, error) {
	vu0, err := newVU(runCtx, t, 0)
	if err != nil {
		return t.scriptFailure("init", err)
	}
	opts, err := t.readOptions(vu0)
	if err != nil {
		return ExitInvalidConfig, err
	}
	t.opts = opts
	if !t.cfg.Quiet {
		fmt.Fprint(t.cfg.Stderr, t.banner())
	}

	ev := newEvents(t)
	p := &pool{t: t, events: ev}
	if err := p.initialize(runCtx, opts.InitialVUs()); err != nil {
		return t.scriptFailure("init", err)
	}

	// The test run's duration, as k6 reports it, starts after init.
	t.start = time.Now()
	if code, err := t.setup(runCtx, vu0); err != nil {
		return code, err
	}

	t.scenariosStart = time.Now()
	stopThresholds := t.watchThresholds(runCtx, ev)
	runErr := scheduler.Run(runCtx, opts, p, ev)
	stopThresholds()
	// Scenario VUs are idle now, so this goroutine may act for them:
	// closing their connections emits the last NATS event counts, which
	// the final flush then carries into the summary.
	t.mu.Lock()
	for _, v := range t.vus {
		if v != vu0 {
			v.close()
			v.sink.Flush()
		}
	}
	t.mu.Unlock()
	ev.flush()

	teardownCode, teardownErr := t.teardown(ctx, vu0)
	vu0.close()
	vu0.sink.Flush()
	elapsed := time.Since(t.start)
	t.agg.EvaluateThresholds(elapsed)
	// The summary is written even after Ctrl-C, as k6 does.
	summaryCode, summaryErr := t.summarize(context.WithoutCancel(ctx), vu0, elapsed)

	if reason, ok := t.aborted(); ok {
		return ExitScriptAborted, fmt.Errorf("test aborted: %s", reason)
	}
	if ctx.Err() != nil {
		return ExitExternalAbort, fmt.Errorf("test interrupted: %w", ctx.Err())
	}
	if runErr != nil && runCtx.Err() == nil {
		return ExitInvalidConfig, runErr
	}
	if teardownErr != nil {
		return teardownCode, teardownErr
	}
	if summaryErr != nil {
		return summaryCode, summaryErr
	}
	if t.agg.ThresholdsFailed() {
		return ExitThresholdsFailed, errors.New("thresholds on metrics have been crossed")
	}
	return ExitOK, nil
}

// scriptFailure maps an error from script code to its exit code: 108
// after test.abort(), 107 for an exception.
func (t *test) scriptFailure(stage string, err error) (int, error) {
	if reason, ok := t.aborted(); ok {
		return ExitScriptAborted, fmt.Errorf("test aborted in %s: %s", stage, reason)
	}
	return ExitScriptException, fmt.Errorf("%s: %s", stage, exceptionText(err))
}

// readOptions reads the script's `options` export in the init VU and
// validates it together with the thresholds and exec functions.
func (t *test) readOptions(vu0 *VU) (*scheduler.Options, error) {
	raw := []byte("{}")
	if o := vu0.exports.Get("options"); o != nil && !sobek.IsUndefined(o) && !sobek.IsNull(o) {
		b, err := o.ToObject(vu0.rt).MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("options: %w", err)
		}
		raw = b
	}
	t.optionsJSON = raw
	opts, err := scheduler.Parse(raw, t.cfg.Overrides)
	if err != nil {
		return nil, err
	}
	if err := metrics.ValidateTrendStats(opts.SummaryTrendStats); err != nil {
		return nil, err
	}
	for _, s := range opts.Scenarios {
		if _, err := vu0.exported(s.Exec); err != nil {
			return nil, fmt.Errorf("scenarios.%s.exec: %w", s.Name, err)
		}
	}
	ths, err := metrics.ParseThresholds(opts.Thresholds, t.registry)
	if err != nil {
		return nil, err
	}
	t.agg.SetThresholds(ths)
	return opts, nil
}

// setup runs setup() in the init VU and keeps its result as JSON.
func (t *test) setup(ctx context.Context, vu0 *VU) (int, error) {
	val, err := vu0.lifecycle(ctx, "setup", t.opts.SetupTimeout)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return ExitSetupTimeout, fmt.Errorf("setup() did not finish within setupTimeout (%s)", t.opts.SetupTimeout)
		}
		return t.scriptFailure("setup", err)
	}
	if val != nil && !sobek.IsUndefined(val) {
		b, err := vu0.stringify(val)
		if err != nil {
			return ExitScriptException, fmt.Errorf("setup: its return value is not JSON: %w", err)
		}
		t.setupData = b
	}
	return ExitOK, nil
}

// teardown runs teardown(data) in the init VU, even after an abort.
func (t *test) teardown(ctx context.Context, vu0 *VU) (int, error) {
	_, err := vu0.lifecycle(ctx, "teardown", t.opts.TeardownTimeout, vu0.setupData())
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return ExitTeardownTimeout, fmt.Errorf("teardown() did not finish within teardownTimeout (%s)", t.opts.TeardownTimeout)
		}
		return t.scriptFailure("teardown", err)
	}
	return ExitOK, nil
}

// watchThresholds evaluates thresholds every thresholdEvery until the
// returned stop is called; a failed abortOnFail threshold ends the run.
func (t *test) watchThresholds(ctx context.Context, ev *events) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(thresholdEvery)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				ev.flush()
				if t.agg.EvaluateThresholds(time.Since(t.start)) {
					t.console.errorf("thresholds with abortOnFail have been crossed: stopping the test")
					t.cancelRun()
					return
				}
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// closeVUs closes every VU's NATS connections; after a normal run they
// are closed already, this catches early returns.
func (t *test) closeVUs() {
	t.mu.Lock()
	vus := t.vus
	t.mu.Unlock()
	for _, v := range vus {
		v.close()
	}
}
