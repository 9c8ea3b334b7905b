package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/runner"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// natsk6With runs the real command line and runner with the process
// environment minus NATS_URL and K6_* variables, a configuration
// directory of the test's own (so no real ~/.config/k6/config.json
// applies), and extra.
func natsk6With(t *testing.T, extra []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = execute(context.Background(), args, testEnviron(t, extra), &out, &errOut, runner.Run)
	return code, out.String(), errOut.String()
}

func testEnviron(t *testing.T, extra []string) []string {
	environ := []string{"XDG_CONFIG_HOME=" + t.TempDir()}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NATS_URL=") && !strings.HasPrefix(kv, "K6_") && !strings.HasPrefix(kv, "XDG_CONFIG_HOME=") {
			environ = append(environ, kv)
		}
	}
	return append(environ, extra...)
}

// exported reads one value of a --summary-export file.
func exported(t *testing.T, path, metric, field string) float64 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("summary export: %v", err)
	}
	var sum struct {
		Metrics map[string]map[string]float64 `json:"metrics"`
	}
	if err := json.Unmarshal(b, &sum); err != nil {
		t.Fatalf("summary export: %v\n%s", err, b)
	}
	v, ok := sum.Metrics[metric][field]
	if !ok {
		t.Fatalf("summary export has no %s.%s:\n%s", metric, field, b)
	}
	return v
}

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOptionLayersApplyWithK6Precedence(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "config.json", `{"iterations": 7}`)
	bare := writeFile(t, dir, "bare.js", `export default function () {}`)
	withOptions := writeFile(t, dir, "options.js", `export const options = { iterations: 3 };
export default function () {}`)
	scenarios := writeFile(t, dir, "scenarios.js", `export const options = {
  scenarios: { a: { executor: 'shared-iterations', vus: 2, iterations: 6 } },
};
export default function () {}`)
	for _, tc := range []struct {
		name    string
		environ []string
		args    []string
		script  string
		want    float64 // iterations
	}{
		{"the config file applies", nil, []string{"-c", file}, bare, 7},
		{"the script wins over the config file", nil, []string{"-c", file}, withOptions, 3},
		{"K6_ITERATIONS wins over the script", []string{"K6_ITERATIONS=5"}, []string{"-c", file}, withOptions, 5},
		{"-i wins over K6_ITERATIONS", []string{"K6_ITERATIONS=5"}, []string{"-c", file, "-i", "4"}, withOptions, 4},
		{"-e K6_ITERATIONS only feeds __ENV", nil, []string{"-e", "K6_ITERATIONS=5"}, withOptions, 3},
		{"--vus alone keeps the scenarios", nil, []string{"--vus", "5"}, scenarios, 6},
		{"-i replaces the scenarios", nil, []string{"-i", "2"}, scenarios, 2},
		{"k6's default config file applies", []string{"XDG_CONFIG_HOME=" + dir}, nil, bare, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == 0 { // the default file: $XDG_CONFIG_HOME/k6/config.json
				if err := os.MkdirAll(filepath.Join(dir, "k6"), 0o755); err != nil {
					t.Fatal(err)
				}
				writeFile(t, filepath.Join(dir, "k6"), "config.json", `{"iterations": 8}`)
				tc.want = 8
			}
			export := filepath.Join(t.TempDir(), "export.json")
			args := append(append([]string{"run", "-q", "--no-summary", "--summary-export", export}, tc.args...), tc.script)
			code, _, stderr := natsk6With(t, tc.environ, args...)
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			if got := exported(t, export, "iterations", "count"); got != tc.want {
				t.Errorf("iterations = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestBadLayersExit104NamingTheSource(t *testing.T) {
	dir := t.TempDir()
	script := writeFile(t, dir, "s.js", `export default function () {}`)
	notObject := writeFile(t, dir, "bad.json", `[1, 2]`)
	for _, tc := range []struct {
		environ []string
		args    []string
		want    string
	}{
		{[]string{"K6_VUS=many"}, nil, `K6_VUS: "many" is not an integer`},
		{[]string{"K6_NO_THRESHOLDS=maybe"}, nil, `K6_NO_THRESHOLDS: "maybe" is not true or false`},
		{nil, []string{"-c", filepath.Join(dir, "missing.json")}, "config file: open " + filepath.Join(dir, "missing.json")},
		{nil, []string{"-c", notObject}, "config file " + notObject + ": must be a JSON object"},
		{nil, []string{"-s", "ten:5"}, `--stage: stage "ten:5"`},
		{nil, []string{"--log-format", "xml"}, `logFormat: "xml" is not one of text, json or raw`},
		{nil, []string{"--log-output", "loki"}, "logOutput: the loki log output is not available in natsk6"},
	} {
		code, _, stderr := natsk6With(t, tc.environ, append(append([]string{"run"}, tc.args...), script)...)
		if code != runner.ExitInvalidConfig || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v %v: exit %d, stderr %q; want 104 and %q", tc.environ, tc.args, code, stderr, tc.want)
		}
	}
}

func TestStageFlagsAndK6StagesRampVUs(t *testing.T) {
	script := writeScript(t, "s.js", `import { sleep } from 'k6';
export const options = { iterations: 1 };
export default function () { sleep(0.05); }`)
	for name, tc := range map[string]struct {
		environ, args []string
	}{
		"-s":        {nil, []string{"-s", "300ms:3", "--stage", "200ms:3,100ms:0"}},
		"K6_STAGES": {[]string{"K6_STAGES=300ms:3,200ms:3,100ms:0"}, nil},
	} {
		export := filepath.Join(t.TempDir(), "export.json")
		args := append(append([]string{"run", "-q", "--no-summary", "--summary-export", export}, tc.args...), script)
		if code, _, stderr := natsk6With(t, tc.environ, args...); code != 0 {
			t.Fatalf("%s: exit %d:\n%s", name, code, stderr)
		}
		// Ramping to 3 VUs replaced the script's single iteration.
		if got := exported(t, export, "vus_max", "value"); got != 3 {
			t.Errorf("%s: vus_max = %v, want 3", name, got)
		}
		if got := exported(t, export, "iterations", "count"); got < 3 {
			t.Errorf("%s: %v iterations, want the ramp's many rather than the script's 1", name, got)
		}
	}
}

func TestSummaryTrendStatsAndTimeUnit(t *testing.T) {
	script := writeScript(t, "s.js", `export const options = { iterations: 2 };
export default function () {}`)
	for name, tc := range map[string]struct{ environ, args []string }{
		"flags":    {nil, []string{"--summary-trend-stats", "avg,p(99),count", "--summary-time-unit", "ms"}},
		"K6_ vars": {[]string{"K6_SUMMARY_TREND_STATS=avg,p(99),count", "K6_SUMMARY_TIME_UNIT=ms"}, nil},
	} {
		code, stdout, stderr := natsk6With(t, tc.environ, append(append([]string{"run", "-q"}, tc.args...), script)...)
		if code != 0 {
			t.Fatalf("%s: exit %d:\n%s", name, code, stderr)
		}
		var line string
		for _, l := range strings.Split(stdout, "\n") {
			if strings.Contains(l, "iteration_duration") {
				line = l
			}
		}
		fields := strings.Fields(line)
		if len(fields) != 4 || !strings.HasPrefix(fields[1], "avg=") || !strings.HasPrefix(fields[2], "p(99)=") || fields[3] != "count=2" {
			t.Fatalf("%s: iteration_duration line %q, want avg, p(99) and count only", name, line)
		}
		for _, f := range fields[1:3] {
			if !strings.HasSuffix(f, "ms") || strings.HasSuffix(f, "µs") {
				t.Errorf("%s: %s is not in ms", name, f)
			}
		}
	}
}

func TestNoThresholdsKeepsFailingThresholdsFromFailingTheRun(t *testing.T) {
	script := writeScript(t, "s.js", `import { check } from 'k6';
export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };
export default function () { check(1, { 'is two': (v) => v === 2 }); }`)
	if code, _, _ := natsk6With(t, nil, "run", "-q", script); code != runner.ExitThresholdsFailed {
		t.Fatalf("without --no-thresholds: exit %d, want 99", code)
	}
	code, stdout, stderr := natsk6With(t, nil, "run", "-q", "--no-thresholds", script)
	if code != 0 || strings.Contains(stdout, "THRESHOLDS") || strings.Contains(stderr, "crossed") {
		t.Errorf("--no-thresholds: exit %d, want 0 and no thresholds shown:\n%s\n%s", code, stdout, stderr)
	}
	if code, _, _ := natsk6With(t, []string{"K6_NO_THRESHOLDS=true"}, "run", "-q", script); code != 0 {
		t.Errorf("K6_NO_THRESHOLDS=true: exit %d, want 0", code)
	}
}

func TestThrowMakesInvalidMetricValuesThrow(t *testing.T) {
	script := writeScript(t, "s.js", `import { check } from 'k6';
import { Trend } from 'k6/metrics';
const t = new Trend('t');
export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };
export default function () {
  let threw = false, added;
  try { added = t.add('abc'); } catch (e) { threw = String(e).includes('t.add: abc is not a number'); }
  check(threw, { [__ENV.WANT]: (v) => v === (__ENV.WANT === 'throws') });
  if (!threw) check(added, { 'add returns false': (v) => v === false });
}`)
	code, _, stderr := natsk6With(t, nil, "run", "-q", "-e", "WANT=drops", script)
	if code != 0 || !strings.Contains(stderr, "t.add: abc is not a number; the sample is dropped") {
		t.Errorf("without -w: exit %d, want 0 with a warning:\n%s", code, stderr)
	}
	for _, flag := range []string{"-w", "--throw"} {
		if code, _, stderr := natsk6With(t, nil, "run", "-q", flag, "-e", "WANT=throws", script); code != 0 {
			t.Errorf("%s: exit %d, want 0 (the add threw):\n%s", flag, code, stderr)
		}
	}
	if code, _, stderr := natsk6With(t, []string{"K6_THROW=true"}, "run", "-q", "-e", "WANT=throws", script); code != 0 {
		t.Errorf("K6_THROW: exit %d, want 0 (the add threw):\n%s", code, stderr)
	}
}

func TestIncludeSystemEnvVars(t *testing.T) {
	script := writeScript(t, "s.js", `export default function () { console.log('FROM_SYSTEM=' + __ENV.FROM_SYSTEM + ' FROM_FLAG=' + __ENV.FROM_FLAG); }`)
	environ := []string{"FROM_SYSTEM=yes"}
	_, _, stderr := natsk6With(t, environ, "run", "-q", "--no-summary", "-e", "FROM_FLAG=yes", script)
	if !strings.Contains(stderr, "FROM_SYSTEM=yes FROM_FLAG=yes") {
		t.Errorf("by default __ENV holds the system environment:\n%s", stderr)
	}
	for _, tc := range [][]string{{"--include-system-env-vars=false"}, {}} {
		env := environ
		if len(tc) == 0 {
			env = append(env, "K6_INCLUDE_SYSTEM_ENV_VARS=false")
		}
		_, _, stderr := natsk6With(t, env, append(append([]string{"run", "-q", "--no-summary", "-e", "FROM_FLAG=yes"}, tc...), script)...)
		if !strings.Contains(stderr, "FROM_SYSTEM=undefined FROM_FLAG=yes") {
			t.Errorf("%v %v: __ENV should hold -e values only:\n%s", tc, env[len(env)-1], stderr)
		}
	}
}

func TestConsoleOutputAndLogOutputs(t *testing.T) {
	script := writeScript(t, "s.js", `export const options = { iterations: 1, bogusOption: 1 };
export default function () { console.log('from-the-script'); }`)
	dir := t.TempDir()
	consoleFile := filepath.Join(dir, "console.log")
	_, _, stderr := natsk6With(t, nil, "run", "-q", "--no-summary", "--console-output", consoleFile, script)
	b, _ := os.ReadFile(consoleFile)
	if !strings.Contains(string(b), "from-the-script") || strings.Contains(stderr, "from-the-script") || !strings.Contains(stderr, "bogusOption") {
		t.Errorf("--console-output: the file should hold console.log, stderr the runner's warning:\nfile: %s\nstderr: %s", b, stderr)
	}

	_, stdout, stderr := natsk6With(t, nil, "run", "-q", "--no-summary", "--log-output", "stdout", script)
	if !strings.Contains(stdout, "from-the-script") || !strings.Contains(stdout, "bogusOption") || strings.Contains(stderr, "from-the-script") {
		t.Errorf("--log-output stdout:\nstdout: %s\nstderr: %s", stdout, stderr)
	}
	_, stdout, stderr = natsk6With(t, nil, "run", "-q", "--no-summary", "--log-output", "none", script)
	if strings.Contains(stdout+stderr, "from-the-script") || strings.Contains(stdout+stderr, "bogusOption") {
		t.Errorf("--log-output none still logged:\nstdout: %s\nstderr: %s", stdout, stderr)
	}
	logFile := filepath.Join(dir, "k6.log")
	_, _, stderr = natsk6With(t, []string{"K6_LOG_OUTPUT=file=" + logFile}, "run", "-q", "--no-summary", script)
	b, _ = os.ReadFile(logFile)
	if !strings.Contains(string(b), "level=info msg=from-the-script source=console") || strings.Contains(stderr, "from-the-script") {
		t.Errorf("K6_LOG_OUTPUT=file=: file %q, stderr %q", b, stderr)
	}
}

func TestLogFormats(t *testing.T) {
	script := writeScript(t, "s.js", `export default function () { console.warn('careful'); }`)
	_, _, stderr := natsk6With(t, nil, "run", "-q", "--no-summary", "--log-format", "raw", script)
	if strings.TrimSpace(stderr) != "careful" {
		t.Errorf("--log-format raw: stderr %q, want the message alone", stderr)
	}
	_, _, stderr = natsk6With(t, []string{"K6_LOG_FORMAT=json"}, "run", "-q", "--no-summary", script)
	var entry map[string]string
	if err := json.Unmarshal([]byte(strings.TrimSpace(stderr)), &entry); err != nil {
		t.Fatalf("K6_LOG_FORMAT=json: %q is not one JSON line: %v", stderr, err)
	}
	if entry["level"] != "warning" || entry["msg"] != "careful" || entry["source"] != "console" || entry["time"] == "" {
		t.Errorf("json log entry %v", entry)
	}
}

func TestVerboseLogsWhereOptionsCameFrom(t *testing.T) {
	script := writeScript(t, "s.js", `export const options = { iterations: 1 };
export default function () {}`)
	_, _, stderr := natsk6With(t, []string{"K6_VUS=1"}, "run", "-q", "--no-summary", "-v", script)
	for _, want := range []string{`level=debug msg="script options set: iterations"`, `level=debug msg="K6_* environment variables set: vus"`, `level=debug msg="flags set: noSummary, quiet, verbose"`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("-v: stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, _, stderr := natsk6With(t, nil, "run", "-q", "--no-summary", script); strings.Contains(stderr, "level=debug") {
		t.Errorf("debug lines without -v:\n%s", stderr)
	}
}

// lockedBuffer is a buffer written by the run and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestLingerWaitsForAnInterruptAndKeepsTheExitCode(t *testing.T) {
	script := writeScript(t, "s.js", `export default function () {}`)
	for _, tc := range []struct {
		name    string
		environ []string
		args    []string
	}{
		{"-l", nil, []string{"-l"}},
		{"--linger", nil, []string{"--linger"}},
		{"K6_LINGER", []string{"K6_LINGER=true"}, nil},
	} {
		ctx, cancel := context.WithCancel(context.Background())
		var stdout, stderr lockedBuffer
		done := make(chan int, 1)
		args := append(append([]string{"run", "-q"}, tc.args...), script)
		go func() { done <- execute(ctx, args, testEnviron(t, tc.environ), &stdout, &stderr, runner.Run) }()
		testsupport.Eventually(t, time.Minute, func() bool {
			return strings.Contains(stderr.String(), "Linger set; waiting for Ctrl+C to fully exit...")
		}, "%s: no linger message:\n%s", tc.name, &stderr)
		if !strings.Contains(stdout.String(), "iterations") {
			t.Errorf("%s: the summary is printed before lingering:\n%s", tc.name, stdout.String())
		}
		select {
		case code := <-done:
			t.Fatalf("%s: the run ended (exit %d) while lingering", tc.name, code)
		default:
		}
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("%s: exit %d after the interrupt, want the test's 0", tc.name, code)
		}
	}
	// Without it the run returns by itself.
	if code, _, _ := natsk6With(t, nil, "run", "-q", "--no-summary", script); code != 0 {
		t.Errorf("without --linger: exit %d", code)
	}
}

func TestInspectPrintsConsolidatedOptions(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "config.json", `{"summaryTrendStats": ["avg", "p(99)"], "vus": 9}`)
	script := writeFile(t, dir, "s.js", `export const options = {
  vus: Number(__ENV.VUS || 2), iterations: 4,
  thresholds: { checks: ['rate==1'] },
  system: __ENV.HOME === undefined ? 'no system env' : 'system env',
};
export default function () {}`)
	code, stdout, stderr := natsk6With(t, []string{"K6_ITERATIONS=6"}, "inspect", "-c", file, "-e", "VUS=3", script)
	if code != 0 {
		t.Fatalf("inspect: exit %d:\n%s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("inspect output is not JSON: %v\n%s", err, stdout)
	}
	want := map[string]any{
		"vus": 3.0, "iterations": 6.0, "summaryTrendStats": []any{"avg", "p(99)"},
		"thresholds": map[string]any{"checks": []any{"rate==1"}}, "system": "no system env",
	}
	if !jsonEqual(got, want) {
		t.Errorf("inspect printed %s\nwant %v", stdout, want)
	}
	if !strings.Contains(stderr, "unknown fields") || !strings.Contains(stderr, "system") {
		t.Errorf("inspect should warn about the unknown option:\n%s", stderr)
	}

	_, stdout, _ = natsk6With(t, nil, "inspect", "--execution-requirements", "--include-system-env-vars", script)
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("inspect --execution-requirements: %v\n%s", err, stdout)
	}
	if got["maxVUs"] != 2.0 || got["totalDuration"] != "10m30s" || got["system"] != "system env" {
		t.Errorf("inspect --execution-requirements --include-system-env-vars: %s", stdout)
	}

	broken := writeFile(t, dir, "broken.js", `export const options = { vus: 'many' }; export default function () {}`)
	if code, _, stderr := natsk6With(t, nil, "inspect", broken); code != runner.ExitInvalidConfig || !strings.Contains(stderr, "vus") {
		t.Errorf("inspect of bad options: exit %d, want 104:\n%s", code, stderr)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestUnknownConfigFileKeysAreWarnedAboutByFile(t *testing.T) {
	dir := t.TempDir()
	file := writeFile(t, dir, "config.json", `{"iterations": 2, "iteratons": 3, "noUsageReport": true, "noThresholds": true}`)
	script := writeFile(t, dir, "s.js", `export const options = { vu: 1 };
export default function () {}`)
	code, _, stderr := natsk6With(t, nil, "run", "-q", "--no-summary", "-c", file, script)
	for _, want := range []string{
		"There were unknown fields in the options exported in the script: vu (did you mean vus?)",
		"There were unknown fields in the config file " + file + ": iteratons (did you mean iterations?)",
		"These k6 options have no effect in natsk6 and are ignored: noUsageReport",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if code != 0 || strings.Contains(stderr, "noThresholds") {
		t.Errorf("exit %d; noThresholds is a run setting, not an unknown option:\n%s", code, stderr)
	}
}
