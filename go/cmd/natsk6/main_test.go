package main

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/config"
	"github.com/pondigo/natsk6/go/internal/embedded"
	"github.com/pondigo/natsk6/go/internal/jsbind"
	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/outputs"
	"github.com/pondigo/natsk6/go/internal/runner"
)

// result is one execution of the command line with a recording run func.
type result struct {
	code   int
	stdout string
	stderr string
	cfg    runner.Config
	ran    bool
}

func executeArgs(t *testing.T, environ []string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	var r result
	record := func(_ context.Context, cfg runner.Config) int {
		r.ran, r.cfg = true, cfg
		return 42
	}
	r.code = execute(context.Background(), args, environ, &stdout, &stderr, record)
	r.stdout, r.stderr = stdout.String(), stderr.String()
	return r
}

func TestRunFlagsBecomeConfig(t *testing.T) {
	r := executeArgs(t, []string{"HOME=/root", "A=process", "EMPTY="},
		"run", "-u", "5", "--duration", "1m30s", "-i", "100",
		"-e", "A=flag", "--env", "B=x=y", "-e", "C=",
		"--summary-export", "sum.json", "--out", "json=points.jsonl",
		"-q", "--no-summary", "--no-embedded", "script.ts")
	if !r.ran || r.code != 42 {
		t.Fatalf("run not called or its code lost: ran=%v code=%d stderr=%s", r.ran, r.code, r.stderr)
	}
	c := r.cfg
	if c.ScriptPath != "script.ts" || c.SummaryExport != "sum.json" {
		t.Fatalf("paths: %+v", c)
	}
	if want := []outputs.Spec{{Name: "json", Arg: "points.jsonl"}}; !reflect.DeepEqual(c.Out.Specs, want) {
		t.Fatalf("outputs %+v, want %+v", c.Out.Specs, want)
	}
	if !c.Quiet || c.SummaryMode != "disabled" || !c.NoEmbedded {
		t.Fatalf("booleans: quiet=%v summaryMode=%v noEmbedded=%v", c.Quiet, c.SummaryMode, c.NoEmbedded)
	}
	want := config.Object{"vus": json.RawMessage(`5`), "duration": json.RawMessage(`"1m30s"`), "iterations": json.RawMessage(`100`),
		"summaryExport": json.RawMessage(`"sum.json"`), "quiet": json.RawMessage(`true`), "noSummary": json.RawMessage(`true`)}
	if !reflect.DeepEqual(c.Options.CLI, want) {
		t.Fatalf("CLI layer %s, want %s", c.Options.CLI.JSON(), want.JSON())
	}
	wantEnv := map[string]string{"HOME": "/root", "A": "flag", "B": "x=y", "C": "", "EMPTY": ""}
	if !reflect.DeepEqual(c.Env, wantEnv) {
		t.Fatalf("env %v, want %v", c.Env, wantEnv)
	}
	if c.Stdout == nil || c.Stderr == nil {
		t.Fatal("run got no output writers")
	}
}

func TestUnsetFlagsLeaveScriptOptions(t *testing.T) {
	r := executeArgs(t, nil, "run", "script.js")
	if o := r.cfg.Options; len(o.CLI) != 0 || len(o.Env) != 0 || len(o.File) != 0 {
		t.Fatalf("option layers without flags: %+v", o)
	}
	c := r.cfg
	if c.SummaryExport != "" || len(c.Out.Specs) != 0 || c.Quiet || c.SummaryMode != "compact" || c.NoEmbedded || len(c.Env) != 0 {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestSummaryModeFlag(t *testing.T) {
	for _, mode := range []string{"compact", "full", "legacy", "disabled"} {
		if r := executeArgs(t, nil, "run", "--summary-mode="+mode, "s.js"); !r.ran || r.cfg.SummaryMode != mode {
			t.Errorf("--summary-mode=%s: ran=%v mode=%q stderr=%s", mode, r.ran, r.cfg.SummaryMode, r.stderr)
		}
	}
	if r := executeArgs(t, nil, "run", "--summary-mode=full", "--no-summary", "s.js"); r.cfg.SummaryMode != "disabled" {
		t.Errorf("--no-summary gave mode %q, want disabled", r.cfg.SummaryMode)
	}
}

func TestInvalidOptionValuesExit104NamingTheFlag(t *testing.T) {
	cases := map[string][]string{
		"--duration": {"-d", "ten seconds"},
		"--env":      {"-e", "NOEQUALS"},
		`--out: invalid output type "nope", available types are: `: {"--out", "nope=x"},
		"--summary-mode: summary mode \"short\"":                   {"--summary-mode", "short"},
	}
	for want, flags := range cases {
		r := executeArgs(t, nil, append(append([]string{"run"}, flags...), "s.js")...)
		if r.ran || r.code != runner.ExitInvalidConfig || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: ran=%v code=%d stderr=%q, want 104 naming %s", flags, r.ran, r.code, r.stderr, want)
		}
	}
}

func TestUsageErrorsExit255WithUsage(t *testing.T) {
	cases := [][]string{
		{"run"},
		{"run", "a.js", "b.js"},
		{"run", "--bogus", "a.js"},
		{"run", "-u", "many", "a.js"},
		{"launch"},
	}
	for _, args := range cases {
		r := executeArgs(t, nil, args...)
		if r.ran || r.code != exitUsage || !strings.Contains(r.stderr, "Error:") || !strings.Contains(r.stderr, "Usage:") {
			t.Errorf("%v: ran=%v code=%d stderr=%q, want 255 with an error and usage", args, r.ran, r.code, r.stderr)
		}
	}
}

func TestVersionLine(t *testing.T) {
	r := executeArgs(t, nil, "version")
	want := "natsk6 dev (" + runtime.Version() + ", nats-server " + embedded.Version + ")\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("code=%d stdout=%q, want %q", r.code, r.stdout, want)
	}
}

func TestInspectPrintsTheBindingSurface(t *testing.T) {
	r := executeArgs(t, nil, "inspect", "--module", "--json")
	if r.code != 0 {
		t.Fatalf("code=%d stderr=%s", r.code, r.stderr)
	}
	var got surface
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if !reflect.DeepEqual(got.Surface, jsbind.Describe()) {
		t.Fatalf("printed surface differs from jsbind.Describe():\n%s", r.stdout)
	}
	if !reflect.DeepEqual(got.ErrorCodes, natsmod.Descriptions) || got.ErrorCodes[natsmod.CodeTimeout] != "Operation timed out" {
		t.Fatalf("printed error codes differ from the code table: %v", got.ErrorCodes)
	}
	if !strings.Contains(r.stdout, `"1006": "Operation timed out"`) {
		t.Fatal("error codes are not keyed by their number")
	}
	if len(got.Classes) == 0 {
		t.Fatal("the surface lists no classes: the NATS bindings are not linked in")
	}
	if r := executeArgs(t, nil, "inspect"); r.code == 0 || !strings.Contains(r.stderr, "--module") {
		t.Fatalf("inspect without a script nor --module: code=%d stderr=%q", r.code, r.stderr)
	}
}

func TestOptionFlagsJoinTheCLILayer(t *testing.T) {
	r := executeArgs(t, nil, "run", "-s", "10s:5", "--stage", "20s:5,5s:0", "--system-tags", "check, group",
		"-w", "-l", "--summary-trend-stats", "avg,p(99.9)", "--summary-time-unit", "us", "--no-thresholds",
		"--console-output", "c.log", "--log-output", "file=k6.log", "-f", "json", "--no-color", "-v",
		"--include-system-env-vars=false", "s.js")
	if !r.ran {
		t.Fatalf("run not called: %s", r.stderr)
	}
	want := config.Object{
		"stages":            json.RawMessage(`[{"duration":"10s","target":5},{"duration":"20s","target":5},{"duration":"5s","target":0}]`),
		"systemTags":        json.RawMessage(`["check","group"]`),
		"throw":             json.RawMessage(`true`),
		"linger":            json.RawMessage(`true`),
		"summaryTrendStats": json.RawMessage(`["avg","p(99.9)"]`),
		"summaryTimeUnit":   json.RawMessage(`"us"`),
		"noThresholds":      json.RawMessage(`true`), "consoleOutput": json.RawMessage(`"c.log"`),
		"logOutput": json.RawMessage(`"file=k6.log"`), "logFormat": json.RawMessage(`"json"`),
		"noColor": json.RawMessage(`true`), "verbose": json.RawMessage(`true`), "includeSystemEnvVars": json.RawMessage(`false`),
	}
	if !reflect.DeepEqual(r.cfg.Options.CLI, want) {
		t.Errorf("CLI layer %s\nwant %s", r.cfg.Options.CLI.JSON(), want.JSON())
	}
	c := r.cfg
	if !c.NoThresholds || c.ConsoleOutput != "c.log" || c.LogOutput != (config.LogOutput{Kind: "file", Path: "k6.log"}) ||
		c.LogFormat != "json" || !c.NoColor || !c.Verbose {
		t.Errorf("run settings %+v", c)
	}
}
