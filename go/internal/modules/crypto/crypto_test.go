package crypto

import (
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/modules/modtest"
)

// Digests of "abc" from RFC 1320 (md4), RFC 1321 (md5), FIPS 180-4
// examples (sha*) and the RIPEMD-160 authors' test set.
var abc = map[string]string{
	"md4":        "a448017aaf21d8525fc10ae87aa6729d",
	"md5":        "900150983cd24fb0d6963f7d28e17f72",
	"sha1":       "a9993e364706816aba3e25717850c26c9cd0d89d",
	"sha256":     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	"sha384":     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
	"sha512":     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
	"sha512_224": "4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa",
	"sha512_256": "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23",
	"ripemd160":  "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc",
}

func TestHashFunctionsMatchPublishedVectors(t *testing.T) {
	for alg, want := range abc {
		if got := modtest.String(t, "crypto", New, `crypto.`+alg+`('abc', 'hex')`); got != want {
			t.Errorf("%s('abc') = %s, want %s", alg, got, want)
		}
		src := `const h = crypto.createHash('` + alg + `'); h.update('a'); h.update(new Uint8Array([98, 99]).buffer); h.digest('hex')`
		if got := modtest.String(t, "crypto", New, src); got != want {
			t.Errorf("createHash(%s) in two updates = %s, want %s", alg, got, want)
		}
	}
}

// RFC 2202 (md5, sha1) and RFC 4231 (sha256, sha512) test case 2.
func TestHMACMatchesRFCVectors(t *testing.T) {
	want := map[string]string{
		"md5":    "750c783e6ab0b503eaa86e310a5db738",
		"sha1":   "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
		"sha256": "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
		"sha512": "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737",
	}
	for alg, sum := range want {
		if got := modtest.String(t, "crypto", New, `crypto.hmac('`+alg+`', 'Jefe', 'what do ya want for nothing?', 'hex')`); got != sum {
			t.Errorf("hmac(%s) = %s, want %s", alg, got, sum)
		}
		src := `const h = crypto.createHMAC('` + alg + `', new Uint8Array([74, 101, 102, 101]).buffer); h.update('what do ya want '); h.update('for nothing?'); h.digest('hex')`
		if got := modtest.String(t, "crypto", New, src); got != sum {
			t.Errorf("createHMAC(%s) = %s, want %s", alg, got, sum)
		}
	}
}

func TestOutputEncodings(t *testing.T) {
	// md5('abc') bytes: 90 01 50 98 3c d2 4f b0 d6 96 3f 7d 28 e1 7f 72.
	cases := map[string]string{
		`crypto.md5('abc', 'base64')`:       "kAFQmDzST7DWlj99KOF/cg==",
		`crypto.md5('abc', 'base64url')`:    "kAFQmDzST7DWlj99KOF_cg==",
		`crypto.md5('abc', 'base64rawurl')`: "kAFQmDzST7DWlj99KOF_cg",
		`const b = crypto.md5('abc', 'binary'); (b instanceof ArrayBuffer) + ':' + new Uint8Array(b)[0] + ',' + b.byteLength`: "true:144,16",
	}
	for src, want := range cases {
		if got := modtest.String(t, "crypto", New, src); got != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
}

func TestRandomBytes(t *testing.T) {
	src := `const a = new Uint8Array(crypto.randomBytes(32)), b = new Uint8Array(crypto.randomBytes(32));
a.length + ':' + (a.join() !== b.join()) + ':' + crypto.randomBytes(0).byteLength`
	if got := modtest.String(t, "crypto", New, src); got != "32:true:0" {
		t.Fatalf("randomBytes = %q", got)
	}
}

func TestErrorsNameTheProblem(t *testing.T) {
	cases := map[string]string{
		`crypto.createHash('sha3')`:           `unknown hash algorithm "sha3"`,
		`crypto.sha256('x', 'base32')`:        `unknown output encoding "base32"`,
		`crypto.sha256('x')`:                  `unknown output encoding ""`,
		`crypto.hmac('sha1', {}, 'x', 'hex')`: "hmac secret: expected a string or an ArrayBuffer",
		`crypto.randomBytes(-1)`:              "randomBytes: expected a length",
	}
	for src, want := range cases {
		got := modtest.String(t, "crypto", New, `try { `+src+`; 'no error' } catch (e) { String(e) }`)
		if !strings.Contains(got, want) {
			t.Errorf("%s threw %q, want it to mention %q", src, got, want)
		}
	}
}
