package nats

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
)

// fieldReader reads the camelCase fields of one JetStream options object
// (as the binding exports it: numbers as int64 or float64, arrays as
// []any, objects as map[string]any, Dates as time.Time). The first bad
// field wins: later reads become no-ops and err() names it. Fields the
// reader never asked for are reported as unknown, so typos fail loudly.
type fieldReader struct {
	what   string // prefix for field names: "stream config", "kv config"
	prefix string // path of a nested object, e.g. "mirror."
	opts   map[string]any
	used   map[string]bool
	bad    *Error
}

func newFieldReader(what string, opts map[string]any) *fieldReader {
	return &fieldReader{what: what, opts: opts, used: map[string]bool{}}
}

// nested reads a sub-object; its errors surface through the parent.
func (r *fieldReader) nested(name string) *fieldReader {
	v, ok := r.get(name)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.fail(name, "expected an object, got %T", v)
		return nil
	}
	return &fieldReader{what: r.what, prefix: r.prefix + name + ".", opts: m, used: map[string]bool{}}
}

// adopt moves a nested reader's verdict (bad field or unknown field) up.
func (r *fieldReader) adopt(child *fieldReader) {
	if child == nil || r.bad != nil {
		return
	}
	if err := child.err(); err != nil {
		r.bad = err.(*Error)
	}
}

func (r *fieldReader) fail(name, format string, args ...any) {
	if r.bad == nil {
		r.bad = invalidConfig(r.what+" field "+r.prefix+name, format, args...)
	}
}

// get returns the raw value of name; undefined and null count as absent.
func (r *fieldReader) get(name string) (any, bool) {
	r.used[name] = true
	if r.bad != nil {
		return nil, false
	}
	v, ok := r.opts[name]
	if !ok || v == nil {
		return nil, false
	}
	return v, true
}

// err returns the first bad field, or the first unknown one.
func (r *fieldReader) err() error {
	if r.bad != nil {
		return r.bad
	}
	var unknown []string
	for k := range r.opts {
		if !r.used[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return invalidConfig(r.what+" field "+r.prefix+unknown[0], "unknown field")
	}
	return nil
}

func (r *fieldReader) str(name string) string {
	v, ok := r.get(name)
	if !ok {
		return ""
	}
	s, isStr := v.(string)
	if !isStr {
		r.fail(name, "expected a string, got %T", v)
	}
	return s
}

func (r *fieldReader) boolean(name string) bool {
	v, ok := r.get(name)
	if !ok {
		return false
	}
	b, isBool := v.(bool)
	if !isBool {
		r.fail(name, "expected a boolean, got %T", v)
	}
	return b
}

// number returns a whole number within [lo, hi].
func (r *fieldReader) number(name string, lo, hi int64) int64 {
	v, ok := r.get(name)
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
			r.fail(name, "expected a whole number, got %v", x)
			return 0
		}
		n = int64(x)
	default:
		r.fail(name, "expected a number, got %T", v)
		return 0
	}
	if n < lo || n > hi {
		r.fail(name, "%d is out of range [%d, %d]", n, lo, hi)
		return 0
	}
	return n
}

// duration reads milliseconds (a number) or a Go duration string ("30s").
func (r *fieldReader) duration(name string) time.Duration {
	v, ok := r.get(name)
	if !ok {
		return 0
	}
	d, err := toDuration(v)
	if err != nil {
		r.fail(name, "%v", err)
	}
	return d
}

func toDuration(v any) (time.Duration, error) {
	var d time.Duration
	switch x := v.(type) {
	case int64:
		d = time.Duration(x) * time.Millisecond
	case int:
		d = time.Duration(x) * time.Millisecond
	case float64:
		d = time.Duration(x * float64(time.Millisecond))
	case string:
		parsed, err := time.ParseDuration(x)
		if err != nil {
			return 0, fmt.Errorf("expected milliseconds or a duration like \"30s\", got %q", x)
		}
		d = parsed
	default:
		return 0, fmt.Errorf("expected milliseconds or a duration string, got %T", v)
	}
	if d < 0 {
		return 0, fmt.Errorf("must not be negative, got %v", d)
	}
	return d, nil
}

func (r *fieldReader) durations(name string) []time.Duration {
	v, ok := r.get(name)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	if !isList {
		r.fail(name, "expected an array of durations, got %T", v)
		return nil
	}
	out := make([]time.Duration, 0, len(list))
	for i, item := range list {
		d, err := toDuration(item)
		if err != nil {
			r.fail(fmt.Sprintf("%s[%d]", name, i), "%v", err)
			return nil
		}
		out = append(out, d)
	}
	return out
}

// timestamp reads a Date, an RFC 3339 string or epoch milliseconds.
func (r *fieldReader) timestamp(name string) *time.Time {
	v, ok := r.get(name)
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
			r.fail(name, "expected an RFC 3339 time, got %q", x)
			return nil
		}
		t = parsed
	case int64:
		t = time.UnixMilli(x)
	case float64:
		t = time.UnixMilli(int64(x))
	default:
		r.fail(name, "expected a Date, an RFC 3339 string or epoch milliseconds, got %T", v)
		return nil
	}
	t = t.UTC()
	return &t
}

func (r *fieldReader) strs(name string) []string {
	v, ok := r.get(name)
	if !ok {
		return nil
	}
	return r.stringList(name, v)
}

// stringList converts an exported array of strings; path names it.
func (r *fieldReader) stringList(path string, v any) []string {
	if s, isStrs := v.([]string); isStrs {
		return s
	}
	list, isList := v.([]any)
	if !isList {
		r.fail(path, "expected an array of strings, got %T", v)
		return nil
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, isStr := item.(string)
		if !isStr {
			r.fail(fmt.Sprintf("%s[%d]", path, i), "expected a string, got %T", item)
			return nil
		}
		out = append(out, s)
	}
	return out
}

func (r *fieldReader) strMap(name string) map[string]string {
	v, ok := r.get(name)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.fail(name, "expected an object of strings, got %T", v)
		return nil
	}
	out := make(map[string]string, len(m))
	for k, item := range m {
		s, isStr := item.(string)
		if !isStr {
			r.fail(name+"."+k, "expected a string, got %T", item)
			return nil
		}
		out[k] = s
	}
	return out
}

// choice reads one of the allowed names, matched ignoring case, '_' and
// '-', so 'byStartSequence' and 'by_start_sequence' both work.
func choice[T any](r *fieldReader, name string, def T, allowed map[string]T) T {
	v, ok := r.get(name)
	if !ok {
		return def
	}
	s, isStr := v.(string)
	if !isStr {
		r.fail(name, "expected a string, got %T", v)
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
	r.fail(name, "%q is not one of %s", s, strings.Join(names, ", "))
	return def
}

func normalizeChoice(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "").Replace(s))
}

// validName reports why a stream, consumer or bucket name is unusable.
func validName(name string) error {
	if strings.ContainsAny(name, " \t\r\n.*>/\\") {
		return fmt.Errorf("%q must not contain whitespace, '.', '*', '>', '/' or '\\'", name)
	}
	return nil
}

// millis renders a duration for scripts.
func millis(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}

// headers reads {name: string | string[]}.
func (r *fieldReader) headers(name string) nats.Header {
	v, ok := r.get(name)
	if !ok {
		return nil
	}
	obj, isMap := v.(map[string]any)
	if !isMap {
		r.fail(name, "expected an object of strings or string arrays, got %T", v)
		return nil
	}
	h := make(nats.Header, len(obj))
	for key, val := range obj {
		if s, isStr := val.(string); isStr {
			h[key] = []string{s}
			continue
		}
		list := r.stringList(name+"."+key, val)
		if list == nil {
			return nil
		}
		h[key] = list
	}
	return h
}
