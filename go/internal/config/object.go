// Package config gathers k6 options from every layer (config file,
// script options, K6_* environment variables, CLI flags) and merges them
// with k6's precedence: a higher layer's value wins, and a higher layer
// that says how the test executes (duration, iterations, stages or
// scenarios) discards all four from the layers below.
package config

import (
	"encoding/json"
	"maps"
)

// Object is one layer: k6 option names mapped to their JSON values.
type Object map[string]json.RawMessage

// executionKeys describe how the test executes. k6 takes them as a group:
// setting any of them in a layer replaces the lower layers' four.
var executionKeys = []string{"duration", "iterations", "stages", "scenarios"}

// Consolidate merges layers from lowest to highest precedence. vus is
// not an execution key, so --vus alone keeps a script's scenarios; tags
// merge name by name, a higher layer's tag winning.
func Consolidate(layers ...Object) Object {
	merged := Object{}
	for _, layer := range layers {
		if layer.setsExecution() {
			for _, k := range executionKeys {
				delete(merged, k)
			}
		}
		for k, v := range layer {
			if isNull(v) {
				continue
			}
			if k == "tags" {
				v = mergeTags(merged[k], v)
			}
			merged[k] = v
		}
	}
	return merged
}

func (o Object) setsExecution() bool {
	for _, k := range executionKeys {
		if v, ok := o[k]; ok && !isNull(v) {
			return true
		}
	}
	return false
}

// JSON encodes the object (keys sorted, as encoding/json writes maps).
func (o Object) JSON() []byte {
	if o == nil {
		return []byte("{}")
	}
	b, _ := json.Marshal(map[string]json.RawMessage(o)) // raw values are valid JSON
	return b
}

// Without returns o without keys.
func (o Object) Without(keys []string) Object {
	out := maps.Clone(o)
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

// Parse reads a JSON object into a layer; what names it in errors.
func Parse(what string, raw []byte) (Object, error) {
	if isNull(raw) {
		return Object{}, nil
	}
	var o Object
	if err := json.Unmarshal(raw, &o); err != nil {
		return nil, &Error{Source: what, Err: errNotObject}
	}
	return o, nil
}

// mergeTags overlays the tag object over on base; a malformed value is
// kept as is for the option parser to report.
func mergeTags(base, over json.RawMessage) json.RawMessage {
	var b, o map[string]json.RawMessage
	if json.Unmarshal(base, &b) != nil || json.Unmarshal(over, &o) != nil || b == nil {
		return over
	}
	maps.Copy(b, o)
	out, _ := json.Marshal(b)
	return out
}

func isNull(v json.RawMessage) bool {
	s := string(v)
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r') {
		s = s[1:]
	}
	return s == "" || s == "null"
}
