package config

import (
	"encoding/json"
	"fmt"
	"strings"
)

// SettingKeys are run settings rather than test options: k6 reads them
// from the config file, K6_* variables and flags but never from the
// script's options (k6's options reference lists no code key for them).
var SettingKeys = []string{
	"noThresholds", "noSummary", "summaryMode", "summaryExport", "consoleOutput",
	"logOutput", "logFormat", "noColor", "includeSystemEnvVars", "quiet", "verbose",
}

// Settings are the run settings merged from the config file, the
// environment and the flags.
type Settings struct {
	NoThresholds  bool   // do not evaluate thresholds
	NoSummary     bool   // same as SummaryMode "disabled"
	SummaryMode   string // "" means compact
	SummaryExport string // summary JSON file, "" for none
	ConsoleOutput string // file for console.* output, "" for the log output
	LogOutput     LogOutput
	LogFormat     string // text (""), json or raw
	NoColor       bool
	// IncludeSystemEnvVars puts the process environment in __ENV; true
	// unless turned off, as for k6 run.
	IncludeSystemEnvVars bool
	Quiet                bool
	Verbose              bool
}

// LogOutput is where runner and console logs go.
type LogOutput struct {
	Kind string // stderr, stdout, none or file
	Path string // for file
}

// ReadSettings merges the settings of layers (lowest precedence first).
func ReadSettings(layers ...Object) (Settings, error) {
	merged := Object{}
	for _, l := range layers {
		for _, k := range SettingKeys {
			if v, ok := l[k]; ok && !isNull(v) {
				merged[k] = v
			}
		}
	}
	s := Settings{IncludeSystemEnvVars: true, LogOutput: LogOutput{Kind: "stderr"}}
	var logOutput string
	fields := []struct {
		key  string
		dest any
	}{
		{"noThresholds", &s.NoThresholds}, {"noSummary", &s.NoSummary}, {"summaryMode", &s.SummaryMode},
		{"summaryExport", &s.SummaryExport}, {"consoleOutput", &s.ConsoleOutput}, {"logOutput", &logOutput},
		{"logFormat", &s.LogFormat}, {"noColor", &s.NoColor}, {"includeSystemEnvVars", &s.IncludeSystemEnvVars},
		{"quiet", &s.Quiet}, {"verbose", &s.Verbose},
	}
	for _, f := range fields {
		if v, ok := merged[f.key]; ok {
			if err := json.Unmarshal(v, f.dest); err != nil {
				return s, &Error{Source: f.key, Err: fmt.Errorf("wrong type: %s", v)}
			}
		}
	}
	switch s.LogFormat {
	case "", "text", "json", "raw":
	default:
		return s, &Error{Source: "logFormat", Err: fmt.Errorf("%q is not one of text, json or raw", s.LogFormat)}
	}
	if logOutput != "" {
		out, err := ParseLogOutput(logOutput)
		if err != nil {
			return s, &Error{Source: "logOutput", Err: err}
		}
		s.LogOutput = out
	}
	return s, nil
}

// ParseLogOutput reads k6's log output syntax: stderr, stdout, none or
// file=PATH. Loki is not available in natsk6.
func ParseLogOutput(text string) (LogOutput, error) {
	kind, arg, _ := strings.Cut(text, "=")
	switch kind {
	case "stderr", "stdout", "none":
		if arg != "" {
			return LogOutput{}, fmt.Errorf("%s takes no value, got %q", kind, text)
		}
		return LogOutput{Kind: kind}, nil
	case "file":
		if arg == "" || strings.Contains(arg, ",") {
			return LogOutput{}, fmt.Errorf("want file=PATH (no other settings), got %q", text)
		}
		return LogOutput{Kind: kind, Path: arg}, nil
	case "loki":
		return LogOutput{}, fmt.Errorf("the loki log output is not available in natsk6")
	}
	return LogOutput{}, fmt.Errorf("%q is not one of stderr, stdout, none or file=PATH", text)
}
