package natsmod

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// optionReader reads one options object strictly, as the binding exports
// it: numbers as int64 or float64, arrays as []any, objects as
// map[string]any, Dates as time.Time; undefined and null count as absent.
// The first bad field wins: later reads are no-ops and Done returns it.
// Keys nobody read are unknown options, so typos fail loudly. Every
// failure is a 1003 error naming the field by its path (connect.urls,
// streamConfig.mirror.name). Values are never quoted in messages about
// a wrong type, since some fields hold secrets.
type optionReader struct {
	path     string // the object's path, e.g. "connect" or "streamConfig.sources[0]"
	m        map[string]any
	used     map[string]bool
	children []*optionReader // nested objects, checked for unknown keys by Done
	first    *firstError     // shared with parent and children
}

// firstError holds the first failure of a reader and its nested readers.
type firstError struct{ err *Error }

func newOptionReader(path string, m map[string]any) *optionReader {
	return &optionReader{path: path, m: m, used: map[string]bool{}, first: &firstError{}}
}

func (r *optionReader) field(key string) string { return r.path + "." + key }

// take returns the value of key and marks it read.
func (r *optionReader) take(key string) (any, bool) {
	r.used[key] = true
	v, ok := r.m[key]
	if r.first.err != nil || !ok || v == nil {
		return nil, false
	}
	return v, true
}

// Has reports whether key is given (not undefined or null), for options
// whose zero value means something (an expected sequence of 0). It
// counts as reading the key.
func (r *optionReader) Has(key string) bool {
	r.used[key] = true
	return r.m[key] != nil
}

func (r *optionReader) fail(key, format string, args ...any) {
	if r.first.err == nil {
		r.first.err = invalidConfig(r.field(key), format, args...)
	}
}

// adopt records err, from a validation done outside the reader, as the
// reader's failure unless it already has one.
func (r *optionReader) adopt(err error) {
	if e, ok := err.(*Error); ok && e != nil && r.first.err == nil {
		r.first.err = e
	}
}

// Done returns the first failure, or else the first unknown key.
func (r *optionReader) Done() error {
	r.checkUnknown()
	if r.first.err == nil {
		return nil
	}
	return r.first.err
}

func (r *optionReader) checkUnknown() {
	for _, c := range r.children {
		c.checkUnknown()
	}
	if r.first.err != nil {
		return
	}
	var unknown []string
	for k := range r.m {
		if !r.used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		r.fail(unknown[0], "unknown option")
	}
}

// child returns a reader for a nested object; its failures are the parent's.
func (r *optionReader) child(path string, m map[string]any) *optionReader {
	c := &optionReader{path: path, m: m, used: map[string]bool{}, first: r.first}
	r.children = append(r.children, c)
	return c
}

// Object reads a nested object; nil when absent or invalid.
func (r *optionReader) Object(key string) *optionReader {
	v, ok := r.take(key)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.fail(key, "expected an object, got %s", goTypeName(v))
		return nil
	}
	return r.child(r.field(key), m)
}

// Objects reads an array of objects.
func (r *optionReader) Objects(key string) []*optionReader {
	v, ok := r.take(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		r.fail(key, "expected an array of objects, got %s", goTypeName(v))
		return nil
	}
	out := make([]*optionReader, 0, len(list))
	for i, item := range list {
		m, isMap := item.(map[string]any)
		if !isMap {
			r.fail(key, "element %d: expected an object, got %s", i, goTypeName(item))
			return nil
		}
		out = append(out, r.child(r.field(key+"["+strconv.Itoa(i)+"]"), m))
	}
	return out
}

// String reads a non-empty string.
func (r *optionReader) String(key string) string {
	s := r.Text(key)
	if r.Has(key) && s == "" {
		r.fail(key, "must not be empty")
	}
	return s
}

// Text reads a string that may be empty (the same as absent).
func (r *optionReader) Text(key string) string {
	v, ok := r.take(key)
	if !ok {
		return ""
	}
	s, isString := v.(string)
	if !isString {
		r.fail(key, "expected a string, got %s", goTypeName(v))
	}
	return s
}

// Bool reads a boolean.
func (r *optionReader) Bool(key string) bool {
	v, ok := r.take(key)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		r.fail(key, "expected a boolean, got %s", goTypeName(v))
	}
	return b
}

// Number reads a finite, non-negative number; set reports whether it was given.
func (r *optionReader) Number(key string) (n float64, set bool) {
	v, ok := r.take(key)
	if !ok {
		return 0, false
	}
	n, isNumber := toFloat(v)
	switch {
	case !isNumber:
		r.fail(key, "expected a number, got %s", goTypeName(v))
	case math.IsNaN(n) || math.IsInf(n, 0):
		r.fail(key, "must be a finite number")
	case n < 0:
		r.fail(key, "must not be negative")
	}
	return n, true
}

// Int reads a whole number within [lo, hi] (lo is -1 for the JetStream
// limits where -1 means unlimited).
func (r *optionReader) Int(key string, lo, hi int64) int64 {
	v, ok := r.take(key)
	if !ok {
		return 0
	}
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case int:
		n = int64(x)
	case float64:
		if x != math.Trunc(x) || math.IsInf(x, 0) || math.IsNaN(x) {
			r.fail(key, "expected a whole number, got %v", x)
			return 0
		}
		n = int64(x)
	default:
		r.fail(key, "expected a number, got %s", goTypeName(v))
		return 0
	}
	if n < lo || n > hi {
		r.fail(key, "%d is out of range [%d, %d]", n, lo, hi)
		return 0
	}
	return n
}

// Millis reads a non-negative duration given as milliseconds.
func (r *optionReader) Millis(key string) time.Duration {
	n, _ := r.Number(key)
	return msDuration(n)
}

// msDuration converts milliseconds; beyond maxCallTimeout (about a
// century) it is maxCallTimeout rather than an overflowed duration.
func msDuration(ms float64) time.Duration {
	if ms >= float64(maxCallTimeout/time.Millisecond) {
		return maxCallTimeout
	}
	return time.Duration(ms * float64(time.Millisecond))
}

// Duration reads milliseconds (a number) or a Go duration string ("30s").
func (r *optionReader) Duration(key string) time.Duration {
	v, ok := r.take(key)
	if !ok {
		return 0
	}
	d, err := toDuration(v)
	if err != nil {
		r.fail(key, "%v", err)
	}
	return d
}

// Durations reads an array of durations, each as Duration reads one.
func (r *optionReader) Durations(key string) []time.Duration {
	v, ok := r.take(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		r.fail(key, "expected an array of durations, got %s", goTypeName(v))
		return nil
	}
	out := make([]time.Duration, 0, len(list))
	for i, item := range list {
		d, err := toDuration(item)
		if err != nil {
			r.fail(key, "element %d: %v", i, err)
			return nil
		}
		out = append(out, d)
	}
	return out
}

func toDuration(v any) (time.Duration, error) {
	var d time.Duration
	switch x := v.(type) {
	case int64:
		d = msDuration(float64(x))
	case int:
		d = msDuration(float64(x))
	case float64:
		d = msDuration(x)
	case string:
		parsed, err := time.ParseDuration(x)
		if err != nil {
			return 0, fmt.Errorf("expected milliseconds or a duration like \"30s\", got %q", x)
		}
		d = parsed
	default:
		return 0, fmt.Errorf("expected milliseconds or a duration string, got %s", goTypeName(v))
	}
	if d < 0 {
		return 0, fmt.Errorf("must not be negative, got %v", d)
	}
	return d, nil
}

// Time reads a Date, an RFC 3339 string or epoch milliseconds, as UTC.
func (r *optionReader) Time(key string) *time.Time {
	v, ok := r.take(key)
	if !ok {
		return nil
	}
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case string:
		parsed, err := time.Parse(time.RFC3339Nano, x)
		if err != nil {
			r.fail(key, "expected an RFC 3339 time, got %q", x)
			return nil
		}
		t = parsed
	case int64:
		t = time.UnixMilli(x)
	case float64:
		t = time.UnixMilli(int64(x))
	default:
		r.fail(key, "expected a Date, an RFC 3339 string or epoch milliseconds, got %s", goTypeName(v))
		return nil
	}
	t = t.UTC()
	return &t
}

// Strings reads a string or a non-empty list of non-empty strings.
func (r *optionReader) Strings(key string) []string {
	v, ok := r.take(key)
	if !ok {
		return nil
	}
	var list []string
	if s, isString := v.(string); isString {
		list = []string{s}
	} else if list = r.stringList(key, v); list == nil {
		return nil
	}
	if len(list) == 0 {
		r.fail(key, "must not be empty")
	}
	for i, s := range list {
		if s == "" {
			r.fail(key, "element %d must not be empty", i)
		}
	}
	return list
}

// StringList reads an array of strings as given (it may be empty).
func (r *optionReader) StringList(key string) []string {
	v, ok := r.take(key)
	if !ok {
		return nil
	}
	return r.stringList(key, v)
}

// stringList converts an exported array of strings; nil after a failure.
func (r *optionReader) stringList(key string, v any) []string {
	if s, isStrings := v.([]string); isStrings {
		return s
	}
	list, isList := v.([]any)
	if !isList {
		r.fail(key, "expected an array of strings, got %s", goTypeName(v))
		return nil
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, isString := item.(string)
		if !isString {
			r.fail(key, "element %d: expected a string, got %s", i, goTypeName(item))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// StringMap reads an object of strings.
func (r *optionReader) StringMap(key string) map[string]string {
	v, ok := r.take(key)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.fail(key, "expected an object of strings, got %s", goTypeName(v))
		return nil
	}
	out := make(map[string]string, len(m))
	for k, item := range m {
		s, isString := item.(string)
		if !isString {
			r.fail(key+"."+k, "expected a string, got %s", goTypeName(item))
			return nil
		}
		out[k] = s
	}
	return out
}

// Headers reads {name: string | string[]}.
func (r *optionReader) Headers(key string) nats.Header {
	v, ok := r.take(key)
	if !ok {
		return nil
	}
	obj, isMap := v.(map[string]any)
	if !isMap {
		r.fail(key, "expected an object of strings or string arrays, got %s", goTypeName(v))
		return nil
	}
	h := make(nats.Header, len(obj))
	for name, val := range obj {
		if name == "" {
			r.fail(key, "header names must not be empty")
			return nil
		}
		if s, isString := val.(string); isString {
			h[name] = []string{s}
			continue
		}
		list := r.stringList(key+"."+name, val)
		if list == nil {
			return nil
		}
		h[name] = list
	}
	return h
}

// File reads the path of a file that must exist.
func (r *optionReader) File(key string) string {
	path := r.String(key)
	if path == "" || r.first.err != nil {
		return path
	}
	if _, err := os.Stat(path); err != nil {
		r.fail(key, "cannot read file %s: %v", path, unwrapPathError(err))
	}
	return path
}

// choice reads one of the allowed names, matched ignoring case, '_' and
// '-', so 'byStartSequence' and 'by_start_sequence' both work.
func choice[T any](r *optionReader, key string, def T, allowed map[string]T) T {
	v, ok := r.take(key)
	if !ok {
		return def
	}
	s, isString := v.(string)
	if !isString {
		r.fail(key, "expected a string, got %s", goTypeName(v))
		return def
	}
	for k, val := range allowed {
		if normalizeChoice(k) == normalizeChoice(s) {
			return val
		}
	}
	names := make([]string, 0, len(allowed))
	for k := range allowed {
		names = append(names, "'"+k+"'")
	}
	sort.Strings(names)
	r.fail(key, "%q is not one of %s", s, strings.Join(names, ", "))
	return def
}

func normalizeChoice(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s))
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func goTypeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case int, int32, int64, float64:
		return "a number"
	case []any, []string:
		return "an array"
	case map[string]any:
		return "an object"
	case time.Time:
		return "a Date"
	}
	return fmt.Sprintf("a %T", v)
}
