// Package metrics defines metrics, tag sets and the per-VU sinks that
// aggregate samples without locks; the aggregator merges them for
// thresholds, the end-of-test summary and outputs.
package metrics

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Type is a k6 metric type.
type Type int

// The k6 metric types.
const (
	Counter Type = iota
	Gauge
	Rate
	Trend
)

func (t Type) String() string {
	return [...]string{"counter", "gauge", "rate", "trend"}[t]
}

// Contains says what a metric's values measure, which decides how the
// summary prints them.
type Contains int

// What a metric's values can measure.
const (
	Default Contains = iota
	Time             // milliseconds
	Data             // bytes
)

func (c Contains) String() string {
	return [...]string{"default", "time", "data"}[c]
}

// Metric is a registered metric. ID indexes per-sink storage.
type Metric struct {
	ID       int
	Name     string
	Type     Type
	Contains Contains
}

var metricName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]{0,127}$`)

// Tag is one key/value pair.
type Tag struct{ Key, Value string }

// TagSet is an interned, immutable set of tags. Two equal sets are the
// same pointer, so sinks key series by (metric ID, tag set ID).
type TagSet struct {
	ID   int
	Tags []Tag // sorted by key
	key  string
}

// Map returns the tags as a fresh map.
func (t *TagSet) Map() map[string]string {
	m := make(map[string]string, len(t.Tags))
	for _, tag := range t.Tags {
		m[tag.Key] = tag.Value
	}
	return m
}

// Get returns the value of key and whether it is set.
func (t *TagSet) Get(key string) (string, bool) {
	for _, tag := range t.Tags {
		if tag.Key == key {
			return tag.Value, true
		}
	}
	return "", false
}

// Registry holds the metrics and interned tag sets of one test run. It is
// safe for concurrent use; registration is rare, emission never touches it.
type Registry struct {
	mu      sync.RWMutex
	metrics []*Metric
	byName  map[string]*Metric
	tagSets []*TagSet
	byKey   map[string]*TagSet
}

// NewRegistry returns a registry holding the empty tag set (ID 0).
func NewRegistry() *Registry {
	r := &Registry{byName: map[string]*Metric{}, byKey: map[string]*TagSet{}}
	r.Intern(nil)
	return r
}

// New registers a metric, or returns the existing one of that name if its
// type and contents match.
func (r *Registry) New(name string, typ Type, contains Contains) (*Metric, error) {
	if !metricName.MatchString(name) {
		return nil, fmt.Errorf("invalid metric name %q: use letters, digits and underscores, starting with a letter or underscore, at most 128 characters", name)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if m, ok := r.byName[name]; ok {
		if m.Type != typ || m.Contains != contains {
			return nil, fmt.Errorf("metric %q is already registered as a %s (%s), not a %s (%s)", name, m.Type, m.Contains, typ, contains)
		}
		return m, nil
	}
	m := &Metric{ID: len(r.metrics), Name: name, Type: typ, Contains: contains}
	r.metrics = append(r.metrics, m)
	r.byName[name] = m
	return m, nil
}

// MustNew is New for built-in metrics whose names are known to be valid.
func (r *Registry) MustNew(name string, typ Type, contains Contains) *Metric {
	m, err := r.New(name, typ, contains)
	if err != nil {
		panic(err)
	}
	return m
}

// Get returns the metric of that name, or nil.
func (r *Registry) Get(name string) *Metric {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.byName[name]
}

// Metrics returns all registered metrics in registration order.
func (r *Registry) Metrics() []*Metric {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return append([]*Metric(nil), r.metrics...)
}

// TagSetByID returns the interned tag set with that ID.
func (r *Registry) TagSetByID(id int) *TagSet {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.tagSets[id]
}

// Intern returns the interned tag set for tags.
func (r *Registry) Intern(tags map[string]string) *TagSet {
	list := make([]Tag, 0, len(tags))
	for k, v := range tags {
		list = append(list, Tag{k, v})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].Key < list[j].Key })
	var b strings.Builder
	for _, t := range list {
		b.WriteString(t.Key)
		b.WriteByte(0)
		b.WriteString(t.Value)
		b.WriteByte(0)
	}
	key := b.String()
	r.mu.RLock()
	ts, ok := r.byKey[key]
	r.mu.RUnlock()
	if ok {
		return ts
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if ts, ok := r.byKey[key]; ok {
		return ts
	}
	ts = &TagSet{ID: len(r.tagSets), Tags: list, key: key}
	r.tagSets = append(r.tagSets, ts)
	r.byKey[key] = ts
	return ts
}

// With returns base plus (or overriding) the given key/value pairs.
func (r *Registry) With(base *TagSet, pairs ...string) *TagSet {
	m := base.Map()
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return r.Intern(m)
}
