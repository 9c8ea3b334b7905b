package scheduler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/pondigo/natsk6/go/internal/optread"
)

// object is one JSON object of the options, read field by field so that
// every error names the option's full path and the offending value.
type object struct {
	path string // "" at the top level, "scenarios.load" for a scenario
	keys []string
	vals map[string]json.RawMessage
}

// decodeObject reads a JSON object keeping its key order; `null` keys are
// treated as absent, the way an undefined JS property is.
func decodeObject(path string, raw json.RawMessage) (*object, error) {
	o := &object{path: path, vals: map[string]json.RawMessage{}}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("%s: must be an object, got %s", o.describe(), raw)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.describe(), err)
		}
		key := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, fmt.Errorf("%s: %w", o.name(key), err)
		}
		if isNull(val) {
			continue
		}
		if _, dup := o.vals[key]; !dup {
			o.keys = append(o.keys, key)
		}
		o.vals[key] = val
	}
	return o, nil
}

func isNull(raw json.RawMessage) bool {
	return len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null"
}

func (o *object) describe() string {
	if o.path == "" {
		return "options"
	}
	return o.path
}

func (o *object) name(key string) string {
	if o.path == "" {
		return key
	}
	return o.path + "." + key
}

func (o *object) has(key string) bool {
	_, ok := o.vals[key]
	return ok
}

// onlyKeys rejects keys outside allowed (a typo or an option of another
// executor would otherwise be silently ignored), as k6 rejects unknown
// fields of a scenario, suggesting the allowed key it probably meant.
func (o *object) onlyKeys(allowed []string, what string) error {
	for _, k := range o.keys {
		if !slices.Contains(allowed, k) {
			hint := ""
			if guess := closest(k, allowed); guess != "" {
				hint = fmt.Sprintf(" (did you mean %s?)", guess)
			}
			return fmt.Errorf("%s: unknown option for %s%s", o.name(k), what, hint)
		}
	}
	return nil
}

// integer reads key as a whole number not below min; def when absent.
func (o *object) integer(key string, def, min int64) (int64, error) {
	raw, ok := o.vals[key]
	if !ok {
		return def, nil
	}
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil || f != math.Trunc(f) || f < float64(min) || f > 1<<53 {
		qualifier := "a non-negative"
		if min > 0 {
			qualifier = "a positive"
		}
		return 0, fmt.Errorf("%s: must be %s integer, got %s", o.name(key), qualifier, raw)
	}
	return int64(f), nil
}

// duration reads key as a k6 duration string or a number of milliseconds.
func (o *object) duration(key string, def time.Duration) (time.Duration, error) {
	raw, ok := o.vals[key]
	if !ok {
		return def, nil
	}
	var ms float64
	if err := json.Unmarshal(raw, &ms); err == nil {
		if ms < 0 {
			return 0, fmt.Errorf("%s: invalid duration %s", o.name(key), raw)
		}
		return optread.Millis(ms), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, fmt.Errorf("%s: invalid duration %s", o.name(key), raw)
	}
	d, err := optread.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", o.name(key), err)
	}
	return d, nil
}

// positiveDuration is duration for keys where zero makes no sense.
func (o *object) positiveDuration(key string, def time.Duration) (time.Duration, error) {
	d, err := o.duration(key, def)
	if err == nil && d <= 0 {
		err = fmt.Errorf("%s: must be a positive duration, got %s", o.name(key), o.vals[key])
	}
	return d, err
}

func (o *object) str(key, def string) (string, error) {
	raw, ok := o.vals[key]
	if !ok {
		return def, nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil || s == "" {
		return "", fmt.Errorf("%s: must be a non-empty string, got %s", o.name(key), raw)
	}
	return s, nil
}

func (o *object) boolean(key string) (bool, error) {
	raw, ok := o.vals[key]
	if !ok {
		return false, nil
	}
	var b bool
	if err := json.Unmarshal(raw, &b); err != nil {
		return false, fmt.Errorf("%s: must be true or false, got %s", o.name(key), raw)
	}
	return b, nil
}

func (o *object) stringMap(key string) (map[string]string, error) {
	raw, ok := o.vals[key]
	if !ok {
		return nil, nil
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%s: must be an object of strings, got %s", o.name(key), raw)
	}
	return m, nil
}

func (o *object) strings(key string) ([]string, error) {
	raw, ok := o.vals[key]
	if !ok {
		return nil, nil
	}
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("%s: must be an array of strings, got %s", o.name(key), raw)
	}
	return list, nil
}

// stages reads [{duration, target}, ...].
func (o *object) stages(key string) ([]Stage, error) {
	raw, ok := o.vals[key]
	if !ok {
		return nil, nil
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("%s: must be an array of {duration, target}, got %s", o.name(key), raw)
	}
	stages := make([]Stage, 0, len(items))
	for i, item := range items {
		st, err := decodeObject(fmt.Sprintf("%s[%d]", o.name(key), i), item)
		if err != nil {
			return nil, err
		}
		if err := st.onlyKeys([]string{"duration", "target"}, "a stage"); err != nil {
			return nil, err
		}
		if !st.has("duration") {
			return nil, fmt.Errorf("%s: is required", st.name("duration"))
		}
		d, err := st.duration("duration", 0)
		if err != nil {
			return nil, err
		}
		target, err := st.integer("target", 0, 0)
		if err != nil {
			return nil, err
		}
		stages = append(stages, Stage{Duration: d, Target: target})
	}
	return stages, nil
}
