package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pondigo/natsk6/go/internal/config"
	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/outputs"
	"github.com/pondigo/natsk6/go/internal/runner"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

func newRunCommand(environ []string, stdout, stderr io.Writer, run runFunc, code *int) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "run [flags] SCRIPT",
		Short: "Run a test script (.js or .ts)",
		Long: `Run a k6-style test script. Options come from the config file (-c), the
script's options, K6_* environment variables and flags, each overriding the
ones before it, as in k6.
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
	f.StringArrayP("stage", "s", nil, "a ramping stage DURATION:TARGET, e.g. 30s:10 (repeatable, or comma-separated: 10s:5,1m:5,10s:0)")
	f.String("min-iteration-duration", "", "least time an iteration takes: a VU that finishes sooner waits (a k6 duration)")
	f.StringArray("tag", nil, "NAME=VALUE tag added to every metric sample (repeatable; wins over options.tags)")
	f.Bool("no-setup", false, "do not run setup()")
	f.Bool("no-teardown", false, "do not run teardown()")
	f.Bool("no-thresholds", false, "do not evaluate thresholds (they neither fail the run nor show in the summary)")
	f.BoolP("throw", "w", false, "throw on invalid custom metric values instead of dropping them with a warning (NATS errors always throw)")
	f.String("system-tags", "", "comma-separated system tags samples carry (natsk6 emits scenario, group and check)")
	f.StringArrayP("env", "e", nil, "KEY=VALUE added to __ENV (repeatable; wins over the process environment)")
	f.Bool("include-system-env-vars", true, "put the process environment in __ENV (--include-system-env-vars=false: only -e)")
	f.StringP("config", "c", "", "JSON config `FILE` of options (default: k6's, ~/.config/k6/config.json, when it exists)")
	f.String("summary-export", "", "write the end-of-test summary as JSON to `FILE`")
	f.StringArrayP("out", "o", nil, "an output `NAME[=ARG]`, repeatable (default: $K6_OUT, comma-separated): "+strings.Join(outputs.Names(), ", ")+
		"; e.g. json=FILE, csv=FILE (FILE.gz: gzipped), result=FILE (the mergeable result natsk6 merge combines), web-dashboard[=OPTIONS] (README's Outputs section lists the options)")
	f.BoolP("quiet", "q", false, "disable progress updates (and the banner); the summary still prints")
	f.String("summary-mode", metrics.ModeCompact, "end-of-test summary: compact, full (adds groups and scenarios), legacy (the pre-1.0 layout) or disabled")
	f.Bool("no-summary", false, "do not print the end-of-test summary (same as --summary-mode=disabled)")
	f.String("summary-trend-stats", "", "trend stats in the summary, comma-separated (default avg,min,med,max,p(90),p(95))")
	f.String("summary-time-unit", "", "one time unit for every summary value: s, ms or us (default: the fitting unit per value)")
	f.String("console-output", "", "write the script's console.* output to `FILE` instead of the log")
	f.String("log-output", "stderr", "where logs go: stderr, stdout, none or file=PATH")
	f.StringP("log-format", "f", "", "log format: text (default), json or raw (the message only)")
	f.Bool("no-color", false, "no colors in the output, even on a terminal")
	f.BoolP("verbose", "v", false, "verbose logging: debug messages")
	f.BoolP("linger", "l", false, "after the test, keep the process alive until Ctrl+C")
	f.Bool("no-embedded", false, "never start the embedded nats-server")
	f.String("execution-segment", "", "run only this segment of the test, e.g. 1/4:2/4 or 25%:50% (k6's execution segments)")
	f.String("execution-segment-sequence", "", "all the segments of a distributed test, e.g. 0,1/4,1/2,3/4,1")
	f.Int("execution-segment-index", 0, "natsk6's own: run the segment of --execution-segment-sequence with this index, from 0 (a Kubernetes Indexed Job passes $(JOB_COMPLETION_INDEX))")
	f.BoolP("paused", "P", false, "start the test paused: it waits for PATCH /v1/status {\"data\":{\"attributes\":{\"paused\":false}}} on --address")
	f.StringP("address", "a", "localhost:6565", "address of the REST API (GET/PATCH /v1/status); empty for none")
	f.Int("embedded-cluster", 0, "serve the run with an in-process JetStream cluster of `N` nodes on loopback (NATS_URL lists them) and enable the k6/x/nats/cluster fault API")
	return cmd
}

// optionFlags are the run flags that set k6 options or run settings,
// with the option each one sets (config.Settings has the latter).
var optionFlags = []struct {
	flag string
	opt  config.Option
}{
	{"vus", config.Option{Key: "vus", Kind: config.Int}},
	{"duration", config.Option{Key: "duration", Kind: config.Duration}},
	{"iterations", config.Option{Key: "iterations", Kind: config.Int}},
	{"stage", config.Option{Key: "stages", Kind: config.Stages}},
	{"min-iteration-duration", config.Option{Key: "minIterationDuration", Kind: config.Duration}},
	{"no-setup", config.Option{Key: "noSetup", Kind: config.Bool}},
	{"no-teardown", config.Option{Key: "noTeardown", Kind: config.Bool}},
	{"throw", config.Option{Key: "throw", Kind: config.Bool}},
	{"system-tags", config.Option{Key: "systemTags", Kind: config.List}},
	{"linger", config.Option{Key: "linger", Kind: config.Bool}},
	{"summary-trend-stats", config.Option{Key: "summaryTrendStats", Kind: config.List}},
	{"summary-time-unit", config.Option{Key: "summaryTimeUnit", Kind: config.String}},
	{"no-thresholds", config.Option{Key: "noThresholds", Kind: config.Bool}},
	{"summary-export", config.Option{Key: "summaryExport", Kind: config.String}},
	{"summary-mode", config.Option{Key: "summaryMode", Kind: config.String}},
	{"no-summary", config.Option{Key: "noSummary", Kind: config.Bool}},
	{"console-output", config.Option{Key: "consoleOutput", Kind: config.String}},
	{"log-output", config.Option{Key: "logOutput", Kind: config.String}},
	{"log-format", config.Option{Key: "logFormat", Kind: config.String}},
	{"no-color", config.Option{Key: "noColor", Kind: config.Bool}},
	{"include-system-env-vars", config.Option{Key: "includeSystemEnvVars", Kind: config.Bool}},
	{"quiet", config.Option{Key: "quiet", Kind: config.Bool}},
	{"verbose", config.Option{Key: "verbose", Kind: config.Bool}},
	{"execution-segment", config.Option{Key: "executionSegment", Kind: config.String}},
	{"execution-segment-sequence", config.Option{Key: "executionSegmentSequence", Kind: config.String}},
	{"execution-segment-index", config.Option{Key: "executionSegmentIndex", Kind: config.Int}},
	{"paused", config.Option{Key: "paused", Kind: config.Bool}},
}

// parseRunFlags maps parsed run flags to a runner configuration. Only the
// flags the user set join the CLI layer, so lower layers stand otherwise.
// environ is the process environment (KEY=VALUE entries).
func parseRunFlags(f *pflag.FlagSet, script string, environ []string) (runner.Config, error) {
	cfg := runner.Config{ScriptPath: script}
	process, _ := environment(environ, nil)
	layers, configFile, err := optionLayers(f, process)
	if err != nil {
		return cfg, err
	}
	cfg.Options, cfg.ConfigFile = layers, configFile
	settings, err := layers.Settings()
	if err != nil {
		return cfg, optionError(err)
	}
	pairs, _ := f.GetStringArray("env")
	if cfg.Env, err = environment(environ, pairs); err != nil {
		return cfg, &invalidOptionError{flag: "env", err: err}
	}
	progressEnv := cfg.Env // NATSK6_PROGRESS_INTERVAL is a setting, read even without system env vars in __ENV
	if !settings.IncludeSystemEnvVars {
		cfg.Env, _ = environment(nil, pairs)
	}
	outs, _ := f.GetStringArray("out")
	if cfg.Out, err = outputs.Parse(outs, process); err != nil {
		return cfg, optionError(err) // it names --out, K6_OUT or K6_WEB_DASHBOARD
	}
	cfg.SummaryExport, cfg.Quiet, cfg.NoThresholds = settings.SummaryExport, settings.Quiet, settings.NoThresholds
	cfg.NoColor, cfg.Verbose, cfg.ConsoleOutput = settings.NoColor, settings.Verbose, settings.ConsoleOutput
	cfg.LogOutput, cfg.LogFormat = settings.LogOutput, settings.LogFormat
	mode := cmp.Or(settings.SummaryMode, metrics.ModeCompact)
	if cfg.SummaryMode, err = metrics.ParseSummaryMode(mode); err != nil {
		return cfg, &invalidOptionError{flag: "summary-mode", err: err}
	}
	if settings.NoSummary {
		cfg.SummaryMode = metrics.ModeDisabled
	}
	cfg.NoEmbedded, _ = f.GetBool("no-embedded")
	cfg.Address, _ = f.GetString("address")
	if cfg.EmbeddedCluster, _ = f.GetInt("embedded-cluster"); cfg.EmbeddedCluster < 0 {
		return cfg, &invalidOptionError{flag: "embedded-cluster", err: fmt.Errorf("want a number of nodes, got %d", cfg.EmbeddedCluster)}
	}
	if text := progressEnv[progressEveryVar]; text != "" {
		d, derr := scheduler.ParseDuration(text)
		if derr != nil || d <= 0 {
			return cfg, &invalidOptionError{flag: progressEveryVar, err: fmt.Errorf("want a positive duration such as 10s, got %q", text)}
		}
		cfg.ProgressEvery = d
	}
	return cfg, nil
}

// optionLayers reads the config file (-c, or k6's default file when it
// exists), the K6_* variables of the process environment and the flags
// the user set. It returns the config file's path when one was read.
func optionLayers(f *pflag.FlagSet, process map[string]string) (config.Layers, string, error) {
	var layers config.Layers
	path, _ := f.GetString("config")
	explicit := path != ""
	if !explicit {
		path = config.DefaultFilePath(process)
	}
	var err error
	if layers.File, err = config.ReadFile(path, explicit); err != nil {
		return layers, "", optionError(err)
	}
	if len(layers.File) == 0 && !explicit {
		path = ""
	}
	if layers.Env, err = config.FromEnv(process); err != nil {
		return layers, "", optionError(err)
	}
	layers.CLI = config.Object{}
	for _, of := range optionFlags {
		if !f.Changed(of.flag) {
			continue
		}
		v, err := config.Encode(of.opt.Kind, flagText(f, of.flag))
		if err != nil {
			return layers, "", &invalidOptionError{flag: of.flag, err: err}
		}
		layers.CLI[of.opt.Key] = v
	}
	tags, _ := f.GetStringArray("tag")
	parsed, err := keyValues(tags)
	if err != nil {
		return layers, "", &invalidOptionError{flag: "tag", err: err}
	}
	if parsed != nil {
		layers.CLI["tags"], _ = json.Marshal(parsed) // a map of strings always encodes
	}
	return layers, path, nil
}

// flagText is a flag's value as the user wrote it; repeated --stage
// values join into one comma-separated list.
func flagText(f *pflag.FlagSet, name string) string {
	if values, err := f.GetStringArray(name); err == nil {
		return strings.Join(values, ",")
	}
	return f.Lookup(name).Value.String()
}

// optionError makes a config error (which names its file, variable or
// option) an invalid option: exit 104.
func optionError(err error) error {
	return &invalidOptionError{err: err}
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
