package config

// Option is one k6 option that an environment variable or a flag sets.
type Option struct {
	Key  string // the option's name in script options and config files
	Env  string // its K6_* environment variable, "" when k6 has none
	Kind Kind
}

// EnvOptions are the documented K6_* variables that apply to natsk6
// (k6's options reference). The README lists those left out and why.
var EnvOptions = []Option{
	{"vus", "K6_VUS", Int},
	{"duration", "K6_DURATION", Duration},
	{"iterations", "K6_ITERATIONS", Int},
	{"stages", "K6_STAGES", Stages},
	{"setupTimeout", "K6_SETUP_TIMEOUT", Duration},
	{"teardownTimeout", "K6_TEARDOWN_TIMEOUT", Duration},
	{"minIterationDuration", "K6_MIN_ITERATION_DURATION", Duration},
	{"summaryTrendStats", "K6_SUMMARY_TREND_STATS", List},
	{"summaryTimeUnit", "K6_SUMMARY_TIME_UNIT", String},
	{"noSetup", "K6_NO_SETUP", Bool},
	{"noTeardown", "K6_NO_TEARDOWN", Bool},
	{"throw", "K6_THROW", Bool},
	{"systemTags", "K6_SYSTEM_TAGS", List},
	{"linger", "K6_LINGER", Bool},
	{"executionSegment", "K6_EXECUTION_SEGMENT", String},
	{"executionSegmentSequence", "K6_EXECUTION_SEGMENT_SEQUENCE", String},
	{"paused", "K6_PAUSED", Bool},
	// Run settings (see Settings): never read from script options.
	{"noThresholds", "K6_NO_THRESHOLDS", Bool},
	{"noSummary", "K6_NO_SUMMARY", Bool},
	{"summaryMode", "K6_SUMMARY_MODE", String},
	{"summaryExport", "K6_SUMMARY_EXPORT", String},
	{"consoleOutput", "K6_CONSOLE_OUTPUT", String},
	{"logOutput", "K6_LOG_OUTPUT", String},
	{"logFormat", "K6_LOG_FORMAT", String},
	{"noColor", "K6_NO_COLOR", Bool},
	{"includeSystemEnvVars", "K6_INCLUDE_SYSTEM_ENV_VARS", Bool},
}

// FromEnv is the environment layer: every K6_* variable of EnvOptions
// that is set and not empty. environ is the process environment only;
// -e KEY=VALUE feeds __ENV and never configures options, as in k6.
func FromEnv(environ map[string]string) (Object, error) {
	o := Object{}
	for _, opt := range EnvOptions {
		text, ok := environ[opt.Env]
		if !ok || text == "" {
			continue
		}
		v, err := Encode(opt.Kind, text)
		if err != nil {
			return nil, &Error{Source: opt.Env, Err: err}
		}
		o[opt.Key] = v
	}
	return o, nil
}
