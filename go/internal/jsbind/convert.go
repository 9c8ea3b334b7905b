package jsbind

import (
	"bytes"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"unsafe"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// Payload converts a message body argument: a string (sent as UTF-8), an
// ArrayBuffer, a typed array or a DataView (sent byte-exact). undefined
// and null are an empty payload. Anything else is a 1003 error naming what.
// The bytes are the caller's own (copied once), safe to keep after the call
// or to hand to another goroutine; payloadView is the zero-copy variant for
// calls that copy before returning.
func (b *Binder) Payload(v sobek.Value, what string) ([]byte, error) {
	if s, ok := v.(sobek.String); ok {
		return []byte(s.String()), nil
	}
	view, err := b.payloadView(v, what)
	if err != nil || view == nil {
		return view, err
	}
	return bytes.Clone(view), nil
}

// payloadView is Payload without the copy of a string: its bytes are a
// read-only view of the JS string's memory. Only for calls that copy the
// payload before returning and never write to it: nats.go's publish
// copies it into its write buffer (natsWriter.appendBufs, or the pending
// buffer while reconnecting) under the connection's lock, so core
// publish, publishBulk, respond, a synchronous request and a synchronous
// JetStream publish (done when its ack returns) qualify. Never
// for anything that keeps the slice (async JetStream publish, KV, object
// store, work on another goroutine).
func (b *Binder) payloadView(v sobek.Value, what string) ([]byte, error) {
	if isAbsent(v) {
		return nil, nil
	}
	if s, ok := v.(sobek.String); ok {
		str := s.String()
		return unsafe.Slice(unsafe.StringData(str), len(str)), nil
	}
	switch x := v.Export().(type) {
	case sobek.ArrayBuffer:
		return x.Bytes(), nil
	case []byte:
		return x, nil
	}
	if obj, ok := v.(*sobek.Object); ok {
		// Typed arrays and DataViews: view their slice of the buffer.
		if buf, ok := exportOf(obj.Get("buffer")).(sobek.ArrayBuffer); ok {
			off := obj.Get("byteOffset").ToInteger()
			n := obj.Get("byteLength").ToInteger()
			return buf.Bytes()[off : off+n], nil
		}
	}
	return nil, &natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: what + ": expected a string, ArrayBuffer or typed array, got " + typeName(v)}
}

// exportOf is v.Export(), nil for a missing property.
func exportOf(v sobek.Value) any {
	if v == nil {
		return nil
	}
	return v.Export()
}

// Options exports an options object argument as a map for package nats to
// validate. undefined and null give a nil map, which reads as empty and
// costs no allocation on hot paths (publish, request) called without one.
func (b *Binder) Options(v sobek.Value, what string) (map[string]any, error) {
	if isAbsent(v) {
		return nil, nil
	}
	if m, ok := v.Export().(map[string]any); ok {
		return m, nil
	}
	return nil, &natsmod.Error{Code: natsmod.CodeInvalidConfig, Detail: what + ": expected an object, got " + typeName(v)}
}

func typeName(v sobek.Value) string {
	switch {
	case v == nil || sobek.IsUndefined(v):
		return "undefined"
	case sobek.IsNull(v):
		return "null"
	}
	if obj, ok := v.(*sobek.Object); ok {
		if obj.ClassName() == "Array" {
			return "an array"
		}
		return "an object"
	}
	return "a " + v.ExportType().Kind().String()
}

// Data converts a plain-Go result (an info struct with json tags, a slice
// or a map) into plain JS values, field names as the json tags spell them.
func (b *Binder) Data(v any) sobek.Value {
	raw, err := json.Marshal(v)
	if err != nil {
		b.Throw(err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		b.Throw(err)
	}
	return b.RT.ToValue(out)
}

var shapes = map[string]reflect.Type{}

// registerShape declares a plain data type that Data returns to scripts,
// so the surface lists its fields for the typings test.
func registerShape(name string, sample any) {
	shapes[name] = reflect.TypeOf(sample)
}

// Surface describes the module as scripts see it: every class with its
// methods and fields, and every data shape with its fields.
type Surface struct {
	Classes map[string]ClassSurface `json:"classes"`
	Shapes  map[string][]string     `json:"shapes"`
}

// ClassSurface lists one class's members, sorted.
type ClassSurface struct {
	Methods []string `json:"methods"`
	Fields  []string `json:"fields"`
}

// Describe returns the module's surface.
func Describe() Surface {
	s := Surface{Classes: map[string]ClassSurface{}, Shapes: map[string][]string{}}
	for name, c := range classes {
		cs := ClassSurface{Methods: []string{}, Fields: []string{}}
		for m := range c.Methods {
			cs.Methods = append(cs.Methods, m)
		}
		for f := range c.Fields {
			cs.Fields = append(cs.Fields, f)
		}
		sort.Strings(cs.Methods)
		sort.Strings(cs.Fields)
		s.Classes[name] = cs
	}
	for name, t := range shapes {
		s.Shapes[name] = jsonFields(t)
	}
	return s
}

func jsonFields(t reflect.Type) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	fields := []string{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields = append(fields, name)
	}
	sort.Strings(fields)
	return fields
}
