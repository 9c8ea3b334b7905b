package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pondigo/natsk6/internal/metrics"
	"github.com/pondigo/natsk6/internal/runner"
	"github.com/pondigo/natsk6/internal/scheduler"
)

func newRunCommand(environ []string, stdout, stderr io.Writer, run runFunc, code *int) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run [flags] SCRIPT",
		Short: "Run a test script (.js or .ts)",
		Long: `Run a k6-style test script. Flags override the script's options as in k6.
Without NATS_URL (from -e or the environment) and without --no-embedded, an
in-process nats-server with JetStream serves the run and __ENV.NATS_URL
points at it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := parseRunFlags(cmd.Flags(), args[0], environ)
			if err != nil {
				return err
			}
			cfg.Stdout, cfg.Stderr = stdout, stderr
			*code = run(cmd.Context(), cfg)
			return nil
		},
	}
	f := cmd.Flags()
	f.SortFlags = false
	f.IntP("vus", "u", 1, "number of virtual users running at the same time")
	f.StringP("duration", "d", "", "test duration, a k6 duration such as 30s, 1m30s or 1h")
	f.Int64P("iterations", "i", 0, "total iterations shared by all VUs")
	f.String("min-iteration-duration", "", "least time an iteration takes: a VU that finishes sooner waits (a k6 duration)")
	f.StringArray("tag", nil, "NAME=VALUE tag added to every metric sample (repeatable; wins over options.tags)")
	f.Bool("no-setup", false, "do not run setup()")
	f.Bool("no-teardown", false, "do not run teardown()")
	f.StringArrayP("env", "e", nil, "KEY=VALUE added to __ENV (repeatable; wins over the process environment)")
	f.String("summary-export", "", "write the end-of-test summary as JSON to `FILE`")
	f.StringArrayP("out", "o", nil, "write every metric sample as one JSON line to FILE, given as `json=FILE` (the only output)")
	f.BoolP("quiet", "q", false, "disable progress updates (and the banner); the summary still prints")
	f.String("summary-mode", metrics.ModeCompact, "end-of-test summary: compact, full (adds groups and scenarios), legacy (the pre-1.0 layout) or disabled")
	f.Bool("no-summary", false, "do not print the end-of-test summary (same as --summary-mode=disabled)")
	f.Bool("no-embedded", false, "never start the embedded nats-server")
	return cmd
}

// parseRunFlags maps parsed run flags to a runner configuration. Only the
// flags the user set become overrides, so the script's options stand
// otherwise. environ is the process environment (KEY=VALUE entries).
func parseRunFlags(f *pflag.FlagSet, script string, environ []string) (runner.Config, error) {
	cfg := runner.Config{ScriptPath: script}
	var err error
	if f.Changed("vus") {
		n, _ := f.GetInt("vus")
		cfg.Overrides.VUs = &n
	}
	if f.Changed("iterations") {
		n, _ := f.GetInt64("iterations")
		cfg.Overrides.Iterations = &n
	}
	if f.Changed("duration") {
		text, _ := f.GetString("duration")
		d, derr := scheduler.ParseDuration(text)
		if derr != nil {
			return cfg, &invalidOptionError{flag: "duration", err: derr}
		}
		cfg.Overrides.Duration = &d
	}
	if f.Changed("min-iteration-duration") {
		text, _ := f.GetString("min-iteration-duration")
		d, derr := scheduler.ParseDuration(text)
		if derr != nil {
			return cfg, &invalidOptionError{flag: "min-iteration-duration", err: derr}
		}
		cfg.Overrides.MinIterationDuration = &d
	}
	tags, _ := f.GetStringArray("tag")
	if cfg.Overrides.Tags, err = keyValues(tags); err != nil {
		return cfg, &invalidOptionError{flag: "tag", err: err}
	}
	cfg.Overrides.NoSetup, _ = f.GetBool("no-setup")
	cfg.Overrides.NoTeardown, _ = f.GetBool("no-teardown")
	pairs, _ := f.GetStringArray("env")
	if cfg.Env, err = environment(environ, pairs); err != nil {
		return cfg, &invalidOptionError{flag: "env", err: err}
	}
	outs, _ := f.GetStringArray("out")
	if cfg.JSONOut, err = jsonOutput(outs); err != nil {
		return cfg, &invalidOptionError{flag: "out", err: err}
	}
	cfg.SummaryExport, _ = f.GetString("summary-export")
	cfg.Quiet, _ = f.GetBool("quiet")
	mode, _ := f.GetString("summary-mode")
	if cfg.SummaryMode, err = metrics.ParseSummaryMode(mode); err != nil {
		return cfg, &invalidOptionError{flag: "summary-mode", err: err}
	}
	if noSummary, _ := f.GetBool("no-summary"); noSummary {
		cfg.SummaryMode = metrics.ModeDisabled
	}
	cfg.NoEmbedded, _ = f.GetBool("no-embedded")
	if text := cfg.Env[progressEveryVar]; text != "" {
		d, derr := scheduler.ParseDuration(text)
		if derr != nil || d <= 0 {
			return cfg, &invalidOptionError{flag: progressEveryVar, err: fmt.Errorf("want a positive duration such as 10s, got %q", text)}
		}
		cfg.ProgressEvery = d
	}
	return cfg, nil
}

// progressEveryVar sets how often progress is printed when stderr is not
// a terminal (CI logs); 10s by default.
const progressEveryVar = "NATSK6_PROGRESS_INTERVAL"

// environment is the process environment overlaid by -e KEY=VALUE pairs.
func environment(environ, pairs []string) (map[string]string, error) {
	env := make(map[string]string, len(environ)+len(pairs))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			env[k] = v
		}
	}
	extra, err := keyValues(pairs)
	if err != nil {
		return nil, err
	}
	maps.Copy(env, extra)
	return env, nil
}

// keyValues reads KEY=VALUE pairs; nil when there are none.
func keyValues(pairs []string) (map[string]string, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	m := make(map[string]string, len(pairs))
	for _, kv := range pairs {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, fmt.Errorf("%q is not KEY=VALUE", kv)
		}
		m[k] = v
	}
	return m, nil
}

// jsonOutput returns the file of the one supported output, json=FILE.
func jsonOutput(outs []string) (string, error) {
	path := ""
	for _, o := range outs {
		kind, arg, _ := strings.Cut(o, "=")
		switch {
		case kind != "json":
			return "", fmt.Errorf("unsupported output %q: only json=FILE exists", kind)
		case arg == "":
			return "", errors.New("json output needs a file: --out json=FILE")
		case path != "":
			return "", errors.New("json output given twice")
		}
		path = arg
	}
	return path, nil
}
