package config

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func obj(t *testing.T, s string) Object {
	t.Helper()
	o, err := Parse("test", []byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// same compares objects by their JSON, so whitespace does not matter.
func same(t *testing.T, got Object, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got.JSON(), &g); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("got  %s\nwant %s", got.JSON(), want)
	}
}

func TestConsolidatePrecedenceAndExecutionKeys(t *testing.T) {
	scenarios := `{"a": {"executor": "shared-iterations", "iterations": 6}}`
	tests := []struct {
		name                    string
		file, script, env, flag string
		want                    string
	}{
		{"each layer wins over the ones below", `{"vus": 1, "setupTimeout": "1s", "teardownTimeout": "1s", "summaryTimeUnit": "s"}`,
			`{"vus": 2, "setupTimeout": "2s", "teardownTimeout": "2s"}`, `{"vus": 3, "setupTimeout": "3s"}`, `{"vus": 4}`,
			`{"vus": 4, "setupTimeout": "3s", "teardownTimeout": "2s", "summaryTimeUnit": "s"}`},
		{"--vus alone keeps the script's scenarios", `{}`, `{"scenarios": ` + scenarios + `}`, `{}`, `{"vus": 10}`,
			`{"vus": 10, "scenarios": ` + scenarios + `}`},
		{"-d replaces scenarios, iterations and stages below", `{"iterations": 9}`,
			`{"scenarios": ` + scenarios + `, "stages": [{"duration": "1s", "target": 1}]}`, `{}`, `{"duration": "5s"}`,
			`{"duration": "5s"}`},
		{"-i replaces a K6_DURATION", `{}`, `{"duration": "1m"}`, `{"duration": "10s"}`, `{"iterations": 3}`,
			`{"iterations": 3}`},
		{"-s replaces the script's iterations", `{}`, `{"vus": 2, "iterations": 8}`, `{}`, `{"stages": [{"duration": "1s", "target": 3}]}`,
			`{"vus": 2, "stages": [{"duration": "1s", "target": 3}]}`},
		{"script scenarios replace the config file's duration", `{"duration": "1m", "vus": 5}`, `{"scenarios": ` + scenarios + `}`, `{}`, `{}`,
			`{"vus": 5, "scenarios": ` + scenarios + `}`},
		{"keys set together in one layer stay together", `{}`, `{"iterations": 10, "duration": "2s"}`, `{}`, `{}`,
			`{"iterations": 10, "duration": "2s"}`},
		{"tags merge name by name", `{"tags": {"a": "file", "b": "file"}}`, `{"tags": {"b": "script", "c": "script"}}`, `{}`, `{"tags": {"c": "cli"}}`,
			`{"tags": {"a": "file", "b": "script", "c": "cli"}}`},
		{"null is unset", `{"vus": 3}`, `{"vus": null, "duration": null}`, `{}`, `{}`, `{"vus": 3}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			same(t, Consolidate(obj(t, tc.file), obj(t, tc.script), obj(t, tc.env), obj(t, tc.flag)), tc.want)
		})
	}
}

func TestLayersKeepRunSettingsOutOfOptions(t *testing.T) {
	l := Layers{File: obj(t, `{"noThresholds": true, "vus": 2}`), Env: obj(t, `{"summaryExport": "e.json"}`), CLI: obj(t, `{"quiet": true}`)}
	// A script's run setting stays, for the option parser to warn about.
	same(t, l.Options(obj(t, `{"noSummary": true}`)), `{"vus": 2, "noSummary": true}`)
	s, err := l.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if !s.NoThresholds || s.SummaryExport != "e.json" || !s.Quiet || s.NoSummary || !s.IncludeSystemEnvVars || s.LogOutput.Kind != "stderr" {
		t.Errorf("settings %+v", s)
	}
}

func TestFromEnvReadsK6Variables(t *testing.T) {
	env := map[string]string{
		"K6_VUS": "3", "K6_DURATION": "1m30s", "K6_ITERATIONS": "9", "K6_STAGES": "5s:10,1m:0",
		"K6_SUMMARY_TREND_STATS": "avg, p(99.9) ,count", "K6_SUMMARY_TIME_UNIT": "ms", "K6_NO_THRESHOLDS": "true",
		"K6_NO_SETUP": "1", "K6_NO_TEARDOWN": "false", "K6_THROW": "true", "K6_MIN_ITERATION_DURATION": "100ms",
		"K6_NO_SUMMARY": "true", "K6_SUMMARY_EXPORT": "sum.json", "K6_CONSOLE_OUTPUT": "c.log", "K6_SYSTEM_TAGS": "check,group",
		"K6_LINGER": "true", "K6_NO_COLOR": "true", "K6_LOG_OUTPUT": "stdout", "K6_LOG_FORMAT": "json",
		"K6_INCLUDE_SYSTEM_ENV_VARS": "false", "K6_SETUP_TIMEOUT": "5s", "K6_TEARDOWN_TIMEOUT": "6s", "K6_SUMMARY_MODE": "full",
		"K6_VUS_MAX": "ignored", "K6_OTHER": "x", "K6_EMPTY": "",
	}
	o, err := FromEnv(env)
	if err != nil {
		t.Fatal(err)
	}
	same(t, o, `{"vus": 3, "duration": "1m30s", "iterations": 9,
		"stages": [{"duration": "5s", "target": 10}, {"duration": "1m", "target": 0}],
		"summaryTrendStats": ["avg", "p(99.9)", "count"], "summaryTimeUnit": "ms", "noThresholds": true,
		"noSetup": true, "noTeardown": false, "throw": true, "minIterationDuration": "100ms", "noSummary": true,
		"summaryExport": "sum.json", "consoleOutput": "c.log", "systemTags": ["check", "group"], "linger": true,
		"noColor": true, "logOutput": "stdout", "logFormat": "json", "includeSystemEnvVars": false,
		"setupTimeout": "5s", "teardownTimeout": "6s", "summaryMode": "full"}`)

	for env, want := range map[string]string{
		"K6_VUS":      `K6_VUS: "many" is not an integer`,
		"K6_DURATION": `K6_DURATION: invalid duration "many"`,
		"K6_NO_SETUP": `K6_NO_SETUP: "many" is not true or false`,
		"K6_STAGES":   `K6_STAGES: stage "many"`,
	} {
		if _, err := FromEnv(map[string]string{env: "many"}); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s=many: %v, want %q", env, err, want)
		}
	}
}

func TestParseStages(t *testing.T) {
	got, err := ParseStages(" 30s:10, 1m30s:0 ,")
	if want := []Stage{{"30s", 10}, {"1m30s", 0}}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, %v; want %v", got, err, want)
	}
	for _, bad := range []string{"", "30s", "30s:", "soon:1", "1s:-1", "1s:x"} {
		if _, err := ParseStages(bad); err == nil {
			t.Errorf("ParseStages(%q) accepted", bad)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.json")
	if err := os.WriteFile(path, []byte(`{"vus": 2, "collectors": {"cloud": {"token": "secret"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	o, err := ReadFile(path, true)
	if err != nil {
		t.Fatal(err)
	}
	same(t, o, `{"vus": 2}`) // k6 login's credentials are neither applied nor reported

	missing := filepath.Join(dir, "missing.json")
	if o, err := ReadFile(missing, false); err != nil || len(o) != 0 {
		t.Errorf("a missing default file: %v, %v; want no options, no error", o, err)
	}
	if _, err := ReadFile(missing, true); err == nil || !strings.Contains(err.Error(), "config file") {
		t.Errorf("a missing --config file: %v", err)
	}
	if err := os.WriteFile(path, []byte(`[1]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(path, true); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("a config file that is no object: %v, want its path named", err)
	}
}

func TestConfigDirFollowsEachSystem(t *testing.T) {
	for _, tc := range []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"HOME": "/home/u"}, "/home/u/.config"},
		{"linux", map[string]string{"HOME": "/home/u", "XDG_CONFIG_HOME": "/xdg"}, "/xdg"},
		{"linux", map[string]string{"HOME": "/home/u", "XDG_CONFIG_HOME": "relative"}, "/home/u/.config"},
		{"linux", map[string]string{}, ""},
		{"darwin", map[string]string{"HOME": "/Users/u"}, "/Users/u/Library/Application Support"},
		{"windows", map[string]string{"AppData": `C:\Users\u\AppData\Roaming`}, `C:\Users\u\AppData\Roaming`},
	} {
		if got := configDir(tc.goos, tc.env); got != tc.want {
			t.Errorf("%s %v: %q, want %q", tc.goos, tc.env, got, tc.want)
		}
	}
	if got := DefaultFilePath(map[string]string{"HOME": "/home/u", "XDG_CONFIG_HOME": "/xdg", "AppData": "/xdg"}); !strings.HasSuffix(got, filepath.Join("k6", "config.json")) {
		t.Errorf("DefaultFilePath = %q, want .../k6/config.json", got)
	}
}

func TestReadSettingsValidates(t *testing.T) {
	s, err := ReadSettings(obj(t, `{"logOutput": "file=/tmp/k6.log", "logFormat": "raw", "includeSystemEnvVars": false}`))
	if err != nil || s.LogOutput != (LogOutput{"file", "/tmp/k6.log"}) || s.LogFormat != "raw" || s.IncludeSystemEnvVars {
		t.Errorf("settings %+v, %v", s, err)
	}
	for layer, want := range map[string]string{
		`{"logFormat": "xml"}`:           `logFormat: "xml" is not one of text, json or raw`,
		`{"logOutput": "loki=http://x"}`: "logOutput: the loki log output is not available",
		`{"logOutput": "file="}`:         "logOutput: want file=PATH",
		`{"logOutput": "syslog"}`:        `logOutput: "syslog" is not one of`,
		`{"noThresholds": "yes"}`:        "noThresholds: wrong type",
	} {
		if _, err := ReadSettings(obj(t, layer)); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s: %v, want %q", layer, err, want)
		}
	}
}
