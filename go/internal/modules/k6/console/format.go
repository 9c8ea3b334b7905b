package console

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/grafana/sobek"
)

// maxConsoleDepth bounds how deep console output descends into nested
// objects; deeper ones print as [Object] or [Array].
const maxConsoleDepth = 32

// Format renders a console argument as k6 (>= 1.5) does, in
// the style of Deno: a string argument as it is; objects as
// `{ a: 1, b: "x" }`, arrays as `[ 1, 2 ]`, typed arrays as
// `Uint8Array(2) [ 1, 2 ]`, functions as `[object Function]`, a reference
// back to an enclosing object as `[Circular]`, errors as "Name: message".
func Format(rt *sobek.Runtime, val sobek.Value) string {
	if s, ok := primitiveString(val); ok {
		return s
	}
	f := &consoleFormatter{rt: rt}
	var out string
	if ex := rt.Try(func() { out = f.format(val, 0) }); ex != nil {
		return val.String() // a getter threw: fall back to the plain string
	}
	return out
}

type consoleFormatter struct {
	rt    *sobek.Runtime
	stack []*sobek.Object // the objects being printed, outermost first
}

// primitiveString returns val's text when it is a string primitive.
func primitiveString(val sobek.Value) (string, bool) {
	if val == nil || val.ExportType() != reflect.TypeFor[string]() {
		return "", false
	}
	switch val.(type) {
	case *sobek.Object, *sobek.Symbol:
		return "", false
	}
	return val.String(), true
}

// format renders val nested at depth (0 is the argument itself).
func (f *consoleFormatter) format(val sobek.Value, depth int) string {
	switch {
	case val == nil || sobek.IsUndefined(val):
		return "undefined"
	case sobek.IsNull(val):
		return "null"
	}
	if sym, ok := val.(*sobek.Symbol); ok {
		return "Symbol(" + sym.String() + ")"
	}
	obj, isObj := val.(*sobek.Object)
	if !isObj {
		if s, ok := primitiveString(val); ok {
			return strconv.Quote(s)
		}
		return val.String()
	}
	if _, isFn := sobek.AssertFunction(obj); isFn {
		return "[object Function]"
	}
	for _, outer := range f.stack {
		if outer.SameAs(obj) {
			return "[Circular]"
		}
	}
	tag := f.toStringTag(obj)
	switch tag {
	case "Error":
		return obj.String()
	case "Date", "RegExp", "String", "Number", "Boolean":
		return f.dateOrString(obj, tag)
	case "ArrayBuffer":
		return arrayBufferText(obj.Export())
	}
	if depth >= maxConsoleDepth {
		if tag == "Array" {
			return "[Array]"
		}
		return "[Object]"
	}
	f.stack = append(f.stack, obj)
	defer func() { f.stack = f.stack[:len(f.stack)-1] }()
	switch {
	case tag == "Array" || tag == "Arguments":
		return listText("", f.elements(obj, depth))
	case typedArrays[tag]:
		items := f.elements(obj, depth)
		return listText(fmt.Sprintf("%s(%d) ", tag, len(items)), items)
	case tag == "Map":
		return f.mapText(obj, depth)
	case tag == "Set":
		return f.setText(obj, depth)
	}
	keys := obj.Keys()
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = propertyKey(k) + ": " + f.format(obj.Get(k), depth+1)
	}
	return braceText("", parts)
}

// toStringTag is the X of Object.prototype.toString's "[object X]".
func (f *consoleFormatter) toStringTag(obj *sobek.Object) string {
	proto := f.rt.Get("Object").ToObject(f.rt).Get("prototype").ToObject(f.rt)
	toString, _ := sobek.AssertFunction(proto.Get("toString"))
	s, err := toString(obj)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(strings.TrimPrefix(s.String(), "[object "), "]")
}

func (f *consoleFormatter) dateOrString(obj *sobek.Object, tag string) string {
	if tag == "Date" {
		if iso, ok := sobek.AssertFunction(obj.Get("toISOString")); ok {
			if s, err := iso(obj); err == nil {
				return s.String()
			}
		}
	}
	return obj.String()
}

// elements formats the indexed elements of an array-like object.
func (f *consoleFormatter) elements(obj *sobek.Object, depth int) []string {
	n := obj.Get("length").ToInteger()
	items := make([]string, 0, n)
	for i := range n {
		items = append(items, f.format(obj.Get(strconv.FormatInt(i, 10)), depth+1))
	}
	return items
}

// entries returns Array.from(obj): a Map's [key, value] pairs or a Set's
// values.
func (f *consoleFormatter) entries(obj *sobek.Object) *sobek.Object {
	from, _ := sobek.AssertFunction(f.rt.Get("Array").ToObject(f.rt).Get("from"))
	arr, err := from(sobek.Undefined(), obj)
	if err != nil {
		panic(err)
	}
	return arr.ToObject(f.rt)
}

func (f *consoleFormatter) mapText(obj *sobek.Object, depth int) string {
	pairs := f.entries(obj)
	n := pairs.Get("length").ToInteger()
	parts := make([]string, 0, n)
	for i := range n {
		pair := pairs.Get(strconv.FormatInt(i, 10)).ToObject(f.rt)
		parts = append(parts, f.format(pair.Get("0"), depth+1)+" => "+f.format(pair.Get("1"), depth+1))
	}
	return braceText(fmt.Sprintf("Map(%d) ", n), parts)
}

func (f *consoleFormatter) setText(obj *sobek.Object, depth int) string {
	items := f.elements(f.entries(obj), depth)
	return braceText(fmt.Sprintf("Set(%d) ", len(items)), items)
}

// typedArrays are the toStringTags of the TypedArray classes.
var typedArrays = map[string]bool{
	"Int8Array": true, "Uint8Array": true, "Uint8ClampedArray": true, "Int16Array": true, "Uint16Array": true,
	"Int32Array": true, "Uint32Array": true, "Float32Array": true, "Float64Array": true,
	"BigInt64Array": true, "BigUint64Array": true,
}

// arrayBufferText prints an ArrayBuffer's bytes in hex, as Deno does.
func arrayBufferText(exported any) string {
	buf, _ := exported.(sobek.ArrayBuffer)
	data := buf.Bytes()
	hex := make([]string, len(data))
	for i, c := range data {
		hex[i] = fmt.Sprintf("%02x", c)
	}
	return fmt.Sprintf("ArrayBuffer { [Uint8Contents]: <%s>, byteLength: %d }", strings.Join(hex, " "), len(data))
}

// listText is `prefix[ a, b ]`, or `prefix[]` when empty.
func listText(prefix string, items []string) string {
	if len(items) == 0 {
		return prefix + "[]"
	}
	return prefix + "[ " + strings.Join(items, ", ") + " ]"
}

// braceText is `prefix{ a, b }`, or `prefix{}` when empty.
func braceText(prefix string, items []string) string {
	if len(items) == 0 {
		return prefix + "{}"
	}
	return prefix + "{ " + strings.Join(items, ", ") + " }"
}

var identifier = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*$`)

// propertyKey prints an object key bare when it is an identifier, quoted
// otherwise.
func propertyKey(k string) string {
	if identifier.MatchString(k) {
		return k
	}
	return strconv.Quote(k)
}
