package runner

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/config"
)

func TestUnknownOptionsAreWarnedAboutAndTheRunStillRuns(t *testing.T) {
	r := run(t, `export const options = { vu: 5, iterations: 2, thresholdz: {} };
export default function () {}`)
	r.wantCode(t, ExitOK)
	want := "warning: There were unknown fields in the options exported in the script: thresholdz (did you mean thresholds?), vu (did you mean vus?)"
	if !strings.Contains(r.logs, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	if got := r.metric(t, "iterations", "count"); got != 2 {
		t.Errorf("iterations = %v, want 2", got)
	}
}

// point is one Point line of --out json.
type point struct {
	Type   string `json:"type"`
	Metric string `json:"metric"`
	Data   struct {
		Tags map[string]string `json:"tags"`
	} `json:"data"`
}

func readPoints(t *testing.T, path string) []point {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var points []point
	for sc := bufio.NewScanner(f); sc.Scan(); {
		var p point
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("json output line %q: %v", sc.Text(), err)
		}
		if p.Type == "Point" {
			points = append(points, p)
		}
	}
	return points
}

func TestTestWideTagsReachEverySample(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "points.jsonl")
	r := runFiles(t, map[string]string{"script.js": `import { check } from 'k6';
import { Counter } from 'k6/metrics';
const hits = new Counter('hits');
export const options = {
  tags: { team: 'nats', site: 'script' },
  scenarios: { load: { executor: 'shared-iterations', iterations: 2, tags: { site: 'scenario' } } },
};
export function setup() { hits.add(1); }
export default function () { hits.add(1); check(1, { one: (v) => v === 1 }); }`},
		Config{NoEmbedded: true, JSONOut: out, Options: config.Layers{CLI: config.Object{"tags": json.RawMessage(`{"cli": "yes"}`)}}})
	r.wantCode(t, ExitOK)
	seen := map[string]bool{}
	for _, p := range readPoints(t, out) {
		seen[p.Metric] = true
		if p.Data.Tags["team"] != "nats" || p.Data.Tags["cli"] != "yes" {
			t.Errorf("%s sample without the test-wide tags: %v", p.Metric, p.Data.Tags)
		}
		// A scenario's own tag wins over the test-wide one; setup is in no scenario.
		wantSite := "scenario"
		if p.Data.Tags["group"] == "::setup" || p.Metric == "vus" || p.Metric == "vus_max" {
			wantSite = "script"
		}
		if p.Data.Tags["site"] != wantSite {
			t.Errorf("%s sample (group %q) has site=%q, want %q", p.Metric, p.Data.Tags["group"], p.Data.Tags["site"], wantSite)
		}
	}
	for _, m := range []string{"hits", "checks", "iterations", "iteration_duration", "vus", "vus_max"} {
		if !seen[m] {
			t.Errorf("no %s sample in the json output", m)
		}
	}
}

func TestMinIterationDurationStretchesShortIterations(t *testing.T) {
	r := run(t, `export const options = { iterations: 3, minIterationDuration: '200ms' };
export default function () {}`)
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "iteration_duration", "min"); got < 200 {
		t.Errorf("iteration_duration min = %vms, want >= 200ms", got)
	}
	if got := r.metric(t, "iterations", "count"); got != 3 {
		t.Errorf("iterations = %v, want 3", got)
	}
}

func TestNoSetupAndNoTeardownSkipThem(t *testing.T) {
	script := `export const options = { iterations: 1, noSetup: true };
export function setup() { console.log('setup ran'); return { from: 'setup' }; }
export default function (data) { console.log('data is ' + JSON.stringify(data)); }
export function teardown() { console.log('teardown ran'); }`
	r := runFiles(t, map[string]string{"script.js": script}, Config{NoEmbedded: true})
	r.wantCode(t, ExitOK)
	if strings.Contains(r.stderr, "setup ran") || !strings.Contains(r.stderr, "data is undefined") || !strings.Contains(r.stderr, "teardown ran") {
		t.Errorf("noSetup: setup must not run, data must be undefined, teardown must run:\n%s", r.stderr)
	}
	r = runFiles(t, map[string]string{"script.js": strings.Replace(script, "noSetup: true", "noSetup: false", 1)},
		Config{NoEmbedded: true, Options: config.Layers{CLI: config.Object{"noTeardown": json.RawMessage(`true`)}}})
	r.wantCode(t, ExitOK)
	if !strings.Contains(r.stderr, "setup ran") || strings.Contains(r.stderr, "teardown ran") {
		t.Errorf("--no-teardown: setup must run, teardown must not:\n%s", r.stderr)
	}
}

func TestProgressCountsIterationsCutShortAsInterrupted(t *testing.T) {
	start := time.Now()
	r := run(t, `import { sleep } from 'k6';
export const options = { scenarios: { hang: { executor: 'constant-vus', vus: 2, duration: '500ms', gracefulStop: '0s' } } };
export default function () { sleep(30); }`)
	r.wantCode(t, ExitOK)
	if time.Since(start) > 20*time.Second {
		t.Fatalf("the iterations were not interrupted at the graceful stop")
	}
	final := regexp.MustCompile(`running \(0m0\d\.\ds\), 0/2 VUs, 0 complete and 2 interrupted iterations\nhang ✓ \[ 100% \] 2 VUs  500ms\n`)
	if !final.MatchString(r.stderr) {
		t.Errorf("final progress should count 2 interrupted iterations:\n%s", r.stderr)
	}
}

func TestSystemTagsChooseTheTagsSamplesCarry(t *testing.T) {
	script := `import { check, group } from 'k6';
import { Counter } from 'k6/metrics';
const hits = new Counter('hits');
export const options = { scenarios: { load: { executor: 'shared-iterations', iterations: 2 } } };
export default function () { group('g', () => { hits.add(1); check(1, { one: (v) => v === 1 }); }); }`
	tagsOf := func(systemTags string) map[string]map[string]bool {
		out := filepath.Join(t.TempDir(), "points.jsonl")
		cfg := Config{NoEmbedded: true, JSONOut: out}
		if systemTags != "" {
			cfg.Options.CLI = config.Object{"systemTags": json.RawMessage(systemTags)}
		}
		runFiles(t, map[string]string{"script.js": script}, cfg).wantCode(t, ExitOK)
		seen := map[string]map[string]bool{} // metric → tag names
		for _, p := range readPoints(t, out) {
			if seen[p.Metric] == nil {
				seen[p.Metric] = map[string]bool{}
			}
			for k := range p.Data.Tags {
				seen[p.Metric][k] = true
			}
		}
		return seen
	}
	def := tagsOf("")
	if !def["hits"]["scenario"] || !def["hits"]["group"] || !def["checks"]["check"] {
		t.Fatalf("k6's default system tags missing: %v", def)
	}
	only := tagsOf(`["check"]`)
	if only["hits"]["scenario"] || only["hits"]["group"] || only["iterations"]["scenario"] || !only["checks"]["check"] || only["checks"]["group"] {
		t.Errorf("systemTags [check]: samples still carry other system tags: %v", only)
	}
	if none := tagsOf(`[]`); none["checks"]["check"] {
		t.Errorf("systemTags []: checks still tagged: %v", none)
	}
}
