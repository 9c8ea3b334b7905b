package crypto

import (
	"crypto/hmac"
	"crypto/rand"
	"fmt"
	"hash"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/modules/jsbytes"
)

// New builds the module object for rt.
func New(rt *sobek.Runtime) *sobek.Object {
	m := &module{rt: rt}
	obj := rt.NewObject()
	for name := range algorithms {
		_ = obj.Set(name, func(input, enc sobek.Value) sobek.Value {
			h := m.hasher(name, nil)
			m.write(h, input, name+" input")
			return m.digest(h, enc)
		})
	}
	_ = obj.Set("createHash", func(alg sobek.Value) *sobek.Object {
		return m.hasherObject(m.hasher(alg.String(), nil))
	})
	_ = obj.Set("hmac", func(alg, secret, data, enc sobek.Value) sobek.Value {
		h := m.hasher(alg.String(), secret)
		m.write(h, data, "hmac data")
		return m.digest(h, enc)
	})
	_ = obj.Set("createHMAC", func(alg, secret sobek.Value) *sobek.Object {
		return m.hasherObject(m.hasher(alg.String(), secret))
	})
	_ = obj.Set("randomBytes", func(n sobek.Value) sobek.Value {
		size := n.ToInteger()
		if size < 0 || sobek.IsUndefined(n) {
			jsbytes.Throw(rt, fmt.Errorf("randomBytes: expected a length of 0 or more, got %v", n))
		}
		b := make([]byte, size)
		_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
		return rt.ToValue(rt.NewArrayBuffer(b))
	})
	return obj
}

type module struct{ rt *sobek.Runtime }

// hasher starts a digest, keyed as HMAC when secret is given.
func (m *module) hasher(alg string, secret sobek.Value) hash.Hash {
	newH, err := newHash(alg)
	if err != nil {
		jsbytes.Throw(m.rt, err)
	}
	if secret == nil {
		return newH()
	}
	key, err := jsbytes.From(secret, "hmac secret")
	if err != nil {
		jsbytes.Throw(m.rt, err)
	}
	return hmac.New(newH, key)
}

func (m *module) write(h hash.Hash, input sobek.Value, what string) {
	data, err := jsbytes.From(input, what)
	if err != nil {
		jsbytes.Throw(m.rt, err)
	}
	h.Write(data)
}

func (m *module) digest(h hash.Hash, enc sobek.Value) sobek.Value {
	name := ""
	if enc != nil && !sobek.IsUndefined(enc) {
		name = enc.String()
	}
	v, err := encode(m.rt, h.Sum(nil), name)
	if err != nil {
		jsbytes.Throw(m.rt, err)
	}
	return v
}

// hasherObject is k6's Hasher: update(input) feeds it, digest(encoding)
// returns the sum of everything fed so far.
func (m *module) hasherObject(h hash.Hash) *sobek.Object {
	obj := m.rt.NewObject()
	_ = obj.Set("update", func(input sobek.Value) {
		m.write(h, input, "update input")
	})
	_ = obj.Set("digest", func(enc sobek.Value) sobek.Value {
		return m.digest(h, enc)
	})
	return obj
}
