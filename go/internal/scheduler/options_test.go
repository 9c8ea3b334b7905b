package scheduler

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestWarningsNameUnknownAndIgnoredKeys(t *testing.T) {
	keys := []string{"vu", "durations", "thresholdz", "frobnicate", "userAgent", "noConnectionReuse", "iterations"}
	want := []string{
		"There were unknown fields in the options exported in the script: vu (did you mean vus?), " +
			"durations (did you mean duration?), thresholdz (did you mean thresholds?), frobnicate",
		"These k6 options have no effect in natsk6 and are ignored: userAgent, noConnectionReuse",
	}
	if got := Warnings(keys, "options exported in the script"); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings\n got %q\nwant %q", got, want)
	}
	applied := []string{"vus", "duration", "thresholds", "setupTimeout", "teardownTimeout", "noSetup", "noTeardown",
		"summaryTrendStats", "summaryTimeUnit", "tags", "minIterationDuration", "throw", "linger", "systemTags", "scenarios", "stages"}
	if got := Warnings(applied, "x"); len(got) != 0 {
		t.Errorf("warnings for applied keys: %q", got)
	}
}

func TestParseRunsWithUnknownTopLevelKeys(t *testing.T) {
	opts, err := Parse([]byte(`{"vu": 5, "durations": "5s", "userAgent": "x", "iterations": 3}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if s := opts.Scenarios[0]; s.Executor != SharedIterations || s.Iterations != 3 {
		t.Errorf("the known options still apply: got %+v", s)
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
	if !opts.Throw || !opts.Linger {
		t.Errorf("throw %v, linger %v", opts.Throw, opts.Linger)
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
