package webcrypto

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"strings"

	"github.com/grafana/sobek"
)

// digests are the hash algorithms WebCrypto names.
var digests = map[string]func() hash.Hash{
	"SHA-1":   sha1.New,
	"SHA-256": sha256.New,
	"SHA-384": sha512.New384,
	"SHA-512": sha512.New,
}

// canonical spells the algorithm names natsk6 implements as WebCrypto
// does; names match case-insensitively.
var canonical = map[string]string{
	"SHA-1": "SHA-1", "SHA-256": "SHA-256", "SHA-384": "SHA-384", "SHA-512": "SHA-512",
	"HMAC": "HMAC", "AES-GCM": "AES-GCM", "AES-CBC": "AES-CBC",
}

// algorithm is a normalized AlgorithmIdentifier: its name and, when it
// was given as an object, that object's other members.
type algorithm struct {
	name   string
	params *sobek.Object
}

// parseAlgorithm reads an AlgorithmIdentifier, a name or {name, ...}.
func parseAlgorithm(v sobek.Value) (algorithm, error) {
	var a algorithm
	raw := ""
	if obj, ok := v.(*sobek.Object); ok {
		a.params = obj
		if n := obj.Get("name"); n != nil && !sobek.IsUndefined(n) {
			raw = n.String()
		}
	} else if v != nil && !sobek.IsUndefined(v) {
		raw = v.String()
	}
	name, ok := canonical[strings.ToUpper(raw)]
	if !ok {
		return a, errorf("NotSupportedError", "algorithm %q is not supported: natsk6 implements SHA-1, SHA-256, SHA-384, SHA-512, HMAC, AES-GCM and AES-CBC", raw)
	}
	a.name = name
	return a, nil
}

// param returns the named member of the algorithm object, or nil.
func (a algorithm) param(name string) sobek.Value {
	if a.params == nil {
		return nil
	}
	v := a.params.Get(name)
	if v == nil || sobek.IsUndefined(v) {
		return nil
	}
	return v
}

// hashParam reads the `hash` member (HMAC) as a digest name.
func (a algorithm) hashParam() (string, error) {
	v := a.param("hash")
	if v == nil {
		return "", errorf("TypeError", "%s: the hash member is required (for example 'SHA-256')", a.name)
	}
	h, err := parseAlgorithm(v)
	if err != nil {
		return "", err
	}
	if _, ok := digests[h.name]; !ok {
		return "", errorf("NotSupportedError", "%s: hash %q is not a digest", a.name, h.name)
	}
	return h.name, nil
}
