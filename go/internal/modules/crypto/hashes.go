// Package crypto is k6/crypto: digests, HMAC and random bytes, with the
// output encodings k6 documents (hex, base64, base64url, base64rawurl,
// binary as an ArrayBuffer).
package crypto

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"
	"strings"

	"github.com/grafana/sobek"
	"golang.org/x/crypto/md4"       //lint:ignore SA1019 k6/crypto offers md4, so must natsk6
	"golang.org/x/crypto/ripemd160" //lint:ignore SA1019 k6/crypto offers ripemd160, so must natsk6
)

// algorithms are the hash names k6/crypto accepts.
var algorithms = map[string]func() hash.Hash{
	"md4":        md4.New,
	"md5":        md5.New,
	"sha1":       sha1.New,
	"sha256":     sha256.New,
	"sha384":     sha512.New384,
	"sha512":     sha512.New,
	"sha512_224": sha512.New512_224,
	"sha512_256": sha512.New512_256,
	"ripemd160":  ripemd160.New,
}

// newHash returns a fresh hash for a k6 algorithm name.
func newHash(name string) (func() hash.Hash, error) {
	if h, ok := algorithms[name]; ok {
		return h, nil
	}
	names := make([]string, 0, len(algorithms))
	for n := range algorithms {
		names = append(names, n)
	}
	sort.Strings(names)
	return nil, fmt.Errorf("unknown hash algorithm %q: use one of %s", name, strings.Join(names, ", "))
}

// encode renders a digest in one of k6's output encodings.
func encode(rt *sobek.Runtime, sum []byte, enc string) (sobek.Value, error) {
	switch enc {
	case "hex":
		return rt.ToValue(hex.EncodeToString(sum)), nil
	case "base64":
		return rt.ToValue(base64.StdEncoding.EncodeToString(sum)), nil
	case "base64url":
		return rt.ToValue(base64.URLEncoding.EncodeToString(sum)), nil
	case "base64rawurl":
		return rt.ToValue(base64.RawURLEncoding.EncodeToString(sum)), nil
	case "binary":
		return rt.ToValue(rt.NewArrayBuffer(sum)), nil
	default:
		return nil, fmt.Errorf("unknown output encoding %q: use hex, base64, base64url, base64rawurl or binary", enc)
	}
}
