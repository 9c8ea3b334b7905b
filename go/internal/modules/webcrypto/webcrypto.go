// Package webcrypto is the global `crypto` object k6 installs in every
// VU: getRandomValues, randomUUID and crypto.subtle.digest (the
// WebCrypto API subset that needs no keys).
package webcrypto

import (
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"fmt"
	"hash"
	"strings"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/internal/modules/jsbytes"
)

// maxRandomBytes is WebCrypto's quota for one getRandomValues call.
const maxRandomBytes = 65536

// digests are the algorithms SubtleCrypto.digest accepts.
var digests = map[string]func() hash.Hash{
	"SHA-1":   sha1.New,
	"SHA-256": sha256.New,
	"SHA-384": sha512.New384,
	"SHA-512": sha512.New,
}

// integerArrays are the typed arrays getRandomValues fills.
var integerArrays = map[string]bool{
	"Int8Array": true, "Uint8Array": true, "Uint8ClampedArray": true,
	"Int16Array": true, "Uint16Array": true, "Int32Array": true, "Uint32Array": true,
	"BigInt64Array": true, "BigUint64Array": true,
}

// New builds the `crypto` object for rt.
func New(rt *sobek.Runtime) *sobek.Object {
	obj := rt.NewObject()
	_ = obj.Set("getRandomValues", func(arr sobek.Value) sobek.Value {
		fillRandom(rt, arr)
		return arr
	})
	_ = obj.Set("randomUUID", randomUUID)
	subtle := rt.NewObject()
	_ = subtle.Set("digest", func(alg, data sobek.Value) *sobek.Promise {
		p, resolve, reject := rt.NewPromise()
		sum, err := digest(alg, data)
		if err != nil {
			_ = reject(rt.NewGoError(err))
		} else {
			_ = resolve(rt.NewArrayBuffer(sum))
		}
		return p
	})
	_ = obj.Set("subtle", subtle)
	return obj
}

func fillRandom(rt *sobek.Runtime, arr sobek.Value) {
	obj, ok := arr.(*sobek.Object)
	if !ok || !integerArrays[constructorName(obj)] {
		panic(rt.NewTypeError("getRandomValues: expected an integer typed array (for example Uint8Array)"))
	}
	b, err := jsbytes.From(arr, "getRandomValues")
	if err != nil {
		panic(rt.NewTypeError(err.Error()))
	}
	if len(b) > maxRandomBytes {
		panic(rt.NewGoError(fmt.Errorf("QuotaExceededError: getRandomValues: %d bytes requested, at most %d allowed", len(b), maxRandomBytes)))
	}
	_, _ = rand.Read(b) // fills the array's own buffer; never fails (Go 1.24+)
}

func constructorName(obj *sobek.Object) string {
	ctor, ok := obj.Get("constructor").(*sobek.Object)
	if !ok {
		return ""
	}
	return ctor.Get("name").String()
}

// randomUUID returns an RFC 9562 version 4 UUID.
func randomUUID() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// digest hashes data with alg, a name or an object with a name, matched
// case-insensitively as WebCrypto does.
func digest(alg, data sobek.Value) ([]byte, error) {
	name := ""
	if obj, ok := alg.(*sobek.Object); ok {
		name = obj.Get("name").String()
	} else if alg != nil && !sobek.IsUndefined(alg) {
		name = alg.String()
	}
	newH, ok := digests[strings.ToUpper(name)]
	if !ok {
		return nil, fmt.Errorf("NotSupportedError: digest: unknown algorithm %q: use SHA-1, SHA-256, SHA-384 or SHA-512", name)
	}
	if s, isString := data.Export().(string); isString {
		return nil, fmt.Errorf("TypeError: digest: data must be an ArrayBuffer, a typed array or a DataView, not a string (%d chars)", len(s))
	}
	b, err := jsbytes.From(data, "digest data")
	if err != nil {
		return nil, err
	}
	h := newH()
	h.Write(b)
	return h.Sum(nil), nil
}
