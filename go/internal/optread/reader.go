package optread

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Reader reads one options object strictly, as the binding exports
// it: numbers as int64 or float64, arrays as []any, objects as
// map[string]any, Dates as time.Time; undefined and null count as absent.
// The first bad field wins: later reads are no-ops and Done returns it.
// Keys nobody read are unknown options, so typos fail loudly. Every
// failure is a *FieldError naming the field by its path (connect.urls,
// streamConfig.mirror.name). Values are never quoted in messages about
// a wrong type, since some fields hold secrets.
type Reader struct {
	path     string // the object's path, e.g. "connect" or "streamConfig.sources[0]"
	m        map[string]any
	used     map[string]bool
	children []*Reader   // nested objects, checked for unknown keys by Done
	first    *firstError // shared with parent and children
}

// FieldError is a bad option: its path and what is wrong with it.
type FieldError struct {
	Field   string // e.g. "streamConfig.maxAge"
	Problem string // e.g. "unknown option"
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// firstError holds the first failure of a reader and its nested readers.
type firstError struct{ err error }

// New returns a reader for the object m found at path.
func New(path string, m map[string]any) *Reader {
	return &Reader{path: path, m: m, used: map[string]bool{}, first: &firstError{}}
}

// Field is the path of key in this object.
func (r *Reader) Field(key string) string { return r.path + "." + key }

// Take returns the value of key and marks it read.
func (r *Reader) Take(key string) (any, bool) {
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
func (r *Reader) Has(key string) bool {
	r.used[key] = true
	return r.m[key] != nil
}

func (r *Reader) Fail(key, format string, args ...any) {
	if r.first.err == nil {
		r.first.err = &FieldError{Field: r.Field(key), Problem: fmt.Sprintf(format, args...)}
	}
}

// Adopt records err, from a validation done outside the reader, as the
// reader's failure unless it already has one.
func (r *Reader) Adopt(err error) {
	if err != nil && r.first.err == nil {
		r.first.err = err
	}
}

// Failed reports whether a read has failed already.
func (r *Reader) Failed() bool { return r.first.err != nil }

// Done returns the first failure, or else the first unknown key.
func (r *Reader) Done() error {
	r.checkUnknown()
	return r.first.err
}

func (r *Reader) checkUnknown() {
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
		r.Fail(unknown[0], "unknown option")
	}
}

// child returns a reader for a nested object; its failures are the parent's.
func (r *Reader) child(path string, m map[string]any) *Reader {
	c := &Reader{path: path, m: m, used: map[string]bool{}, first: r.first}
	r.children = append(r.children, c)
	return c
}

// Object reads a nested object; nil when absent or invalid.
func (r *Reader) Object(key string) *Reader {
	v, ok := r.Take(key)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.Fail(key, "expected an object, got %s", TypeName(v))
		return nil
	}
	return r.child(r.Field(key), m)
}

// Objects reads an array of objects.
func (r *Reader) Objects(key string) []*Reader {
	v, ok := r.Take(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		r.Fail(key, "expected an array of objects, got %s", TypeName(v))
		return nil
	}
	out := make([]*Reader, 0, len(list))
	for i, item := range list {
		m, isMap := item.(map[string]any)
		if !isMap {
			r.Fail(key, "element %d: expected an object, got %s", i, TypeName(item))
			return nil
		}
		out = append(out, r.child(r.Field(key+"["+strconv.Itoa(i)+"]"), m))
	}
	return out
}

// String reads a non-empty string.
func (r *Reader) String(key string) string {
	s := r.Text(key)
	if r.Has(key) && s == "" {
		r.Fail(key, "must not be empty")
	}
	return s
}

// Text reads a string that may be empty (the same as absent).
func (r *Reader) Text(key string) string {
	v, ok := r.Take(key)
	if !ok {
		return ""
	}
	s, isString := v.(string)
	if !isString {
		r.Fail(key, "expected a string, got %s", TypeName(v))
	}
	return s
}

// Bool reads a boolean.
func (r *Reader) Bool(key string) bool {
	v, ok := r.Take(key)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		r.Fail(key, "expected a boolean, got %s", TypeName(v))
	}
	return b
}

// Number reads a finite, non-negative number; set reports whether it was given.
func (r *Reader) Number(key string) (n float64, set bool) {
	v, ok := r.Take(key)
	if !ok {
		return 0, false
	}
	n, isNumber := toFloat(v)
	switch {
	case !isNumber:
		r.Fail(key, "expected a number, got %s", TypeName(v))
	case math.IsNaN(n) || math.IsInf(n, 0):
		r.Fail(key, "must be a finite number")
	case n < 0:
		r.Fail(key, "must not be negative")
	}
	return n, true
}

// Int reads a whole number within [lo, hi] (lo is -1 for the JetStream
// limits where -1 means unlimited).
func (r *Reader) Int(key string, lo, hi int64) int64 {
	v, ok := r.Take(key)
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
			r.Fail(key, "expected a whole number, got %v", x)
			return 0
		}
		n = int64(x)
	default:
		r.Fail(key, "expected a number, got %s", TypeName(v))
		return 0
	}
	if n < lo || n > hi {
		r.Fail(key, "%d is out of range [%d, %d]", n, lo, hi)
		return 0
	}
	return n
}

// Millis reads a non-negative duration given as milliseconds.
func (r *Reader) Millis(key string) time.Duration {
	n, _ := r.Number(key)
	return Millis(n)
}

// Duration reads milliseconds (a number) or a k6 duration string ("30s", "1d").
func (r *Reader) Duration(key string) time.Duration {
	v, ok := r.Take(key)
	if !ok {
		return 0
	}
	d, err := DurationValue(v)
	if err != nil {
		r.Fail(key, "%v", err)
	}
	return d
}

// Durations reads an array of durations, each as Duration reads one.
func (r *Reader) Durations(key string) []time.Duration {
	v, ok := r.Take(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		r.Fail(key, "expected an array of durations, got %s", TypeName(v))
		return nil
	}
	out := make([]time.Duration, 0, len(list))
	for i, item := range list {
		d, err := DurationValue(item)
		if err != nil {
			r.Fail(key, "element %d: %v", i, err)
			return nil
		}
		out = append(out, d)
	}
	return out
}

// DurationValue reads a duration as scripts give one: a number of
// milliseconds or a k6 duration string ("30s", "1d"); never negative.
func DurationValue(v any) (time.Duration, error) {
	var d time.Duration
	switch x := v.(type) {
	case int64:
		d = Millis(float64(x))
	case int:
		d = Millis(float64(x))
	case float64:
		if math.IsNaN(x) {
			return 0, fmt.Errorf("must be a finite number")
		}
		d = Millis(x)
	case string:
		parsed, ok := parseSigned(x)
		if !ok {
			return 0, fmt.Errorf("expected milliseconds or a duration like \"30s\", got %q", x)
		}
		d = parsed
	default:
		return 0, fmt.Errorf("expected milliseconds or a duration string, got %s", TypeName(v))
	}
	if d < 0 {
		return 0, fmt.Errorf("must not be negative, got %v", d)
	}
	return d, nil
}

// Time reads a Date, an RFC 3339 string or epoch milliseconds, as UTC.
func (r *Reader) Time(key string) *time.Time {
	v, ok := r.Take(key)
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
			r.Fail(key, "expected an RFC 3339 time, got %q", x)
			return nil
		}
		t = parsed
	case int64:
		t = time.UnixMilli(x)
	case float64:
		t = time.UnixMilli(int64(x))
	default:
		r.Fail(key, "expected a Date, an RFC 3339 string or epoch milliseconds, got %s", TypeName(v))
		return nil
	}
	t = t.UTC()
	return &t
}

// Strings reads a string or a non-empty list of non-empty strings.
func (r *Reader) Strings(key string) []string {
	v, ok := r.Take(key)
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
		r.Fail(key, "must not be empty")
	}
	for i, s := range list {
		if s == "" {
			r.Fail(key, "element %d must not be empty", i)
		}
	}
	return list
}

// StringList reads an array of strings as given (it may be empty).
func (r *Reader) StringList(key string) []string {
	v, ok := r.Take(key)
	if !ok {
		return nil
	}
	return r.stringList(key, v)
}

// stringList converts an exported array of strings; nil after a failure.
func (r *Reader) stringList(key string, v any) []string {
	if s, isStrings := v.([]string); isStrings {
		return s
	}
	list, isList := v.([]any)
	if !isList {
		r.Fail(key, "expected an array of strings, got %s", TypeName(v))
		return nil
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, isString := item.(string)
		if !isString {
			r.Fail(key, "element %d: expected a string, got %s", i, TypeName(item))
			return nil
		}
		out = append(out, s)
	}
	return out
}

// StringMap reads an object of strings.
func (r *Reader) StringMap(key string) map[string]string {
	v, ok := r.Take(key)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.Fail(key, "expected an object of strings, got %s", TypeName(v))
		return nil
	}
	out := make(map[string]string, len(m))
	for k, item := range m {
		s, isString := item.(string)
		if !isString {
			r.Fail(key+"."+k, "expected a string, got %s", TypeName(item))
			return nil
		}
		out[k] = s
	}
	return out
}

// Headers reads {name: string | string[]}.
func (r *Reader) Headers(key string) map[string][]string {
	v, ok := r.Take(key)
	if !ok {
		return nil
	}
	obj, isMap := v.(map[string]any)
	if !isMap {
		r.Fail(key, "expected an object of strings or string arrays, got %s", TypeName(v))
		return nil
	}
	h := make(map[string][]string, len(obj))
	for name, val := range obj {
		if name == "" {
			r.Fail(key, "header names must not be empty")
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
func (r *Reader) File(key string) string {
	path := r.String(key)
	if path == "" || r.Failed() {
		return path
	}
	if _, err := os.Stat(path); err != nil {
		r.Fail(key, "cannot read file %s: %v", path, UnwrapPathError(err))
	}
	return path
}

// Choice reads one of the allowed names, matched ignoring case, '_' and
// '-', so 'byStartSequence' and 'by_start_sequence' both work.
func Choice[T any](r *Reader, key string, def T, allowed map[string]T) T {
	v, ok := r.Take(key)
	if !ok {
		return def
	}
	s, isString := v.(string)
	if !isString {
		r.Fail(key, "expected a string, got %s", TypeName(v))
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
	r.Fail(key, "%q is not one of %s", s, strings.Join(names, ", "))
	return def
}

func normalizeChoice(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s))
}

// UnwrapPathError drops the path an *os.PathError repeats, for messages
// that name the file already.
func UnwrapPathError(err error) error {
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

// TypeName describes an exported value's JS type for messages, never
// its value.
func TypeName(v any) string {
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
