package scheduler

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseWarnsAboutUnknownTopLevelKeysAndRuns(t *testing.T) {
	opts, err := Parse([]byte(`{"vu": 5, "durations": "5s", "thresholdz": {}, "frobnicate": 1,
		"userAgent": "x", "noConnectionReuse": true, "iterations": 3}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := []string{
		"There were unknown fields in the options exported in the script: vu (did you mean vus?), " +
			"durations (did you mean duration?), thresholdz (did you mean thresholds?), frobnicate",
		"These k6 options have no effect in natsk6 and are ignored: userAgent, noConnectionReuse",
	}
	if !reflect.DeepEqual(opts.Warnings, want) {
		t.Errorf("warnings\n got %q\nwant %q", opts.Warnings, want)
	}
	if s := opts.Scenarios[0]; s.Executor != SharedIterations || s.Iterations != 3 {
		t.Errorf("the known options still apply: got %+v", s)
	}
}

func TestParseHasNoWarningsForAppliedKeys(t *testing.T) {
	opts, err := Parse([]byte(`{"vus": 2, "duration": "1s", "thresholds": {}, "setupTimeout": "1s",
		"teardownTimeout": "1s", "noSetup": true, "noTeardown": false, "summaryTrendStats": ["avg"],
		"summaryTimeUnit": "ms", "tags": {"a": "b"}, "minIterationDuration": "10ms"}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(opts.Warnings) != 0 {
		t.Errorf("unexpected warnings %q", opts.Warnings)
	}
}

func TestParseSuggestsKeysInsideScenariosAndStages(t *testing.T) {
	tests := []struct{ options, want string }{
		{`{"scenarios": {"s": {"executor": "constant-vus", "durations": "1s"}}}`,
			`scenarios.s.durations: unknown option for executor constant-vus (did you mean duration?)`},
		{`{"scenarios": {"s": {"executor": "shared-iterations", "iteration": 5}}}`,
			`scenarios.s.iteration: unknown option for executor shared-iterations (did you mean iterations?)`},
		{`{"scenarios": {"s": {"executor": "ramping-vus", "stages": [{"duration": "1s", "targt": 1}]}}}`,
			`scenarios.s.stages[0].targt: unknown option for a stage (did you mean target?)`},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.options))
		if err == nil || err.Error() != tc.want {
			t.Errorf("Parse(%s)\n got %v\nwant %s", tc.options, err, tc.want)
		}
	}
}

func TestParseRunControls(t *testing.T) {
	raw := []byte(`{"tags": {"team": "a", "env": "script"}, "minIterationDuration": "250ms", "noSetup": true,
		"scenarios": {"s": {"executor": "shared-iterations", "tags": {"team": "scenario"}}}}`)
	opts, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if want := map[string]string{"team": "a", "env": "script"}; !reflect.DeepEqual(opts.Tags, want) {
		t.Errorf("test tags = %v, want %v", opts.Tags, want)
	}
	// A scenario's own tags win over the test-wide ones.
	if want := map[string]string{"team": "scenario", "env": "script"}; !reflect.DeepEqual(opts.Scenarios[0].Tags, want) {
		t.Errorf("scenario tags = %v, want %v", opts.Scenarios[0].Tags, want)
	}
	if opts.MinIterationDuration != 250*time.Millisecond || !opts.NoSetup || opts.NoTeardown {
		t.Errorf("got minIterationDuration %s, noSetup %v, noTeardown %v", opts.MinIterationDuration, opts.NoSetup, opts.NoTeardown)
	}

}

func TestParseThrowLingerSystemTags(t *testing.T) {
	opts, err := Parse([]byte(`{"throw": true, "linger": true, "systemTags": ["check"]}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if !opts.Throw || !opts.Linger || len(opts.Warnings) != 0 {
		t.Errorf("throw %v, linger %v, warnings %v", opts.Throw, opts.Linger, opts.Warnings)
	}
	if !opts.HasSystemTag("check") || opts.HasSystemTag("scenario") || opts.HasSystemTag("group") {
		t.Errorf("systemTags [check]: check %v scenario %v group %v", opts.HasSystemTag("check"), opts.HasSystemTag("scenario"), opts.HasSystemTag("group"))
	}
	if opts, _ = Parse([]byte(`{"systemTags": []}`)); opts.HasSystemTag("check") {
		t.Error("systemTags [] keeps check")
	}
	if opts, _ = Parse(nil); !opts.HasSystemTag("scenario") || !opts.HasSystemTag("group") || !opts.HasSystemTag("check") || opts.HasSystemTag("vu") {
		t.Error("without systemTags, k6's default set applies")
	}
}

func TestParseRunControlErrors(t *testing.T) {
	tests := []struct{ options, want string }{
		{`{"tags": ["a"]}`, `tags: must be an object of strings, got ["a"]`},
		{`{"minIterationDuration": "soon"}`, `minIterationDuration: invalid duration "soon"`},
		{`{"noSetup": "yes"}`, `noSetup: must be true or false, got "yes"`},
		{`{"noTeardown": 1}`, `noTeardown: must be true or false, got 1`},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.options))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%s)\n got %v\nwant %s", tc.options, err, tc.want)
		}
	}
}
