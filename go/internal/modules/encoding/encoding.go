// Package encoding is k6/encoding: base64 in the four RFC 4648 variants
// k6 names std, rawstd, url and rawurl.
package encoding

import (
	"encoding/base64"
	"fmt"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/modules/jsbytes"
)

// New builds the module object for rt.
func New(rt *sobek.Runtime) *sobek.Object {
	obj := rt.NewObject()
	_ = obj.Set("b64encode", func(input, enc sobek.Value) string {
		data, err := jsbytes.From(input, "b64encode input")
		if err != nil {
			jsbytes.Throw(rt, err)
		}
		e, err := variant(enc)
		if err != nil {
			jsbytes.Throw(rt, fmt.Errorf("b64encode: %w", err))
		}
		return e.EncodeToString(data)
	})
	_ = obj.Set("b64decode", func(input, enc, format sobek.Value) sobek.Value {
		e, err := variant(enc)
		if err != nil {
			jsbytes.Throw(rt, fmt.Errorf("b64decode: %w", err))
		}
		data, err := e.DecodeString(input.String())
		if err != nil {
			jsbytes.Throw(rt, fmt.Errorf("b64decode: %w", err))
		}
		if isSet(format) && format.String() == "s" {
			return rt.ToValue(string(data))
		}
		return rt.ToValue(rt.NewArrayBuffer(data))
	})
	return obj
}

// variant maps k6's encoding name to Go's; absent means std.
func variant(name sobek.Value) (*base64.Encoding, error) {
	if !isSet(name) {
		return base64.StdEncoding, nil
	}
	switch n := name.String(); n {
	case "std", "":
		return base64.StdEncoding, nil
	case "rawstd":
		return base64.RawStdEncoding, nil
	case "url":
		return base64.URLEncoding, nil
	case "rawurl":
		return base64.RawURLEncoding, nil
	default:
		return nil, fmt.Errorf("unknown encoding %q: use std, rawstd, url or rawurl", n)
	}
}

func isSet(v sobek.Value) bool {
	return v != nil && !sobek.IsUndefined(v) && !sobek.IsNull(v)
}
