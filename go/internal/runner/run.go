package runner

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/grafana/sobek"
	natsgo "github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/accounting"
	"github.com/pondigo/natsk6/go/internal/config"
	"github.com/pondigo/natsk6/go/internal/embedded"
	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/outputs"
	"github.com/pondigo/natsk6/go/internal/progress"
	"github.com/pondigo/natsk6/go/internal/scheduler"
	"github.com/pondigo/natsk6/go/internal/script"
)

// thresholdEvery is how often thresholds are evaluated during the run.
const thresholdEvery = 2 * time.Second

// Run runs the test described by cfg and returns the process exit code.
func Run(ctx context.Context, cfg Config) int {
	out := progress.NewOutput(cfg.Stderr)
	logs, scriptLogs, closeLogs, err := openLogs(cfg, out)
	if err != nil {
		newConsoleWriter(out, isTerminal(cfg.Stderr), false).errorf("%v", err)
		return ExitInvalidConfig
	}
	defer closeLogs()
	t := &testRun{cfg: cfg, out: out, console: logs, scriptLogs: scriptLogs}
	t.control = newControl(t)
	code, err := t.run(ctx)
	if err != nil {
		t.console.errorf("%v", err)
	}
	if t.opts != nil && t.opts.Linger {
		t.linger(ctx)
	}
	t.control.close()
	return code
}

// linger keeps the process alive after the test until it is interrupted
// (k6's --linger); the exit code stays the test's.
func (t *testRun) linger(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	t.console.log("INFO", "Linger set; waiting for Ctrl+C to fully exit...", "")
	<-ctx.Done()
}

func (t *testRun) run(ctx context.Context) (int, error) {
	if err := t.load(); err != nil {
		return ExitScriptException, err
	}
	if err := t.openOutputs(); err != nil {
		return ExitInvalidConfig, err
	}

	stopServer, err := t.serveNATS()
	if err != nil {
		return ExitScriptException, err
	}
	defer stopServer()
	t.sampler = natsmod.NewSampler(t.monitorURLs)

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	t.mu.Lock()
	t.cancelRun = cancel
	t.mu.Unlock()
	defer t.closeVUs()
	if t.cfg.Address != "" {
		// Run closes it, after --linger: k6 lingers to keep its API up.
		if err := t.control.serve(t.cfg.Address, t.cfg.Options.Paused()); err != nil {
			return ExitInvalidConfig, err
		}
	}

	code, err := t.lifecycle(ctx, runCtx)
	if cerr := t.agg.Close(); cerr != nil && err == nil {
		err = cerr
	}
	return code, err
}

// openOutputs opens the --out outputs (JSONOut first), adds the caller's
// and feeds them all the run's samples; each gets every sample and the
// aggregator's Close stops it.
func (t *testRun) openOutputs() error {
	plan := t.cfg.Out
	if t.cfg.JSONOut != "" {
		plan.Specs = append([]outputs.Spec{{Name: "json", Arg: t.cfg.JSONOut}}, plan.Specs...)
	}
	outs, err := plan.Open(t.agg.Thresholds)
	if err != nil {
		return err
	}
	t.outputs = append(outs, t.cfg.Outputs...)
	for _, o := range t.outputs {
		t.agg.AddOutput(o)
	}
	return nil
}

// serveNATS sets __ENV and the NATS URL: NATS_URL when given, else an
// embedded nats-server (stop shuts it down), else nats.go's default URL
// with --no-embedded.
func (t *testRun) serveNATS() (stop func(), err error) {
	t.env = maps.Clone(t.cfg.Env)
	if t.env == nil {
		t.env = map[string]string{}
	}
	t.natsURL = t.env["NATS_URL"]
	if t.cfg.EmbeddedCluster > 0 {
		return t.serveCluster()
	}
	if t.natsURL != "" {
		return func() {}, nil
	}
	if t.cfg.NoEmbedded {
		t.natsURL = natsgo.DefaultURL
		return func() {}, nil
	}
	srv, err := embedded.Start()
	if err != nil {
		return nil, fmt.Errorf("start the embedded nats-server: %w", err)
	}
	t.natsURL, t.embedded = srv.URL(), true
	t.monitorURLs = []string{srv.MonitorURL()}
	t.env["NATS_URL"] = t.natsURL
	return srv.Shutdown, nil
}

// load bundles and compiles the script and creates the run's metrics.
func (t *testRun) load() error {
	prog, err := script.Load(t.cfg.ScriptPath, scriptBuiltins())
	if err != nil {
		return err
	}
	module, err := prog.Module()
	if err != nil {
		return err
	}
	t.program, t.scriptDir, t.defaultNames = module, prog.Dir, prog.DefaultNames
	t.registry = metrics.NewRegistry()
	t.builtin = metrics.RegisterBuiltin(t.registry)
	t.natsMetrics = natsmod.RegisterMetrics(t.registry)
	t.agg = metrics.NewAggregator(t.registry)
	t.accounting = accounting.New()
	return nil
}

// lifecycle runs init, setup, the scenarios, teardown and the summary.
// ctx is the caller's (its end is an external abort); runCtx also ends on
// test.abort() and on thresholds with abortOnFail.
func (t *testRun) lifecycle(ctx, runCtx context.Context) (int, error) {
	t.control.status.Store(statusInitVUs)
	vu0, err := newVU(runCtx, t, 0)
	if err != nil {
		return t.scriptFailure("init", err)
	}
	opts, err := t.readOptions(vu0)
	if err != nil {
		return ExitInvalidConfig, err
	}
	t.opts = opts
	vu0.retag()
	if !t.cfg.Quiet {
		fmt.Fprint(t.out, t.banner())
	}

	ev := newEvents(t)
	t.control.events.Store(ev)
	p := &pool{t: t, events: ev}
	if err := p.initialize(runCtx, opts.InitialVUs()); err != nil {
		return t.scriptFailure("init", err)
	}
	t.control.status.Store(statusInitDone)
	if err := t.control.waitForStart(runCtx, opts.Paused); err != nil {
		if runCtx.Err() != nil {
			return t.stoppedBeforeStart(ctx)
		}
		return ExitInvalidConfig, err
	}

	// The test run's duration, as k6 reports it, starts after init.
	t.start = time.Now()
	live := scheduler.NewLive(opts)
	t.control.live.Store(live)
	t.execState = &runState{start: t.start, live: live, events: ev}
	stopProgress := t.showProgress(live, ev)
	defer stopProgress()
	t.control.status.Store(statusSetup)
	if !opts.NoSetup {
		if code, err := t.setup(runCtx, vu0); err != nil {
			if ctx.Err() != nil {
				return ExitExternalAbort, interrupted(ctx)
			}
			return code, err
		}
	}

	t.scenariosStart = time.Now()
	stopSampling := t.startSampling()
	stopThresholds := t.watchThresholds(runCtx, ev)
	t.control.status.Store(statusRunning)
	runErr := live.Run(runCtx, p, ev)
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
	// The last sample shows the state the scenarios left, before
	// teardown can delete what was sampled.
	stopSampling()

	// teardown runs after a stop signal too, within teardownTimeout, as
	// in k6; a second signal ends the process (cmd/natsk6).
	teardownCode, teardownErr := ExitOK, error(nil)
	t.control.status.Store(statusTeardown)
	if !opts.NoTeardown {
		teardownCode, teardownErr = t.teardown(context.WithoutCancel(ctx), vu0)
	}
	t.control.status.Store(statusEnded)
	stopProgress()
	t.finishAccounting(vu0)
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
		return ExitExternalAbort, interrupted(ctx)
	}
	if t.control.wasStopped() {
		return ExitExternalAbort, errStoppedByAPI
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
	if err := t.agg.CrossedThresholds(t.summaryTimeUnit); err != nil {
		return ExitThresholdsFailed, err
	}
	if t.failed() {
		return ExitMarkedAsFailed, errors.New("test run was marked as failed")
	}
	return ExitOK, nil
}

// interrupted is the final error of a run its caller stopped: the cause
// the caller gave (cmd/natsk6 names the signal), or k6's plain wording.
func interrupted(ctx context.Context) error {
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	return errors.New("test run was aborted")
}

// scriptFailure maps an error from script code to its exit code: 108
// after test.abort(), 107 for an exception.
func (t *testRun) scriptFailure(stage string, err error) (int, error) {
	if reason, ok := t.aborted(); ok {
		return ExitScriptAborted, fmt.Errorf("test aborted in %s: %s", stage, reason)
	}
	return ExitScriptException, fmt.Errorf("%s: %s", stage, t.exceptionText(err))
}

// readOptions reads the script's `options` export in the init VU,
// consolidates it with the other layers (config file, K6_* variables,
// flags) and validates the result with the thresholds and exec functions.
func (t *testRun) readOptions(vu0 *VU) (*scheduler.Options, error) {
	script := config.Object{}
	if o := vu0.exports.Get("options"); o != nil && !sobek.IsUndefined(o) && !sobek.IsNull(o) {
		b, err := o.ToObject(vu0.rt).MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("options: %w", err)
		}
		if script, err = config.Parse("options", b); err != nil {
			return nil, err
		}
	}
	t.logLayers(script)
	t.warnAboutUnappliedOptions(script)
	raw := t.cfg.Options.Options(script).JSON()
	t.optionsJSON = raw
	opts, err := scheduler.Parse(raw)
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
	if err := metrics.ValidateTrendStats(opts.SummaryTrendStats); err != nil {
		return nil, err
	}
	if t.summaryTimeUnit, err = summaryTimeUnit(raw); err != nil {
		return nil, err
	}
	ths, err := metrics.ParseThresholds(opts.Thresholds, t.registry)
	if err != nil {
		return nil, err
	}
	if !t.cfg.NoThresholds {
		t.agg.SetThresholds(ths)
	}
	return opts, nil
}

// logLayers names, with -v, the options each layer set (names only:
// values may hold secrets).
func (t *testRun) logLayers(script config.Object) {
	if t.cfg.ConfigFile != "" {
		t.console.debugf("config file %s sets: %s", t.cfg.ConfigFile, keyList(t.cfg.Options.File))
	}
	t.console.debugf("script options set: %s", keyList(script))
	t.console.debugf("K6_* environment variables set: %s", keyList(t.cfg.Options.Env))
	t.console.debugf("flags set: %s", keyList(t.cfg.Options.CLI))
}

// warnAboutUnappliedOptions warns, as k6 does, about the options of the
// script and of the config file that natsk6 does not know or apply; the
// K6_* and flag layers only ever hold known options.
func (t *testRun) warnAboutUnappliedOptions(script config.Object) {
	warnings := scheduler.Warnings(slices.Sorted(maps.Keys(script)), "options exported in the script")
	if t.cfg.ConfigFile != "" {
		file := t.cfg.Options.File.Without(config.SettingKeys)
		warnings = append(warnings, scheduler.Warnings(slices.Sorted(maps.Keys(file)), "config file "+t.cfg.ConfigFile)...)
	}
	for _, w := range warnings {
		t.console.log("WARN", w, "")
	}
}

func keyList(o config.Object) string {
	if len(o) == 0 {
		return "nothing"
	}
	return strings.Join(slices.Sorted(maps.Keys(o)), ", ")
}

// setup runs setup() in the VU that read the options, which has run
// only the init code, like the fresh VU k6 uses; it keeps the result as
// JSON.
func (t *testRun) setup(ctx context.Context, vu0 *VU) (int, error) {
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

// teardown runs teardown(data) in a fresh VU, even after an abort, so
// that it sees none of the globals setup() changed, as in k6. The VU's
// samples are flushed before the summary.
func (t *testRun) teardown(ctx context.Context, vu0 *VU) (int, error) {
	if _, ok := sobek.AssertFunction(vu0.exports.Get("teardown")); !ok {
		return ExitOK, nil
	}
	vu, err := newVU(ctx, t, 0)
	if err != nil {
		return t.scriptFailure("teardown", err)
	}
	defer func() {
		vu.close()
		vu.sink.Flush()
	}()
	_, err = vu.lifecycle(ctx, "teardown", t.opts.TeardownTimeout, vu.setupData())
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
func (t *testRun) watchThresholds(ctx context.Context, ev *events) (stop func()) {
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
func (t *testRun) closeVUs() {
	t.mu.Lock()
	vus := t.vus
	t.mu.Unlock()
	for _, v := range vus {
		v.close()
	}
}
