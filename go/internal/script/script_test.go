package script

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/grafana/sobek"
)

// writeFiles creates files (relative path -> content) under a temp dir.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// run evaluates the bundle the way the runner does, with a require that
// serves the k6 module names, and returns the module's exports.
func run(t *testing.T, rt *sobek.Runtime, p *Program) *sobek.Object {
	t.Helper()
	m, err := p.Module()
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	require := func(name string) sobek.Value {
		if !strings.HasPrefix(name, "k6") {
			panic(rt.NewTypeError("unexpected require(" + name + ")"))
		}
		mod := rt.NewObject()
		_ = mod.Set("check", func(v bool) bool { return v })
		return mod
	}
	if err := rt.Set("require", require); err != nil {
		t.Fatal(err)
	}
	promise := m.Evaluate(rt)
	if promise.State() != sobek.PromiseStateFulfilled {
		t.Fatalf("init: %v", promise.Result())
	}
	return m.Exports(rt)
}

func call(t *testing.T, rt *sobek.Runtime, exports *sobek.Object, name string, args ...any) sobek.Value {
	t.Helper()
	fn, ok := sobek.AssertFunction(exports.Get(name))
	if !ok {
		t.Fatalf("export %q is not a function: %v", name, exports.Get(name))
	}
	vals := make([]sobek.Value, len(args))
	for i, a := range args {
		vals[i] = rt.ToValue(a)
	}
	v, err := fn(sobek.Undefined(), vals...)
	if err != nil {
		t.Fatalf("%s(): %v", name, err)
	}
	return v
}

func TestTypeScriptWithLocalImportAndK6Exports(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"lib/payload.ts": `
export interface Sized { size: number }
export function payload(s: Sized): string { return "x".repeat(s.size); }
`,
		"test.ts": `
import { check } from 'k6';
import nats from 'k6/x/nats';
import { payload } from './lib/payload';

type Opts = { vus: number; iterations: number };
export const options: Opts = { vus: 2, iterations: 10 };

export function setup(): { n: number } { return { n: 3 }; }

export function helper(): string { return typeof nats; }

export default function (data: { n: number }): number {
  check(true);
  return payload({ size: data.n } as const).length;
}
`,
	})
	p, err := Load(filepath.Join(dir, "test.ts"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Path != filepath.Join(dir, "test.ts") || p.Dir != dir {
		t.Fatalf("Path=%q Dir=%q, want %q in %q", p.Path, p.Dir, filepath.Join(dir, "test.ts"), dir)
	}
	rt := sobek.New()
	exports := run(t, rt, p)

	opts := exports.Get("options").Export().(map[string]any)
	if opts["vus"] != int64(2) || opts["iterations"] != int64(10) {
		t.Fatalf("options = %v", opts)
	}
	data := call(t, rt, exports, "setup")
	if got := call(t, rt, exports, "default", data).ToInteger(); got != 3 {
		t.Fatalf("default(setup()) = %d, want 3", got)
	}
	if got := call(t, rt, exports, "helper").String(); got != "object" {
		t.Fatalf("default import of k6/x/nats is %q, want an object", got)
	}
}

func TestSyntaxSobekLacksIsLowered(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"gen.js": `
async function* count(n) { for (let i = 0; i < n; i++) yield i; }
export default async function () {
  let sum = 0;
  for await (const v of count(4)) sum += v;
  const mod = await import('k6');
  return sum + (mod.check ? 100 : 0);
}
`,
	})
	p, err := Load(filepath.Join(dir, "gen.js"), nil)
	if err != nil {
		t.Fatal(err)
	}
	rt := sobek.New()
	exports := run(t, rt, p)
	promise, ok := call(t, rt, exports, "default").Export().(*sobek.Promise)
	if !ok {
		t.Fatal("async default did not return a Promise")
	}
	if promise.State() != sobek.PromiseStateFulfilled {
		t.Fatalf("promise state %v: %v", promise.State(), promise.Result())
	}
	if got := promise.Result().ToInteger(); got != 106 {
		t.Fatalf("result %d, want 106", got)
	}
}

func TestThrowMapsToOriginalLine(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"lib/fail.ts": `export function fail(why: string): never {
  throw new Error("failed: " + why);
}
`,
		"main.ts": `import { check } from 'k6';
import { fail } from './lib/fail';

interface Msg {
  subject: string;
}

export default function (): void {
  const m: Msg = { subject: "a" };
  check(m.subject === "a");
  fail(m.subject);
}
`,
	})
	p, err := Load(filepath.Join(dir, "main.ts"), nil)
	if err != nil {
		t.Fatal(err)
	}
	rt := sobek.New()
	exports := run(t, rt, p)
	fn, _ := sobek.AssertFunction(exports.Get("default"))
	_, err = fn(sobek.Undefined())
	var exc *sobek.Exception
	if err == nil || !errorAs(err, &exc) {
		t.Fatalf("want a JS exception, got %v", err)
	}
	stack := exc.String()
	for _, want := range []string{
		filepath.Join(dir, "lib", "fail.ts") + ":2:",
		filepath.Join(dir, "main.ts") + ":11:",
	} {
		if !strings.Contains(stack, want) {
			t.Errorf("stack lacks %q:\n%s", want, stack)
		}
	}
}

func errorAs(err error, exc **sobek.Exception) bool {
	e, ok := err.(*sobek.Exception)
	*exc = e
	return ok
}

func TestSyntaxErrorNamesFileLineColumn(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"bad.ts": "export default function () {\n  const x: number = ;\n}\n",
	})
	_, err := Load(filepath.Join(dir, "bad.ts"), nil)
	if err == nil {
		t.Fatal("want an error")
	}
	want := filepath.Join(dir, "bad.ts") + ":2:21: "
	if !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %q does not start with %q", err, want)
	}
}

func TestUnresolvedImportNamesTheImport(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"imp.js": "import { x } from './nope';\nexport default function () { return x; }\n",
	})
	_, err := Load(filepath.Join(dir, "imp.js"), nil)
	if err == nil || !strings.Contains(err.Error(), "imp.js:1:") || !strings.Contains(err.Error(), "./nope") {
		t.Fatalf("error %v should name imp.js:1 and ./nope", err)
	}
}

func TestMissingFileNamesPath(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent.ts")
	_, err := Load(missing, nil)
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Fatalf("error %v should name %s", err, missing)
	}
}

func TestNodeModulesPackageIsBundledFromMJS(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"node_modules/greet/package.json": `{"name":"greet","version":"1.0.0","main":"index.js"}`,
		"node_modules/greet/index.js":     `exports.greet = (n) => "hi " + n;`,
		"pkg.mjs": `import { check } from 'k6';
import { greet } from 'greet';
export default () => greet("vu") + String(check(true));
`,
	})
	p, err := Load(filepath.Join(dir, "pkg.mjs"), nil)
	if err != nil {
		t.Fatal(err)
	}
	rt := sobek.New()
	if got := call(t, rt, run(t, rt, p), "default").String(); got != "hi vutrue" {
		t.Fatalf("default() = %q", got)
	}
}

// A module in builtins is imported through an ES module stub: no
// CommonJS interop runs per VU, and only the named exports the script
// imports are read. A module missing from builtins keeps the CommonJS
// stub.
func TestBuiltinStubsReadOnlyTheImportedNames(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"main.js": `import nats, { connect } from 'k6/x/nats';
import { sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
export default function () { sleep(connect(nats, exec, http)); }
`,
	})
	builtins := map[string]Builtin{
		"k6/x/nats":    {Exports: []string{"ErrorCode", "connect", "jetStream"}, Methods: true},
		"k6":           {Exports: []string{"check", "sleep"}},
		"k6/execution": {Exports: []string{"vu"}},
	}
	p, err := Load(filepath.Join(dir, "main.js"), builtins)
	if err != nil {
		t.Fatal(err)
	}
	code := p.Code[:strings.Index(p.Code, "//# sourceMappingURL")]
	// esbuild numbers the stubs' helpers member, member2, ...
	reads := func(name string) bool {
		return regexp.MustCompile(`member\d*\("` + name + `"\)`).MatchString(code)
	}
	for _, name := range []string{"connect", "sleep"} {
		if !reads(name) {
			t.Errorf("bundle does not read %s:\n%s", name, code)
		}
	}
	for _, name := range []string{"ErrorCode", "jetStream", "check", "vu"} {
		if reads(name) {
			t.Errorf("bundle reads %s, which the script does not import:\n%s", name, code)
		}
	}
	for _, want := range []string{`.bind(m)`, `globalThis.require("k6/http")`} {
		if !strings.Contains(code, want) {
			t.Errorf("bundle lacks %s:\n%s", want, code)
		}
	}
	// Only k6/http, which builtins lacks, goes through the interop.
	if n := strings.Count(code, "__toESM("); n != 1 {
		t.Errorf("bundle calls __toESM %d times, want 1 (k6/http):\n%s", n, code)
	}
}
