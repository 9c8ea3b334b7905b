package runner

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestExitOK(t *testing.T) {
	r := run(t, `export const options = { iterations: 3 };
export default function () {}`)
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "iterations", "count"); got != 3 {
		t.Fatalf("iterations = %v, want 3", got)
	}
}

func TestExitThresholdsFailed(t *testing.T) {
	r := run(t, `export const options = { iterations: 2, thresholds: { iterations: ['count>5'] } };
export default function () {}`)
	r.wantCode(t, ExitThresholdsFailed)
}

func TestExitThresholdAbortOnFail(t *testing.T) {
	r := run(t, `import { check, sleep } from 'k6';
export const options = {
  vus: 1, duration: '1m',
  thresholds: { checks: [{ threshold: 'rate==1', abortOnFail: true }] },
};
export default function () { check(1, { 'always fails': () => false }); sleep(0.1); }`)
	r.wantCode(t, ExitThresholdsFailed)
	if !strings.Contains(r.stderr, "abortOnFail") {
		t.Fatalf("stderr does not say why the run stopped:\n%s", r.stderr)
	}
}

func TestExitInvalidOptionsNamesTheOption(t *testing.T) {
	cases := map[string]struct{ options, mention string }{
		"unknown executor": {`{ scenarios: { main: { executor: 'no-such-executor', vus: 1, iterations: 1 } } }`, "executor"},
		"bad duration":     {`{ vus: 1, duration: 'ten seconds' }`, "duration"},
		"bad threshold":    {`{ iterations: 1, thresholds: { iterations: ['count <<< 1'] } }`, "iterations"},
		"unknown metric":   {`{ iterations: 1, thresholds: { no_such_metric: ['count<1'] } }`, "no_such_metric"},
		"missing exec":     {`{ scenarios: { main: { executor: 'shared-iterations', iterations: 1, exec: 'nowhere' } } }`, "nowhere"},
		"bad trend stat":   {`{ iterations: 1, summaryTrendStats: ['avg', 'p99'] }`, "p99"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := run(t, "export const options = "+c.options+";\nexport default function () {}")
			r.wantCode(t, ExitInvalidConfig)
			if !strings.Contains(r.stderr, c.mention) {
				t.Fatalf("stderr does not name %q:\n%s", c.mention, r.stderr)
			}
		})
	}
}

func TestExitScriptException(t *testing.T) {
	cases := map[string]struct{ script, mention string }{
		"init": {`throw new Error('init broke');`, "init broke"},
		"one VU's init": {"export const options = { vus: 40, iterations: 40 };\n" +
			"if (__VU === 7) throw new Error('VU 7 broke');", "VU 7 broke"},
		"setup":          {`export function setup() { throw new Error('setup broke'); }`, "setup broke"},
		"teardown":       {`export function teardown() { throw new Error('teardown broke'); }`, "teardown broke"},
		"unknown module": {`import http from 'k6/http';`, "k6/http"},
		"async setup":    {`export async function setup() { await null; throw new Error('async setup broke'); }`, "async setup broke"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := run(t, c.script+"\nexport default function () {}")
			r.wantCode(t, ExitScriptException)
			if !strings.Contains(r.stderr, c.mention) {
				t.Fatalf("stderr does not mention %q:\n%s", c.mention, r.stderr)
			}
		})
	}
}

func TestExitScriptExceptionInIterationDoesNotFail(t *testing.T) {
	r := run(t, `export const options = { iterations: 4 };
export default function () { throw new Error('iteration broke'); }`)
	r.wantCode(t, ExitOK)
	if n := strings.Count(r.stderr, "iteration broke"); n != 4 {
		t.Fatalf("exception printed %d times, want 4:\n%s", n, r.stderr)
	}
	if got := r.metric(t, "iterations", "count"); got != 4 {
		t.Fatalf("iterations = %v, want 4 (failed iterations still count)", got)
	}
}

func TestExitMissingScript(t *testing.T) {
	r := runFiles(t, map[string]string{}, Config{NoEmbedded: true, ScriptPath: "absent.js"})
	if r.code == ExitOK {
		t.Fatal("a missing script exited 0")
	}
	if !strings.Contains(r.stderr, "absent.js") {
		t.Fatalf("stderr does not name the file:\n%s", r.stderr)
	}
}

func TestExitSyntaxErrorNamesFileAndLine(t *testing.T) {
	r := run(t, "export default function () {\n  const x = ;\n}")
	r.wantCode(t, ExitScriptException)
	if !strings.Contains(r.stderr, "script.js:2") {
		t.Fatalf("stderr does not point at script.js line 2:\n%s", r.stderr)
	}
}

func TestExitScriptAborted(t *testing.T) {
	cases := map[string]string{
		"iteration": `import exec from 'k6/execution';
export const options = { vus: 2, duration: '1m' };
export default function () { exec.test.abort('enough'); }`,
		"setup": `import exec from 'k6/execution';
export function setup() { exec.test.abort('no setup for you'); }
export default function () {}`,
		"init": `import exec from 'k6/execution';
exec.test.abort('init gave up');
export default function () {}`,
	}
	for name, script := range cases {
		t.Run(name, func(t *testing.T) {
			r := run(t, script)
			r.wantCode(t, ExitScriptAborted)
			if !strings.Contains(r.stderr, "aborted") {
				t.Fatalf("stderr does not report the abort:\n%s", r.stderr)
			}
		})
	}
}

func TestExitSetupTimeout(t *testing.T) {
	r := run(t, `import { sleep } from 'k6';
export const options = { iterations: 1, setupTimeout: '200ms' };
export function setup() { sleep(30); }
export default function () {}`)
	r.wantCode(t, ExitSetupTimeout)
}

func TestMissingScriptPathIsAbsoluteInMessage(t *testing.T) {
	r := runFiles(t, map[string]string{}, Config{NoEmbedded: true, ScriptPath: "absent.ts"})
	if !strings.Contains(r.stderr, filepath.Join(r.dir, "absent.ts")) {
		t.Fatalf("stderr does not give the full path:\n%s", r.stderr)
	}
}
