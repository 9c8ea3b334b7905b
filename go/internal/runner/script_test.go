package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTypeScriptWithLocalImport(t *testing.T) {
	r := runFiles(t, map[string]string{
		"lib/greet.ts": `export interface Greeting { text: string; times: number }
export function greet(name: string): Greeting { return { text: 'hello ' + name, times: 2 }; }`,
		"script.ts": `import { check } from 'k6';
import { greet, Greeting } from './lib/greet.ts';
export const options = { iterations: 3 };
export default function (): void {
  const g: Greeting = greet('nats');
  check(g, { 'typed import works': (x: Greeting) => x.text === 'hello nats' && x.times === 2 });
}`,
	}, Config{NoEmbedded: true})
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "passes"); got != 3 {
		t.Fatalf("checks passes = %v, want 3\n%s", got, r.stderr)
	}
}

func TestAsyncAwaitIteration(t *testing.T) {
	r := run(t, `import { check } from 'k6';
export const options = { iterations: 2 };
const later = (v, ms) => new Promise((resolve) => setTimeout(() => resolve(v), ms));
export default async function () {
  const a = await later(20, 5);
  const b = await later(22, 1);
  check(a + b, { 'awaited values add up': (x) => x === 42 });
}`)
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "passes"); got != 2 {
		t.Fatalf("checks passes = %v, want 2\n%s", got, r.stderr)
	}
}

func TestRejectedPromiseIsReportedAsUncaught(t *testing.T) {
	r := run(t, `export const options = { iterations: 1 };
export default async function () { await null; throw new Error('async broke'); }`)
	r.wantCode(t, ExitOK)
	if !strings.Contains(r.stderr, "Uncaught (in promise)") || !strings.Contains(r.stderr, "async broke") {
		t.Fatalf("stderr does not report the rejection:\n%s", r.stderr)
	}
}

func TestExceptionPointsAtTypeScriptLine(t *testing.T) {
	r := runFiles(t, map[string]string{"script.ts": `type Payload = { n: number };
export const options = { iterations: 1 };

function explode(p: Payload): never {
  throw new Error('exploded with ' + p.n);
}

export default function (): void {
  explode({ n: 7 });
}`}, Config{NoEmbedded: true})
	r.wantCode(t, ExitOK)
	if !strings.Contains(r.stderr, "exploded with 7") || !strings.Contains(r.stderr, "script.ts:5") {
		t.Fatalf("stderr does not point at script.ts line 5:\n%s", r.stderr)
	}
}

func TestOpenReadsRelativeToScriptInInitOnly(t *testing.T) {
	r := runFiles(t, map[string]string{
		"data/users.json": `["ann","bob"]`,
		"script.js": `import { check } from 'k6';
const users = JSON.parse(open('./data/users.json'));
const bytes = open('./data/users.json', 'b');
export const options = { iterations: 1 };
export default function () {
  check(users, { 'text read': (u) => u.length === 2 && u[1] === 'bob' });
  check(bytes, { 'binary read': (b) => b instanceof ArrayBuffer && b.byteLength === 13 });
  let failed = false;
  try { open('./data/users.json'); } catch (e) { failed = String(e).includes('init context'); }
  check(failed, { 'open outside init throws': (f) => f });
}`,
	}, Config{NoEmbedded: true})
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "passes"); got != 3 {
		t.Fatalf("checks passes = %v, want 3\n%s", got, r.stderr)
	}
}

func TestJSONOutputWritesMetricPoints(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "points.json")
	r := runFiles(t, map[string]string{"script.js": `export const options = { iterations: 2 };
export default function () {}`}, Config{NoEmbedded: true, JSONOut: out})
	r.wantCode(t, ExitOK)
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"iterations"`) {
		t.Fatalf("JSON output has no iterations points:\n%s", raw)
	}
}

func TestCommonJSScriptExportsStillWork(t *testing.T) {
	r := run(t, `const { check } = require('k6');
exports.options = { iterations: 2, thresholds: { checks: ['rate==1'] } };
exports.default = function () { check(null, { 'CommonJS default ran': () => true }); };`)
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "passes"); got != 2 {
		t.Fatalf("checks passes = %v, want 2\n%s", got, r.stderr)
	}
}
