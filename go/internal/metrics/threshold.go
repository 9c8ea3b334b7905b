package metrics

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Threshold is one pass/fail criterion of k6's thresholds option, such as
// "p(95)<200" on "nats_request_duration{subject:foo}".
type Threshold struct {
	Key            string // the option's key: "metric" or "metric{tag:value,...}"
	Source         string // the expression as written
	Metric         *Metric
	Selector       []Tag // sorted by key; empty for the whole metric
	AbortOnFail    bool
	DelayAbortEval time.Duration

	agg        string  // avg, min, med, max, p, count, rate or value
	percentile float64 // for agg "p"
	op         string
	bound      float64
	view       *view

	// Results of the last evaluation, written under the aggregator's lock.
	failed bool
	value  float64
}

// Failed reports whether the last evaluation failed.
func (t *Threshold) Failed() bool { return t.failed }

// Name is the threshold's metric or sub-metric name, k6 style.
func (t *Threshold) Name() string { return selectorName(t.Metric.Name, t.Selector) }

// validAggs lists the aggregations k6 allows per metric type.
var validAggs = map[Type][]string{
	Counter: {"count", "rate"},
	Gauge:   {"value"},
	Rate:    {"rate"},
	Trend:   {"avg", "min", "med", "max", "p(N)"},
}

var thresholdExpr = regexp.MustCompile(`^\s*(avg|min|med|max|count|rate|value|p\(\s*([0-9]+(?:\.[0-9]+)?)\s*\))\s*(<=|>=|===|==|!=|<|>)\s*(\S+)\s*$`)

type thresholdObject struct {
	Threshold      string          `json:"threshold"`
	AbortOnFail    bool            `json:"abortOnFail"`
	DelayAbortEval json.RawMessage `json:"delayAbortEval"`
}

// ParseThresholds parses k6's thresholds option against the metrics
// registered in r. Errors name the threshold key and expression.
func ParseThresholds(raw map[string]json.RawMessage, r *Registry) ([]*Threshold, error) {
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []*Threshold
	for _, key := range keys {
		name, selector, err := parseSelector(key)
		if err != nil {
			return nil, fmt.Errorf("threshold %q: %w", key, err)
		}
		m := r.Get(name)
		if m == nil {
			return nil, fmt.Errorf("threshold %q: no metric named %q (custom metrics must be created in the init context)", key, name)
		}
		items, err := thresholdItems(raw[key])
		if err != nil {
			return nil, fmt.Errorf("threshold %q: %w", key, err)
		}
		for _, item := range items {
			t, err := parseThreshold(item, m)
			if err != nil {
				return nil, fmt.Errorf("threshold %q: %q: %w", key, item.Threshold, err)
			}
			t.Key, t.Selector = key, selector
			out = append(out, t)
		}
	}
	return out, nil
}

// thresholdItems decodes a key's value: an array of expressions or of
// objects, or a single expression.
func thresholdItems(raw json.RawMessage) ([]thresholdObject, error) {
	var single string
	if json.Unmarshal(raw, &single) == nil {
		return []thresholdObject{{Threshold: single}}, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("want an array of expressions or {threshold, abortOnFail, delayAbortEval} objects, got %s", raw)
	}
	items := make([]thresholdObject, 0, len(list))
	for _, el := range list {
		var obj thresholdObject
		if err := json.Unmarshal(el, &obj.Threshold); err == nil {
			items = append(items, obj)
			continue
		}
		dec := json.NewDecoder(strings.NewReader(string(el)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&obj); err != nil || obj.Threshold == "" {
			return nil, fmt.Errorf("want an expression or a {threshold, abortOnFail, delayAbortEval} object, got %s", el)
		}
		items = append(items, obj)
	}
	return items, nil
}

func parseThreshold(item thresholdObject, m *Metric) (*Threshold, error) {
	match := thresholdExpr.FindStringSubmatch(item.Threshold)
	if match == nil {
		return nil, fmt.Errorf("want 'aggregation operator number' such as 'p(95)<200', with an aggregation of avg, min, med, max, p(N), count, rate or value and an operator of <, <=, >, >=, ==, !=")
	}
	t := &Threshold{Source: item.Threshold, Metric: m, agg: match[1], op: match[3], AbortOnFail: item.AbortOnFail}
	if t.op == "===" {
		t.op = "=="
	}
	name := t.agg
	if match[2] != "" {
		t.agg, name = "p", "p(N)"
		t.percentile, _ = strconv.ParseFloat(match[2], 64)
		if t.percentile > 100 {
			return nil, fmt.Errorf("percentile %v is above 100", t.percentile)
		}
	}
	var err error
	if t.bound, err = strconv.ParseFloat(match[4], 64); err != nil {
		return nil, fmt.Errorf("%q is not a number", match[4])
	}
	valid := validAggs[m.Type]
	if !contains(valid, name) {
		return nil, fmt.Errorf("aggregation %s is not valid for %s metric %q (use %s)", name, m.Type, m.Name, strings.Join(valid, ", "))
	}
	if t.DelayAbortEval, err = parseDelay(item.DelayAbortEval); err != nil {
		return nil, err
	}
	return t, nil
}

// parseDelay reads delayAbortEval: a duration string such as "10s", or a
// number of milliseconds.
func parseDelay(raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var ms float64
	if json.Unmarshal(raw, &ms) == nil {
		return time.Duration(ms * float64(time.Millisecond)), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return 0, fmt.Errorf("delayAbortEval %s is not a duration", raw)
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("delayAbortEval %q is not a duration such as \"10s\"", s)
	}
	return d, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// aggregate computes t's aggregation over st; elapsed gives counters'
// per-second rate.
func (t *Threshold) aggregate(st *Stats, elapsed time.Duration) float64 {
	switch t.agg {
	case "avg":
		return st.Avg()
	case "min":
		return st.Min
	case "max":
		return st.Max
	case "med":
		return st.Med()
	case "p":
		return st.Percentile(t.percentile)
	case "count":
		return st.Sum
	case "value":
		return st.Last
	}
	// rate
	if st.Type == Counter {
		return perSecond(st.Sum, elapsed)
	}
	return st.Rate()
}

// aggName is the aggregation as written in summaries: "p(95)", "avg".
func (t *Threshold) aggName() string {
	if t.agg == "p" {
		return "p(" + formatFloat(t.percentile) + ")"
	}
	return t.agg
}

func perSecond(v float64, elapsed time.Duration) float64 {
	if elapsed <= 0 {
		return 0
	}
	return v / elapsed.Seconds()
}

func (t *Threshold) holds(v float64) bool {
	switch t.op {
	case "<":
		return v < t.bound
	case "<=":
		return v <= t.bound
	case ">":
		return v > t.bound
	case ">=":
		return v >= t.bound
	case "==":
		return v == t.bound
	}
	return v != t.bound
}

// SetThresholds installs the thresholds to evaluate, tracking each
// sub-metric they name.
func (a *Aggregator) SetThresholds(ts []*Threshold) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.thresholds = ts
	for _, t := range ts {
		t.view = a.viewFor(t.Metric, t.Selector)
	}
}

// Thresholds returns the installed thresholds.
func (a *Aggregator) Thresholds() []*Threshold {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]*Threshold(nil), a.thresholds...)
}

// EvaluateThresholds checks every threshold against the data flushed so
// far and reports whether the run should abort: a threshold with
// abortOnFail failed and elapsed is past its delayAbortEval. A metric
// without samples is evaluated too, as k6 does since v0.38: every
// aggregation of an empty metric is 0, so "count>0" or "rate>0" fail.
// An empty metric never aborts the run, though: early in a run it only
// means that no sample arrived yet.
func (a *Aggregator) EvaluateThresholds(elapsed time.Duration) (abort bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, t := range a.thresholds {
		t.value = t.aggregate(&t.view.stats, elapsed)
		t.failed = !t.holds(t.value)
		if t.failed && t.AbortOnFail && elapsed >= t.DelayAbortEval && t.view.stats.Count > 0 {
			abort = true
		}
	}
	return abort
}

// CrossedThresholds returns nil if every threshold held at the last
// evaluation, else k6's error naming the crossed metrics ("thresholds on
// metrics 'a, b{k:v}' have been crossed"), followed by each failed
// expression with its observed value; timeUnit is summaryTimeUnit.
func (a *Aggregator) CrossedThresholds(timeUnit string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	var names, failures []string
	for _, t := range a.thresholds {
		if !t.failed {
			continue
		}
		if name := t.Name(); !slices.Contains(names, name) {
			names = append(names, name)
		}
		failures = append(failures, fmt.Sprintf("%s '%s' %s=%s", t.Name(), t.Source, t.aggName(), thresholdValue(t.Metric, t.agg, t.value, timeUnit)))
	}
	if len(names) == 0 {
		return nil
	}
	return fmt.Errorf("thresholds on metrics '%s' have been crossed: %s", strings.Join(names, ", "), strings.Join(failures, ", "))
}
