package webcrypto

import (
	"crypto/hmac"
	"crypto/rand"
	"slices"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/modules/jsbytes"
)

// newSubtle builds crypto.subtle: digest, and for HMAC and AES (GCM,
// CBC) secret keys generateKey, importKey and exportKey in the raw
// format, sign/verify and encrypt/decrypt. Each method returns a Promise.
func newSubtle(rt *sobek.Runtime) *sobek.Object {
	s := rt.NewObject()
	_ = s.Set("digest", func(alg, data sobek.Value) *sobek.Promise {
		return promised(rt, func() (any, error) { return digest(rt, alg, data) })
	})
	_ = s.Set("generateKey", func(alg, extractable, usages sobek.Value) *sobek.Promise {
		return promised(rt, func() (any, error) { return generateKey(rt, alg, extractable.ToBoolean(), usages) })
	})
	_ = s.Set("importKey", func(format, data, alg, extractable, usages sobek.Value) *sobek.Promise {
		return promised(rt, func() (any, error) { return importKey(rt, format, data, alg, extractable.ToBoolean(), usages) })
	})
	_ = s.Set("exportKey", func(format, key sobek.Value) *sobek.Promise {
		return promised(rt, func() (any, error) { return exportKey(rt, format, key) })
	})
	_ = s.Set("sign", func(alg, key, data sobek.Value) *sobek.Promise {
		return promised(rt, func() (any, error) {
			mac, err := hmacOf(alg, key, data, "sign")
			if err != nil {
				return nil, err
			}
			return rt.NewArrayBuffer(mac), nil
		})
	})
	_ = s.Set("verify", func(alg, key, signature, data sobek.Value) *sobek.Promise {
		return promised(rt, func() (any, error) {
			sig, err := bufferSource(signature, "signature")
			if err != nil {
				return nil, err
			}
			mac, err := hmacOf(alg, key, data, "verify")
			if err != nil {
				return nil, err
			}
			return hmac.Equal(mac, sig), nil
		})
	})
	_ = s.Set("encrypt", func(alg, key, data sobek.Value) *sobek.Promise {
		return promised(rt, func() (any, error) { return aesOp(rt, alg, key, data, true) })
	})
	_ = s.Set("decrypt", func(alg, key, data sobek.Value) *sobek.Promise {
		return promised(rt, func() (any, error) { return aesOp(rt, alg, key, data, false) })
	})
	return s
}

// bufferSource reads an ArrayBuffer, typed array or DataView (WebCrypto
// takes no strings) as a copy the script cannot change under us.
func bufferSource(v sobek.Value, what string) ([]byte, error) {
	if _, isString := v.Export().(string); isString {
		return nil, errorf("TypeError", "%s must be an ArrayBuffer, a typed array or a DataView, not a string", what)
	}
	b, err := jsbytes.From(v, what)
	if err != nil {
		return nil, errorf("TypeError", "%v", err)
	}
	return slices.Clone(b), nil
}

func digest(rt *sobek.Runtime, algV, data sobek.Value) (any, error) {
	alg, err := parseAlgorithm(algV)
	if err != nil {
		return nil, err
	}
	newH, ok := digests[alg.name]
	if !ok {
		return nil, errorf("NotSupportedError", "digest: %s is not a digest algorithm", alg.name)
	}
	b, err := bufferSource(data, "digest data")
	if err != nil {
		return nil, err
	}
	h := newH()
	h.Write(b)
	return rt.NewArrayBuffer(h.Sum(nil)), nil
}

func generateKey(rt *sobek.Runtime, algV sobek.Value, extractable bool, usages sobek.Value) (any, error) {
	alg, err := parseAlgorithm(algV)
	if err != nil {
		return nil, err
	}
	var size int
	hash := ""
	switch alg.name {
	case "HMAC":
		if hash, err = alg.hashParam(); err != nil {
			return nil, err
		}
		size = digests[hash]().BlockSize()
		if l := alg.param("length"); l != nil {
			bits := l.ToInteger()
			if bits <= 0 || bits%8 != 0 {
				return nil, errorf("OperationError", "HMAC: length %d is not a positive whole number of bytes", bits)
			}
			size = int(bits / 8)
		}
	case "AES-GCM", "AES-CBC":
		if size, err = aesKeySize(alg); err != nil {
			return nil, err
		}
	default:
		return nil, errorf("NotSupportedError", "generateKey: %s keys are not supported", alg.name)
	}
	secret := make([]byte, size)
	_, _ = rand.Read(secret) // never fails (Go 1.24+)
	return newKey(rt, alg.name, hash, secret, extractable, usages)
}

func aesKeySize(alg algorithm) (int, error) {
	var bits int64
	if l := alg.param("length"); l != nil {
		bits = l.ToInteger()
	}
	if bits != 128 && bits != 192 && bits != 256 {
		return 0, errorf("OperationError", "%s: length must be 128, 192 or 256, got %d", alg.name, bits)
	}
	return int(bits / 8), nil
}

func importKey(rt *sobek.Runtime, format, data, algV sobek.Value, extractable bool, usages sobek.Value) (any, error) {
	if format.String() != "raw" {
		return nil, errorf("NotSupportedError", "importKey: format %q is not supported: natsk6 imports secret keys in the raw format", format.String())
	}
	alg, err := parseAlgorithm(algV)
	if err != nil {
		return nil, err
	}
	secret, err := bufferSource(data, "keyData")
	if err != nil {
		return nil, err
	}
	hash := ""
	switch alg.name {
	case "HMAC":
		if hash, err = alg.hashParam(); err != nil {
			return nil, err
		}
		if len(secret) == 0 {
			return nil, errorf("DataError", "HMAC: the key is empty")
		}
		if l := alg.param("length"); l != nil && l.ToInteger() != int64(len(secret)*8) {
			return nil, errorf("DataError", "HMAC: length %d does not match the %d-bit key", l.ToInteger(), len(secret)*8)
		}
	case "AES-GCM", "AES-CBC":
		if n := len(secret); n != 16 && n != 24 && n != 32 {
			return nil, errorf("DataError", "%s: the key is %d bits; it must be 128, 192 or 256", alg.name, n*8)
		}
	default:
		return nil, errorf("NotSupportedError", "importKey: %s keys are not supported", alg.name)
	}
	return newKey(rt, alg.name, hash, secret, extractable, usages)
}

func exportKey(rt *sobek.Runtime, format, keyV sobek.Value) (any, error) {
	if format.String() != "raw" {
		return nil, errorf("NotSupportedError", "exportKey: format %q is not supported: natsk6 exports secret keys in the raw format", format.String())
	}
	var k *cryptoKey
	if obj, ok := keyV.(*sobek.Object); ok {
		k, _ = obj.Export().(*cryptoKey)
	}
	if k == nil {
		return nil, errorf("TypeError", "exportKey: expected a CryptoKey")
	}
	if !k.extractable {
		return nil, errorf("InvalidAccessError", "exportKey: the key is not extractable")
	}
	return rt.NewArrayBuffer(slices.Clone(k.secret)), nil
}

// hmacOf computes the HMAC of data with key, for sign or verify.
func hmacOf(algV, keyV, data sobek.Value, usage string) ([]byte, error) {
	alg, err := parseAlgorithm(algV)
	if err != nil {
		return nil, err
	}
	if alg.name != "HMAC" {
		return nil, errorf("NotSupportedError", "%s: natsk6 signs with HMAC only, not %s", usage, alg.name)
	}
	k, err := keyFor(keyV, "HMAC", usage)
	if err != nil {
		return nil, err
	}
	b, err := bufferSource(data, usage+" data")
	if err != nil {
		return nil, err
	}
	m := hmac.New(digests[k.hash], k.secret)
	m.Write(b)
	return m.Sum(nil), nil
}
