package runner

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// nullOptions are k6 options that exec.test.options lists as null when no
// layer set them, as k6 does.
var nullOptions = []string{
	"vus", "duration", "iterations", "stages", "scenarios", "thresholds", "tags",
	"summaryTimeUnit", "systemTags", "minIterationDuration", "throw", "paused",
	"executionSegment", "executionSegmentSequence",
}

// consolidatedOptions renders the run's options as k6 consolidates them
// for exec.test.options: what the layers set (raw: config file, script,
// K6_* variables and flags, merged), the scenarios derived from the
// shortcuts and the defaults applied, in k6's JSON shape (durations as
// "1m30s").
func consolidatedOptions(raw []byte, opts *scheduler.Options) (_ []byte, err error) {
	out := map[string]any{}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil || out == nil {
			return nil, fmt.Errorf("options are not a JSON object: %v", err)
		}
	}
	for _, k := range nullOptions {
		if _, ok := out[k]; !ok {
			out[k] = nil
		}
	}
	rawScenarios, _ := out["scenarios"].(map[string]any)
	scenarios := map[string]any{}
	if opts.Segment != nil {
		// As in k6, the options are the whole test's, not the segment's share.
		if opts, err = wholeTest(out); err != nil {
			return nil, err
		}
	}
	for _, s := range opts.Scenarios {
		own, _ := rawScenarios[s.Name].(map[string]any)
		scenarios[s.Name] = scenarioOptions(s, own)
	}
	out["scenarios"] = scenarios
	out["setupTimeout"] = opts.SetupTimeout.String()
	out["teardownTimeout"] = opts.TeardownTimeout.String()
	out["summaryTrendStats"] = opts.SummaryTrendStats
	if len(opts.SummaryTrendStats) == 0 {
		out["summaryTrendStats"] = metrics.DefaultTrendStats
	}
	if len(opts.Tags) > 0 {
		out["tags"] = opts.Tags
	}
	if opts.MinIterationDuration > 0 {
		out["minIterationDuration"] = opts.MinIterationDuration.String()
	}
	out["noSetup"] = opts.NoSetup
	out["noTeardown"] = opts.NoTeardown
	return json.Marshal(out)
}

// wholeTest is the options of out (raw options) parsed without their
// execution segment.
func wholeTest(out map[string]any) (*scheduler.Options, error) {
	whole := maps.Clone(out)
	delete(whole, "executionSegment")
	delete(whole, "executionSegmentSequence")
	delete(whole, "executionSegmentIndex")
	raw, err := json.Marshal(whole)
	if err != nil {
		return nil, err
	}
	return scheduler.Parse(raw)
}

// scenarioOptions is one scenario in k6's shape: the common keys, then
// those of its executor. own is the scenario as the script wrote it, nil
// for the derived default; its env and tags are the scenario's own.
func scenarioOptions(s *scheduler.Scenario, own map[string]any) map[string]any {
	m := map[string]any{
		"executor":     s.Executor,
		"startTime":    s.StartTime.String(),
		"gracefulStop": s.GracefulStop.String(),
		"exec":         s.Exec,
		"env":          own["env"],
		"tags":         own["tags"],
	}
	stages := func() []map[string]any {
		out := make([]map[string]any, len(s.Stages))
		for i, st := range s.Stages {
			out[i] = map[string]any{"duration": st.Duration.String(), "target": st.Target}
		}
		return out
	}
	switch s.Executor {
	case scheduler.SharedIterations, scheduler.PerVUIterations:
		m["vus"], m["iterations"], m["maxDuration"] = s.VUs, s.Iterations, s.MaxDuration.String()
	case scheduler.ConstantVUs:
		m["vus"], m["duration"] = s.VUs, s.Duration.String()
	case scheduler.RampingVUs:
		m["startVUs"], m["stages"], m["gracefulRampDown"] = s.StartVUs, stages(), s.GracefulRampDown.String()
	case scheduler.ConstantArrivalRate:
		m["rate"], m["timeUnit"], m["duration"] = s.Rate, s.TimeUnit.String(), s.Duration.String()
		m["preAllocatedVUs"], m["maxVUs"] = s.PreAllocatedVUs, s.MaxVUs
	case scheduler.RampingArrivalRate:
		m["startRate"], m["timeUnit"], m["stages"] = s.StartRate, s.TimeUnit.String(), stages()
		m["preAllocatedVUs"], m["maxVUs"] = s.PreAllocatedVUs, s.MaxVUs
	}
	return m
}

// Options is the JSON of exec.test.options, computed once.
func (t *testRun) Options() ([]byte, error) {
	t.optionsOnce.Do(func() {
		t.optionsView, t.optionsViewErr = consolidatedOptions(t.optionsJSON, t.opts)
	})
	return t.optionsView, t.optionsViewErr
}
