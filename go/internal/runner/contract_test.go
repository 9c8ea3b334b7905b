package runner

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/config"
)

// runContractScript runs testdata/contract/name, a self-checking k6
// script: its checks threshold fails the run if any check fails.
func runContractScript(t *testing.T, name string, cfg Config) result {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "contract", name))
	if err != nil {
		t.Fatal(err)
	}
	cfg.NoEmbedded = true
	return runFiles(t, map[string]string{"script.js": string(src)}, cfg)
}

// wantNoFailedChecks asserts that checks ran and none failed.
func (r result) wantNoFailedChecks(t *testing.T) {
	t.Helper()
	if pass, fail := r.metric(t, "checks", "passes"), r.metric(t, "checks", "fails"); pass == 0 || fail != 0 {
		t.Fatalf("checks passes=%v fails=%v, want some and none failing\n%s", pass, fail, r.logs)
	}
}

// wantNoException asserts that no script exception was reported.
func (r result) wantNoException(t *testing.T) {
	t.Helper()
	if strings.Contains(r.stderr, "source=stacktrace") {
		t.Fatalf("the script threw:\n%s", r.logs)
	}
}

func TestExecutionModuleAsK6Documents(t *testing.T) {
	r := runContractScript(t, "execution.js", Config{})
	r.wantCode(t, ExitOK)
	r.wantNoFailedChecks(t)
	r.wantNoException(t)
	// setup 6, each of the 6 shared iterations 20, each timed one 4,
	// teardown 2: a check that never ran would break the arithmetic.
	if pass := r.metric(t, "checks", "passes"); pass < 6+6*20+4+2 || int(pass-6-6*20-2)%4 != 0 {
		t.Fatalf("checks passes = %v, want 128 plus 4 per timed iteration", pass)
	}
	if !strings.Contains(r.logs, "warning: exec.vu.metrics.tags.bad: only String, Boolean and Number types are accepted") {
		t.Fatalf("an object as a tag value was not warned about:\n%s", r.logs)
	}
	if got := r.metric(t, "iterations", "count"); got < 7 {
		t.Fatalf("iterations = %v, want the 6 shared ones and some timed ones", got)
	}
}

func TestTestFailExits110AndTheRunGoesOn(t *testing.T) {
	r := runContractScript(t, "test-fail.js", Config{})
	r.wantCode(t, ExitMarkedAsFailed)
	if got := r.metric(t, "checks", "passes"); got != 4 {
		t.Fatalf("checks passes = %v, want 4: every iteration after fail() still runs", got)
	}
	for _, want := range []string{
		"error: test marked as failed: the first iteration saw a wrong reply",
		"error: test run was marked as failed",
	} {
		if !strings.Contains(r.logs, want) {
			t.Fatalf("stderr lacks %q:\n%s", want, r.logs)
		}
	}
}

func TestLifecycleFunctionsRunInFreshVUs(t *testing.T) {
	r := runContractScript(t, "lifecycle.js", Config{})
	r.wantCode(t, ExitOK)
	r.wantNoException(t)
	var got struct {
		SetupData    map[string]any `json:"setupData"`
		FreshVU      bool           `json:"freshVU"`
		DataSent     *float64       `json:"dataSent"`
		DataReceived *float64       `json:"dataReceived"`
		Checks       float64        `json:"checks"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("handleSummary's stdout is not its JSON: %v\n%s", err, r.stdout)
	}
	if got.SetupData["token"] != "abc" || len(got.SetupData["list"].([]any)) != 2 {
		t.Errorf("data.setup_data = %v, want setup()'s return value", got.SetupData)
	}
	if !got.FreshVU {
		t.Error("handleSummary saw globals that setup() or teardown() changed")
	}
	if got.DataSent == nil || *got.DataSent != 0 || got.DataReceived == nil || *got.DataReceived != 0 {
		t.Errorf("data_sent/data_received = %v/%v, want both present and 0", got.DataSent, got.DataReceived)
	}
	if got.Checks != 3*2+2 {
		t.Errorf("checks passes = %v, want 8: 2 per iteration and 2 in teardown", got.Checks)
	}
	for _, name := range []string{"data_sent", "data_received"} {
		if v := r.metric(t, name, "count"); v != 0 {
			t.Errorf("--summary-export %s count = %v, want 0", name, v)
		}
	}
}

func TestHandleSummaryExceptionKeepsTheExitCodeAndPrintsTheDefaultSummary(t *testing.T) {
	for name, c := range map[string]struct {
		threshold string
		code      int
	}{
		"thresholds pass":    {"count==2", ExitOK},
		"thresholds crossed": {"count==5", ExitThresholdsFailed},
	} {
		t.Run(name, func(t *testing.T) {
			r := run(t, `export const options = { iterations: 2, thresholds: { iterations: ['`+c.threshold+`'] } };
export default function () {}
export function handleSummary(data) {
  throw new Error('summary broke');
}`)
			r.wantCode(t, c.code)
			if !strings.Contains(r.logs, "error: handleSummary() failed, printing the default summary instead: Error: summary broke\n\tat handleSummary (") {
				t.Errorf("the exception is not reported with its stack:\n%s", r.logs)
			}
			if !strings.Contains(r.stdout, "iterations") || !strings.Contains(r.stdout, "THRESHOLDS") {
				t.Errorf("the default summary was not printed:\n%s", r.stdout)
			}
		})
	}
}

func TestStacksShowTheScriptsFramesOnly(t *testing.T) {
	r := runFiles(t, map[string]string{"plainconnect.js": `import nats from 'k6/x/nats';
import { check } from 'k6';
import { helper } from './lib/index.js';
export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };
export default function () {
  const conn = nats.connect();
  let stack = '';
  try {
    conn.request('nobody.home', 'x', 500);
  } catch (e) {
    stack = e.stack;
  }
  console.log(stack);
  check(stack, { 'a NatsError was thrown': (s) => s.includes('NatsError') });
  conn.close();
  helper();
}`, "lib/index.js": `export function helper() { [1].forEach(() => { throw new Error('helper broke'); }); }`},
		Config{ScriptPath: "plainconnect.js"})
	r.wantCode(t, ExitOK)
	r.wantNoFailedChecks(t)
	for _, want := range []string{
		"info: NatsError: Request failed (1011)",
		"\n\tat default (" + filepath.Join(r.dir, "plainconnect.js") + ":9:",
		"error: Error: helper broke\n\tat " + filepath.Join(r.dir, "lib", "index.js") + ":1:",
		"\tat forEach (native)\n",
		"\tat default (" + filepath.Join(r.dir, "plainconnect.js") + ":16:",
	} {
		if !strings.Contains(r.logs, want) {
			t.Errorf("stderr lacks %q", want)
		}
	}
	for _, internal := range []string{"natsk6:", "github.com/", "plainconnect_default", "(native)\n\tat default"} {
		if strings.Contains(r.logs, internal) {
			t.Errorf("stderr shows natsk6's own frames (%q):\n%s", internal, r.logs)
		}
	}
}

// k6's documented example: the shortcuts become scenarios.default, and
// the CLI flags are part of the consolidated options.
func TestTestOptionsDeriveTheDefaultScenario(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import exec from 'k6/execution';
import { check } from 'k6';
export const options = {
  stages: [{ duration: '300ms', target: 3 }, { duration: '200ms', target: 1 }],
  thresholds: { checks: ['rate==1'] },
};
export default function () {
  const o = exec.test.options;
  check(o, {
    'stages become scenarios.default': (x) => x.scenarios.default.executor === 'ramping-vus' && x.scenarios.default.stages[0].target === 3,
    'stage durations in k6 form': (x) => x.scenarios.default.stages[1].duration === '200ms',
    'the script keeps its stages': (x) => x.stages.length === 2,
  });
}`}, Config{NoEmbedded: true})
	r.wantCode(t, ExitOK)
	r.wantNoFailedChecks(t)
	r.wantNoException(t)

	flags := runFiles(t, map[string]string{"script.js": `import exec from 'k6/execution';
import { check } from 'k6';
export const options = { vus: 1, iterations: 1, thresholds: { checks: ['rate==1'] } };
export default function () {
  check(exec.test.options, {
    '--vus and --iterations are in the options': (x) => x.vus === 2 && x.iterations === 4,
    'and in the derived scenario': (x) => x.scenarios.default.vus === 2 && x.scenarios.default.iterations === 4,
  });
}`}, Config{NoEmbedded: true, Options: config.Layers{CLI: config.Object{"vus": json.RawMessage("2"), "iterations": json.RawMessage("4")}}})
	flags.wantCode(t, ExitOK)
	flags.wantNoException(t)
	if pass := flags.metric(t, "checks", "passes"); pass != 8 {
		t.Fatalf("checks passes = %v, want 2 in each of 4 iterations", pass)
	}
}

// Tags and metadata set through exec.vu.metrics go with every later
// sample of the VU, NATS ones included: tags as tags, metadata in the
// "metadata" field of --out json, as k6 writes it.
func TestVUTagsAndMetadataReachEverySample(t *testing.T) {
	out := filepath.Join(t.TempDir(), "points.jsonl")
	r := runFiles(t, map[string]string{"script.js": `import exec from 'k6/execution';
import nats from 'k6/x/nats';
const conn = nats.connect();
export const options = { iterations: 2 };
export default function () {
  exec.vu.metrics.tags.flow = 'orders';
  exec.vu.metrics.metadata.trace_id = 't-' + exec.scenario.iterationInTest;
  conn.publish('orders.new', 'x');
}`}, Config{JSONOut: out})
	r.wantCode(t, ExitOK)
	r.wantNoException(t)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	published := 0
	for sc := bufio.NewScanner(f); sc.Scan(); {
		var line struct {
			Type   string `json:"type"`
			Metric string `json:"metric"`
			Data   struct {
				Tags     map[string]string `json:"tags"`
				Metadata map[string]string `json:"metadata"`
			} `json:"data"`
		}
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatalf("json output line %q: %v", sc.Text(), err)
		}
		if line.Type != "Point" {
			continue
		}
		switch line.Metric {
		case "nats_msgs_published", "iterations":
			if line.Data.Tags["flow"] != "orders" || !strings.HasPrefix(line.Data.Metadata["trace_id"], "t-") {
				t.Errorf("%s sample lacks the VU's tag or metadata: %s", line.Metric, sc.Text())
			}
			if _, isTag := line.Data.Tags["trace_id"]; isTag {
				t.Errorf("metadata became a tag: %s", sc.Text())
			}
			if line.Metric == "nats_msgs_published" {
				published++
			}
		case "vus", "vus_max":
			if line.Data.Metadata != nil {
				t.Errorf("%s is no VU's sample but has metadata: %s", line.Metric, sc.Text())
			}
		}
	}
	if published == 0 {
		t.Fatal("no nats_msgs_published sample in the JSON output")
	}
}
