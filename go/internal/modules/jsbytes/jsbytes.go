// Package jsbytes converts the binary arguments k6's modules accept
// (string, ArrayBuffer, typed array or DataView) into Go bytes.
package jsbytes

import (
	"fmt"

	"github.com/grafana/sobek"
)

// From returns the bytes of v: a string as UTF-8, an ArrayBuffer whole,
// a typed array or DataView as the part of its buffer it views. what names
// the argument in the error.
func From(v sobek.Value, what string) ([]byte, error) {
	if v == nil || sobek.IsUndefined(v) || sobek.IsNull(v) {
		return nil, fmt.Errorf("%s: expected a string or an ArrayBuffer, got %v", what, v)
	}
	switch x := v.Export().(type) {
	case string:
		return []byte(x), nil
	case sobek.ArrayBuffer:
		return x.Bytes(), nil
	}
	if obj, ok := v.(*sobek.Object); ok && obj.Get("buffer") != nil {
		if buf, ok := obj.Get("buffer").Export().(sobek.ArrayBuffer); ok {
			off := obj.Get("byteOffset").ToInteger()
			n := obj.Get("byteLength").ToInteger()
			b := buf.Bytes()
			if off >= 0 && n >= 0 && off+n <= int64(len(b)) {
				return b[off : off+n], nil
			}
		}
	}
	return nil, fmt.Errorf("%s: expected a string or an ArrayBuffer, got %s", what, typeName(v))
}

func typeName(v sobek.Value) string {
	if obj, ok := v.(*sobek.Object); ok {
		return obj.ClassName()
	}
	return v.ExportType().String()
}

// Throw raises err in the script as an exception carrying err's text.
func Throw(rt *sobek.Runtime, err error) {
	panic(rt.NewGoError(err))
}
