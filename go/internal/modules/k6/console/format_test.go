package console

import (
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
		if got := Format(rt, val); got != want {
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
	if got := Format(rt, val); got != "[object Object]" {
		t.Fatalf("got %q, want the plain string of the object", got)
	}
}
