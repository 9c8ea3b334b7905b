package runner

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/grafana/sobek"
)

// TestConsoleFormatsValuesAsK6 uses the outputs k6 (>= 1.5) documents
// for console.log in its release notes and pull requests.
func TestConsoleFormatsValuesAsK6(t *testing.T) {
	cases := map[string]string{
		`'hello'`:                           `hello`,
		`({ a: 1, b: 'x' })`:                `{ a: 1, b: "x" }`,
		`[1, 2]`:                            `[ 1, 2 ]`,
		`({})`:                              `{}`,
		`[]`:                                `[]`,
		`(function () {})`:                  `[object Function]`,
		`({ one: class {}, two: () => 1 })`: `{ one: [object Function], two: [object Function] }`,
		`[{ handler: class {} }, { data: [1, 2, class {}] }]`:                           `[ { handler: [object Function] }, { data: [ 1, 2, [object Function] ] } ]`,
		`(() => { const a = { fn: function () {}, foo: {} }; a.foo = a; return a; })()`: `{ fn: [object Function], foo: [Circular] }`,
		`(() => { const x = { a: 1 }; return [x, x]; })()`:                              `[ { a: 1 }, { a: 1 } ]`,
		`new Uint8Array([1, 2])`:                                                        `Uint8Array(2) [ 1, 2 ]`,
		`new Int32Array([4, 2])`:                                                        `Int32Array(2) [ 4, 2 ]`,
		`new Int32Array([4, 2]).buffer`:                                                 `ArrayBuffer { [Uint8Contents]: <04 00 00 00 02 00 00 00>, byteLength: 8 }`,
		`({ v: new Int32Array([4, 2]) })`:                                               `{ v: Int32Array(2) [ 4, 2 ] }`,
		`({ s: 'say "hi"', n: null, u: undefined, t: true, f: 1.5 })`:                   `{ s: "say \"hi\"", n: null, u: undefined, t: true, f: 1.5 }`,
		`({ 'a-b': 1, _ok: 2 })`:                                                        `{ "a-b": 1, _ok: 2 }`,
		`new Error('boom')`:                                                             `Error: boom`,
		`({ err: new TypeError('bad') })`:                                               `{ err: TypeError: bad }`,
		`new Map([['k', 1]])`:                                                           `Map(1) { "k" => 1 }`,
		`new Set([1, 'two'])`:                                                           `Set(2) { 1, "two" }`,
		`null`:                                                                          `null`,
		`undefined`:                                                                     `undefined`,
		`42`:                                                                            `42`,
		`Symbol('s')`:                                                                   `Symbol(s)`,
	}
	rt := sobek.New()
	for src, want := range cases {
		val, err := rt.RunString(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		if got := formatConsoleValue(rt, val); got != want {
			t.Errorf("console.log(%s)\n got %s\nwant %s", src, got, want)
		}
	}
}

func TestConsoleFormatFallsBackWhenAGetterThrows(t *testing.T) {
	rt := sobek.New()
	val, err := rt.RunString(`({ get broken() { throw new Error('no'); } })`)
	if err != nil {
		t.Fatal(err)
	}
	if got := formatConsoleValue(rt, val); got != "[object Object]" {
		t.Fatalf("got %q, want the plain string of the object", got)
	}
}

func TestConsoleLayouts(t *testing.T) {
	var tty, plain bytes.Buffer
	newConsoleWriter(&tty, true, false).log(levelInfo, "hello", "source=console")
	newConsoleWriter(&plain, false, false).log(levelWarn, `say "hi"`, "source=console")
	if want := "INFO[0000] hello" + strings.Repeat(" ", 39) + " source=console\n"; tty.String() != want {
		t.Errorf("terminal layout\n got %q\nwant %q", tty.String(), want)
	}
	logfmt := regexp.MustCompile(`^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)" level=warning msg="say \\"hi\\"" source=console\n$`)
	if !logfmt.MatchString(plain.String()) {
		t.Errorf("logfmt layout: got %q", plain.String())
	}
	var bare bytes.Buffer
	newConsoleWriter(&bare, false, false).log(levelInfo, "plain-word_1.2", "")
	if !strings.HasSuffix(bare.String(), " level=info msg=plain-word_1.2\n") {
		t.Errorf("a message that needs no quotes is quoted: %q", bare.String())
	}
}

func TestConsoleDebugOnlyWhenVerbose(t *testing.T) {
	script := `export const options = { iterations: 1 };
export default function () { console.debug('debug line'); console.log('a', { b: 1 }, [1]); }`
	quiet := run(t, script)
	quiet.wantCode(t, ExitOK)
	if strings.Contains(quiet.stderr, "debug line") {
		t.Errorf("console.debug printed without -v:\n%s", quiet.stderr)
	}
	if !strings.Contains(quiet.logs, "info: a { b: 1 } [ 1 ] source=console") {
		t.Errorf("console.log arguments not joined as k6 formats them:\n%s", quiet.logs)
	}
	verbose := runFiles(t, map[string]string{"script.js": script}, Config{NoEmbedded: true, Verbose: true})
	verbose.wantCode(t, ExitOK)
	if !strings.Contains(verbose.logs, "debug: debug line source=console") {
		t.Errorf("console.debug did not print with -v:\n%s", verbose.logs)
	}
}
