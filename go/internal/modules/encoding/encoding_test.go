package encoding

import (
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/modules/modtest"
)

// RFC 4648 section 10 vectors, plus bytes that differ between the std
// and url alphabets.
func TestB64EncodeVariants(t *testing.T) {
	cases := map[string]string{
		`encoding.b64encode('')`:                                          "",
		`encoding.b64encode('f')`:                                         "Zg==",
		`encoding.b64encode('fo')`:                                        "Zm8=",
		`encoding.b64encode('foobar')`:                                    "Zm9vYmFy",
		`encoding.b64encode('f', 'rawstd')`:                               "Zg",
		`encoding.b64encode(new Uint8Array([251, 255]).buffer)`:           "+/8=",
		`encoding.b64encode(new Uint8Array([251, 255]).buffer, 'url')`:    "-_8=",
		`encoding.b64encode(new Uint8Array([251, 255]).buffer, 'rawurl')`: "-_8",
		`encoding.b64encode(new Uint8Array([0, 251, 255]).subarray(1))`:   "+/8=",
		`encoding.b64encode('hello world', 'std')`:                        "aGVsbG8gd29ybGQ=",
	}
	for src, want := range cases {
		if got := modtest.String(t, "encoding", New, src); got != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
}

func TestB64DecodeStringAndArrayBuffer(t *testing.T) {
	cases := map[string]string{
		`encoding.b64decode('aGVsbG8gd29ybGQ=', 'std', 's')`:                     "hello world",
		`encoding.b64decode('aGVsbG8gd29ybGQ', 'rawstd', 's')`:                   "hello world",
		`Array.from(new Uint8Array(encoding.b64decode('-_8=', 'url'))).join()`:   "251,255",
		`Array.from(new Uint8Array(encoding.b64decode('-_8', 'rawurl'))).join()`: "251,255",
		`encoding.b64decode('+/8=') instanceof ArrayBuffer`:                      "true",
	}
	for src, want := range cases {
		if got := modtest.String(t, "encoding", New, src); got != want {
			t.Errorf("%s = %q, want %q", src, got, want)
		}
	}
}

func TestB64ErrorsNameTheProblem(t *testing.T) {
	cases := map[string]string{
		`encoding.b64encode('x', 'base32')`: `unknown encoding "base32"`,
		`encoding.b64decode('%%%')`:         "illegal base64 data",
		`encoding.b64decode('Zg', 'std')`:   "illegal base64 data",
		`encoding.b64encode(42)`:            "expected a string or an ArrayBuffer",
	}
	for src, want := range cases {
		got := modtest.String(t, "encoding", New, `try { `+src+`; 'no error' } catch (e) { String(e) }`)
		if !strings.Contains(got, want) {
			t.Errorf("%s threw %q, want it to mention %q", src, got, want)
		}
	}
}
