package webcrypto

import (
	"slices"

	"github.com/grafana/sobek"
)

// cryptoKey is a CryptoKey: a secret key for HMAC or AES. Scripts see it
// as a read-only object; the Go side gets it back with Export.
type cryptoKey struct {
	rt          *sobek.Runtime
	alg         string // HMAC, AES-GCM or AES-CBC
	hash        string // HMAC only
	secret      []byte
	extractable bool
	usages      []string
}

// usagesFor are the usages each key algorithm may carry.
var usagesFor = map[string][]string{
	"HMAC":    {"sign", "verify"},
	"AES-GCM": {"encrypt", "decrypt", "wrapKey", "unwrapKey"},
	"AES-CBC": {"encrypt", "decrypt", "wrapKey", "unwrapKey"},
}

func newKey(rt *sobek.Runtime, alg, hash string, secret []byte, extractable bool, usages sobek.Value) (*sobek.Object, error) {
	k := &cryptoKey{rt: rt, alg: alg, hash: hash, secret: secret, extractable: extractable}
	if err := rt.ExportTo(usages, &k.usages); err != nil || len(k.usages) == 0 {
		return nil, errorf("SyntaxError", "%s: keyUsages must be a non-empty array of strings", alg)
	}
	for _, u := range k.usages {
		if !slices.Contains(usagesFor[alg], u) {
			return nil, errorf("SyntaxError", "%s: usage %q is not allowed; use %v", alg, u, usagesFor[alg])
		}
	}
	return rt.NewDynamicObject(k), nil
}

// keyFor returns the key behind v, checked for an operation: its
// algorithm must be alg and its usages must include usage.
func keyFor(v sobek.Value, alg, usage string) (*cryptoKey, error) {
	var k *cryptoKey
	if obj, ok := v.(*sobek.Object); ok {
		k, _ = obj.Export().(*cryptoKey)
	}
	if k == nil {
		return nil, errorf("TypeError", "expected a CryptoKey")
	}
	if k.alg != alg {
		return nil, errorf("InvalidAccessError", "the key is an %s key, not %s", k.alg, alg)
	}
	if usage != "" && !slices.Contains(k.usages, usage) {
		return nil, errorf("InvalidAccessError", "the key's usages %v do not include %q", k.usages, usage)
	}
	return k, nil
}

func (k *cryptoKey) Get(name string) sobek.Value {
	rt := k.rt
	switch name {
	case "type":
		return rt.ToValue("secret")
	case "extractable":
		return rt.ToValue(k.extractable)
	case "usages":
		return rt.ToValue(slices.Clone(k.usages))
	case "algorithm":
		alg := rt.NewObject()
		_ = alg.Set("name", k.alg)
		_ = alg.Set("length", len(k.secret)*8)
		if k.hash != "" {
			h := rt.NewObject()
			_ = h.Set("name", k.hash)
			_ = alg.Set("hash", h)
		}
		return alg
	}
	return nil
}

func (k *cryptoKey) Set(string, sobek.Value) bool { return false }

func (k *cryptoKey) Has(name string) bool { return k.Get(name) != nil }

func (k *cryptoKey) Delete(string) bool { return false }

func (k *cryptoKey) Keys() []string { return []string{"type", "extractable", "algorithm", "usages"} }
