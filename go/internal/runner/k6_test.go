package runner

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSetupDataReachesIterationsAndTeardown(t *testing.T) {
	r := run(t, `import { check } from 'k6';
export const options = { scenarios: { each: { executor: 'per-vu-iterations', vus: 2, iterations: 3 } } };
export function setup() { return { token: 'abc', list: [1, 2, 3] }; }
export default function (data) {
  check(data, { 'data from setup': (d) => d.token === 'abc' && d.list.length === 3 });
}
export function teardown(data) { console.log('teardown got ' + JSON.stringify(data)); }`)
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "passes"); got != 6 {
		t.Fatalf("checks passes = %v, want 6\n%s", got, r.stderr)
	}
	if !strings.Contains(r.logs, `teardown got {"token":"abc","list":[1,2,3]}`) {
		t.Fatalf("teardown did not receive setup's data:\n%s", r.stderr)
	}
}

func TestHandleSummaryWritesStdoutAndFile(t *testing.T) {
	r := run(t, `export const options = { iterations: 5 };
export default function () {}
export function handleSummary(data) {
  return {
    stdout: 'iterations=' + data.metrics.iterations.values.count + '\n',
    [__ENV.OUT_DIR + '/summary.json']: JSON.stringify(data),
  };
}`)
	r.wantCode(t, ExitOK)
	if r.stdout != "iterations=5\n" {
		t.Fatalf("stdout = %q, want only handleSummary's text", r.stdout)
	}
	raw, err := os.ReadFile(filepath.Join(r.dir, "summary.json"))
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Metrics map[string]struct {
			Values map[string]float64 `json:"values"`
		} `json:"metrics"`
		RootGroup map[string]any `json:"root_group"`
	}
	if err := json.Unmarshal(raw, &data); err != nil {
		t.Fatal(err)
	}
	if data.Metrics["iterations"].Values["count"] != 5 || data.RootGroup == nil {
		t.Fatalf("summary file lacks k6's data shape: %s", raw)
	}
}

func TestChecksAndGroupsInSummary(t *testing.T) {
	r := run(t, `import { check, group } from 'k6';
export const options = { iterations: 4 };
export default function () {
  check(1, { 'root passes': (v) => v === 1 });
  const got = group('outer', () => {
    group('inner', () => { check(2, { 'inner fails': (v) => v === 3, 'inner passes': true }); });
    return 'value';
  });
  check(got, { 'group returns fn value': (v) => v === 'value' });
}
export function handleSummary(data) { return { stdout: JSON.stringify(data.root_group) }; }`)
	r.wantCode(t, ExitOK)
	var root struct {
		Checks []struct {
			Name          string
			Passes, Fails int64
		}
		Groups []struct {
			Name, Path string
			Groups     []struct {
				Path   string
				Checks []struct {
					Name          string
					Passes, Fails int64
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &root); err != nil {
		t.Fatalf("handleSummary output is not JSON: %v\n%s", err, r.stdout)
	}
	if len(root.Checks) != 2 || len(root.Groups) != 1 || root.Groups[0].Path != "::outer" {
		t.Fatalf("unexpected root group: %s", r.stdout)
	}
	inner := root.Groups[0].Groups
	if len(inner) != 1 || inner[0].Path != "::outer::inner" || len(inner[0].Checks) != 2 {
		t.Fatalf("unexpected inner group: %s", r.stdout)
	}
	for _, c := range inner[0].Checks {
		want := map[string][2]int64{"inner fails": {0, 4}, "inner passes": {4, 0}}[c.Name]
		if c.Passes != want[0] || c.Fails != want[1] {
			t.Fatalf("check %q: %d passes %d fails, want %v", c.Name, c.Passes, c.Fails, want)
		}
	}
}

func TestEnvReachesScript(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import { check } from 'k6';
export const options = { iterations: 1 };
export default function () { check(__ENV.GREETING, { 'env from config': (v) => v === 'hi there' }); }`},
		Config{NoEmbedded: true, Env: map[string]string{"GREETING": "hi there"}})
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "passes"); got != 1 {
		t.Fatalf("checks passes = %v, want 1", got)
	}
}

func TestExecutionInfoAndScenarioEnv(t *testing.T) {
	r := run(t, `import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
const seen = new Counter('seen_iterations');
export const options = {
  scenarios: {
    first: { executor: 'per-vu-iterations', vus: 2, iterations: 3, exec: 'work', env: { KIND: 'one' }, tags: { team: 'a' } },
  },
  thresholds: { 'seen_iterations{team:a}': ['count==6'] },
};
export function work() {
  if (exec.scenario.name !== 'first' || exec.scenario.executor !== 'per-vu-iterations') throw new Error('bad scenario info');
  if (__ENV.KIND !== 'one') throw new Error('scenario env missing');
  if (exec.vu.iterationInScenario !== __ITER) throw new Error('__ITER differs');
  if (__VU < 1 || exec.vu.idInTest !== __VU) throw new Error('bad VU id');
  seen.add(1);
}`)
	r.wantCode(t, ExitOK)
	if strings.Contains(r.stderr, "Error") {
		t.Fatalf("script reported an error:\n%s", r.stderr)
	}
	if got := r.metric(t, "seen_iterations", "count"); got != 6 {
		t.Fatalf("seen_iterations = %v, want 6", got)
	}
}

func TestMetricsOnlyInInit(t *testing.T) {
	r := run(t, `import { Trend } from 'k6/metrics';
export const options = { iterations: 1 };
export default function () { new Trend('late'); }`)
	r.wantCode(t, ExitOK)
	if !strings.Contains(r.stderr, "init context") {
		t.Fatalf("creating a metric in VU code did not fail clearly:\n%s", r.stderr)
	}
}

func TestTimersRunOnTheLoop(t *testing.T) {
	r := run(t, `import { check } from 'k6';
export const options = { iterations: 1 };
export default function () {
  let ticks = 0;
  const id = setInterval(() => { ticks++; if (ticks === 3) clearInterval(id); }, 1);
  const cancelled = setTimeout(() => { throw new Error('cleared timer ran'); }, 1);
  clearTimeout(cancelled);
  setTimeout(() => check(ticks, { 'interval ran three times': (n) => n === 3 }), 50);
}`)
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "passes"); got != 1 || strings.Contains(r.stderr, "cleared timer ran") {
		t.Fatalf("checks passes = %v\n%s", got, r.stderr)
	}
}

func TestArrivalRateGrowsVUsAndDropsIterations(t *testing.T) {
	r := run(t, `import { sleep } from 'k6';
export const options = {
  scenarios: {
    flood: { executor: 'constant-arrival-rate', rate: 40, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 2 },
  },
};
export default function () { sleep(0.3); }`)
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "vus_max", "max"); got != 2 {
		t.Fatalf("vus_max max = %v, want 2 (one VU grown beyond preAllocatedVUs)", got)
	}
	if got := r.metric(t, "dropped_iterations", "count"); got <= 0 {
		t.Fatalf("dropped_iterations = %v, want some with two slow VUs at 40/s", got)
	}
}
