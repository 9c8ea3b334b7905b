// Package webcrypto is the global `crypto` object k6 installs in every
// VU: getRandomValues, randomUUID and crypto.subtle (digest, and HMAC and
// AES-GCM/AES-CBC secret keys).
package webcrypto

import (
	"crypto/rand"
	"fmt"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/modules/jsbytes"
)

// maxRandomBytes is WebCrypto's quota for one getRandomValues call.
const maxRandomBytes = 65536

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
	_ = obj.Set("subtle", newSubtle(rt))
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
