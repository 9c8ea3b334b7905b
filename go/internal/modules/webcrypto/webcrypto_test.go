package webcrypto

import (
	"regexp"
	"strings"
	"testing"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/modules/modtest"
)

func TestGetRandomValuesFillsTheGivenArray(t *testing.T) {
	src := `const a = new Uint32Array(16); const r = crypto.getRandomValues(a);
(r === a) + ':' + a.some((x) => x !== 0) + ':' + crypto.getRandomValues(new Uint8Array(65536)).length`
	if got := modtest.String(t, "crypto", New, src); got != "true:true:65536" {
		t.Fatalf("getRandomValues = %q", got)
	}
	for src, want := range map[string]string{
		`crypto.getRandomValues(new Float64Array(2))`:   "TypeError",
		`crypto.getRandomValues(new Uint8Array(65537))`: "QuotaExceededError",
	} {
		got := modtest.String(t, "crypto", New, `try { `+src+`; 'no error' } catch (e) { String(e) }`)
		if !strings.Contains(got, want) {
			t.Errorf("%s threw %q, want %q", src, got, want)
		}
	}
}

func TestRandomUUIDIsVersion4(t *testing.T) {
	v4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	got := modtest.String(t, "crypto", New, `[crypto.randomUUID(), crypto.randomUUID()].join(' ')`)
	ids := strings.Fields(got)
	if len(ids) != 2 || ids[0] == ids[1] || !v4.MatchString(ids[0]) || !v4.MatchString(ids[1]) {
		t.Fatalf("randomUUID gave %q", got)
	}
}

// settle runs an async function body against crypto and returns what it
// resolves to (an ArrayBuffer as hex), or "rejected: " and the error.
func settle(t *testing.T, body string) string {
	t.Helper()
	v := modtest.Eval(t, "crypto", New, `const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
const bytes = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));
let out = 'pending';
(async () => {`+body+`})().then(
  (r) => { out = r instanceof ArrayBuffer ? hex(r) : String(r); },
  (e) => { out = 'rejected: ' + e; });
(function () { return out; })`)
	fn, _ := sobek.AssertFunction(v)
	out, err := fn(sobek.Undefined())
	if err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// digestHex awaits crypto.subtle.digest and returns its hex, or the rejection.
func digestHex(t *testing.T, args string) string {
	t.Helper()
	return settle(t, `return crypto.subtle.digest(`+args+`);`)
}

func TestSubtleDigestResolvesToArrayBuffer(t *testing.T) {
	abc := `new Uint8Array([97, 98, 99])`
	want := map[string]string{
		`'SHA-1', ` + abc:                             "a9993e364706816aba3e25717850c26c9cd0d89d",
		`'sha-256', ` + abc:                           "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
		`{ name: 'SHA-384' }, ` + abc + `.buffer`:     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
		`'SHA-512', new DataView(` + abc + `.buffer)`: "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
		`'MD5', ` + abc:                               `rejected: NotSupportedError: algorithm "MD5" is not supported`,
		`'HMAC', ` + abc:                              "rejected: NotSupportedError: digest: HMAC is not a digest algorithm",
		`'SHA-256', 'abc'`:                            "rejected: TypeError: digest data must be an ArrayBuffer",
	}
	for args, sum := range want {
		if got := digestHex(t, args); !strings.HasPrefix(got, sum) {
			t.Errorf("digest(%s) = %s, want %s", args, got, sum)
		}
	}
}
