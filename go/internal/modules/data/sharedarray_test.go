package data

import (
	"strings"
	"testing"

	"github.com/grafana/sobek"
)

// vu is a bare runtime with k6/data as the global `data`, in init or not.
type vu struct {
	rt     *sobek.Runtime
	inInit bool
}

func newVU(t testing.TB, reg *Registry) *vu {
	t.Helper()
	v := &vu{rt: sobek.New(), inInit: true}
	if err := v.rt.Set("data", New(v.rt, reg, func() bool { return v.inInit })); err != nil {
		t.Fatal(err)
	}
	return v
}

func (v *vu) run(t testing.TB, src string) string {
	t.Helper()
	out, err := v.rt.RunString(src)
	if err != nil {
		t.Fatalf("%s\n%v", src, err)
	}
	return out.String()
}

func TestFunctionRunsOnceAcrossVUs(t *testing.T) {
	var reg Registry
	const build = `globalThis.calls = (globalThis.calls || 0);
const users = new data.SharedArray('users', () => { globalThis.calls++; return [{ name: 'ann' }, { name: 'bob' }]; });
calls + ':' + users.length + ':' + users[1].name`
	first, second := newVU(t, &reg), newVU(t, &reg)
	if got := first.run(t, build); got != "1:2:bob" {
		t.Fatalf("first VU: %s", got)
	}
	if got := second.run(t, build); got != "0:2:bob" {
		t.Fatalf("second VU ran the function again or saw other data: %s", got)
	}
}

func TestArrayLikeAccess(t *testing.T) {
	v := newVU(t, &Registry{})
	got := v.run(t, `const a = new data.SharedArray('n', () => [1, 'two', { three: [3] }, null]);
const seen = [];
for (const x of a) seen.push(JSON.stringify(x));
[a.length, seen.join(' '), a[2].three[0], a[9] === undefined, a[-1] === undefined,
 Array.isArray(a), a.map((x) => typeof x).join(','), a.indexOf('two')].join('|')`)
	want := `4|1 "two" {"three":[3]} null|3|true|true|true|number,string,object,object|1`
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

func TestReadOnly(t *testing.T) {
	v := newVU(t, &Registry{})
	got := v.run(t, `'use strict';
const a = new data.SharedArray('ro', () => [{ n: 1, deep: { m: 2 } }]);
const tries = {
  set: () => { a[0] = 5; },
  push: () => { a.push(1); },
  length: () => { a.length = 0; },
  elem: () => { a[0].n = 9; },
  deep: () => { a[0].deep.m = 9; },
};
const threw = Object.keys(tries).filter((k) => { try { tries[k](); return false; } catch (e) { return e instanceof TypeError; } });
threw.join(',') + ':' + a.length + ':' + a[0].n + ':' + a[0].deep.m`)
	if got != "set,push,length,elem,deep:1:1:2" {
		t.Fatalf("writes were not all refused: %s", got)
	}
}

func TestConstructionErrors(t *testing.T) {
	reg := &Registry{}
	v := newVU(t, reg)
	cases := map[string]string{
		`new data.SharedArray('x', () => ({}))`:                         `the function must return an array, got Object`,
		`new data.SharedArray('', () => [])`:                            "non-empty name",
		`new data.SharedArray('y')`:                                     "must be a function",
		`new data.SharedArray('z', () => { throw new Error('boom'); })`: "boom",
	}
	for src, want := range cases {
		if got := v.run(t, `try { `+src+`; 'no error' } catch (e) { String(e) }`); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
	// A failed build is not remembered: the next VU may succeed.
	if got := v.run(t, `new data.SharedArray('z', () => [7])[0]`); got != "7" {
		t.Errorf("retry after a failed build: %s", got)
	}
	v.inInit = false
	if got := v.run(t, `try { new data.SharedArray('w', () => []); 'no error' } catch (e) { String(e) }`); !strings.Contains(got, "init context") {
		t.Errorf("outside init: %s", got)
	}
}
