package metrics

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// DefaultTrendStats are the trend statistics k6 shows by default.
var DefaultTrendStats = []string{"avg", "min", "med", "max", "p(90)", "p(95)"}

// SummaryMeta is what the summary needs from the runner.
type SummaryMeta struct {
	Duration   time.Duration // test run duration
	TrendStats []string      // summaryTrendStats; nil means DefaultTrendStats
	TimeUnit   string        // summaryTimeUnit: "", "s", "ms" or "us"
	NoColor    bool
	StdOutTTY  bool
	StdErrTTY  bool
	// Sections adds the per-group and per-scenario results that
	// --summary-mode=full prints.
	Sections bool
}

// Summary is the data k6 passes to handleSummary(data).
type Summary struct {
	RootGroup *Group                    `json:"root_group"`
	Options   SummaryOptions            `json:"options"`
	State     SummaryState              `json:"state"`
	Metrics   map[string]*SummaryMetric `json:"metrics"`
	// SetupData is what setup() returned, as JSON; absent when nothing.
	SetupData json.RawMessage `json:"setup_data,omitempty"`

	// What only the text summary reads: the thresholds in option order
	// with their observed values, and with SummaryMeta.Sections the
	// results of each top-level group and of each scenario.
	thresholds []thresholdLine
	groups     []*section
	scenarios  []*section
}

// thresholdLine is one threshold expression as the summary prints it.
type thresholdLine struct {
	metric   *Metric
	selector []Tag
	source   string
	ok       bool
	agg      string // the aggregation as printed: "p(95)", "avg", "rate"...
	value    float64
}

// SummaryOptions echoes the summary-related options.
type SummaryOptions struct {
	SummaryTrendStats []string `json:"summaryTrendStats"`
	SummaryTimeUnit   string   `json:"summaryTimeUnit"`
	NoColor           bool     `json:"noColor"`
}

// SummaryState describes the run.
type SummaryState struct {
	IsStdOutTTY       bool    `json:"isStdOutTTY"`
	IsStdErrTTY       bool    `json:"isStdErrTTY"`
	TestRunDurationMs float64 `json:"testRunDurationMs"`
}

// Group is a k6 group with its checks and subgroups; the root group has
// the empty name and path.
type Group struct {
	Name   string   `json:"name"`
	Path   string   `json:"path"`
	ID     string   `json:"id"`
	Groups []*Group `json:"groups"`
	Checks []*Check `json:"checks"`
}

// Check is the outcome of one named check in one group.
type Check struct {
	Name   string `json:"name"`
	Path   string `json:"path"`
	ID     string `json:"id"`
	Passes int64  `json:"passes"`
	Fails  int64  `json:"fails"`
}

// SummaryMetric is one metric, or a sub-metric named "metric{tag:value}".
type SummaryMetric struct {
	Type       string                     `json:"type"`
	Contains   string                     `json:"contains"`
	Values     map[string]float64         `json:"values"`
	Thresholds map[string]ThresholdResult `json:"thresholds,omitempty"`
}

// ThresholdResult says whether a threshold passed.
type ThresholdResult struct {
	OK bool `json:"ok"`
}

// Check and group tags, as the runner sets them on samples of the checks
// and group_duration metrics.
const (
	CheckTag = "check"
	GroupTag = "group"
	// groupSeparator joins group names into k6's group paths: "::a::b".
	groupSeparator = "::"
)

// Summary builds the end-of-test summary from everything flushed so far.
// Call EvaluateThresholds first so thresholds carry their final results.
func (a *Aggregator) Summary(meta SummaryMeta) *Summary {
	stats := meta.TrendStats
	if len(stats) == 0 {
		stats = DefaultTrendStats
	}
	s := &Summary{
		Options: SummaryOptions{SummaryTrendStats: stats, SummaryTimeUnit: meta.TimeUnit, NoColor: meta.NoColor},
		State: SummaryState{IsStdOutTTY: meta.StdOutTTY, IsStdErrTTY: meta.StdErrTTY,
			TestRunDurationMs: float64(meta.Duration) / float64(time.Millisecond)},
		Metrics: map[string]*SummaryMetric{},
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, v := range a.views {
		name := selectorName(v.metric.Name, v.selector)
		if v.stats.Count == 0 && !a.hasThresholds(v) {
			continue
		}
		s.Metrics[name] = &SummaryMetric{
			Type: v.metric.Type.String(), Contains: v.metric.Contains.String(),
			Values: summaryValues(&v.stats, stats, meta.Duration),
		}
	}
	for _, t := range a.thresholds {
		sm := s.Metrics[t.Name()]
		if sm.Thresholds == nil {
			sm.Thresholds = map[string]ThresholdResult{}
		}
		sm.Thresholds[t.Source] = ThresholdResult{OK: !t.failed}
		s.thresholds = append(s.thresholds, thresholdLine{
			metric: t.Metric, selector: t.Selector, source: t.Source,
			ok: !t.failed, agg: t.aggName(), value: t.value,
		})
	}
	// data_sent and data_received are always there, as in k6, even when
	// nothing went over the network.
	for _, m := range []*Metric{a.Registry.Get("data_sent"), a.Registry.Get("data_received")} {
		if m != nil && s.Metrics[m.Name] == nil {
			s.Metrics[m.Name] = &SummaryMetric{
				Type: m.Type.String(), Contains: m.Contains.String(),
				Values: map[string]float64{"count": 0, "rate": 0},
			}
		}
	}
	s.RootGroup = a.groups()
	if meta.Sections {
		s.groups, s.scenarios = a.sections(s.RootGroup, stats, meta.Duration)
	}
	return s
}

func (a *Aggregator) hasThresholds(v *view) bool {
	for _, t := range a.thresholds {
		if t.view == v {
			return true
		}
	}
	return false
}

func summaryValues(st *Stats, trendStats []string, d time.Duration) map[string]float64 {
	switch st.Type {
	case Counter:
		return map[string]float64{"count": st.Sum, "rate": perSecond(st.Sum, d)}
	case Gauge:
		return map[string]float64{"value": st.Last, "min": st.Min, "max": st.Max}
	case Rate:
		return map[string]float64{"rate": st.Rate(), "passes": float64(st.NonZero), "fails": float64(st.Count - st.NonZero)}
	}
	values := make(map[string]float64, len(trendStats))
	for _, name := range trendStats {
		if v, ok := trendStat(st, name); ok {
			values[name] = v
		}
	}
	return values
}

// trendStat computes one summaryTrendStats entry: avg, min, med, max,
// count or p(N).
func trendStat(st *Stats, name string) (float64, bool) {
	switch name {
	case "avg":
		return st.Avg(), true
	case "min":
		return st.Min, true
	case "med":
		return st.Med(), true
	case "max":
		return st.Max, true
	case "count":
		return float64(st.Count), true
	}
	if p, ok := strings.CutPrefix(name, "p("); ok {
		if p, ok := strings.CutSuffix(p, ")"); ok {
			if n, err := strconv.ParseFloat(p, 64); err == nil && n >= 0 && n <= 100 {
				return st.Percentile(n), true
			}
		}
	}
	return 0, false
}

// ValidateTrendStats rejects summaryTrendStats entries that are not avg,
// min, med, max, count or p(N) with N from 0 to 100, naming each.
func ValidateTrendStats(stats []string) error {
	empty := NewStats(Trend)
	var bad []string
	for _, s := range stats {
		if _, ok := trendStat(&empty, s); !ok {
			bad = append(bad, strconv.Quote(s))
		}
	}
	switch len(bad) {
	case 0:
		return nil
	case 1:
		return fmt.Errorf("summaryTrendStats: %s is not one of avg, min, med, max, count or p(N) with N from 0 to 100", bad[0])
	}
	return fmt.Errorf("summaryTrendStats: %s are not among avg, min, med, max, count or p(N) with N from 0 to 100", strings.Join(bad, ", "))
}

// groups builds the group tree from the checks and group_duration series.
// The caller holds a.mu.
func (a *Aggregator) groups() *Group {
	root := &Group{ID: hashID(""), Groups: []*Group{}, Checks: []*Check{}}
	byPath := map[string]*Group{"": root}
	checks := map[string]*Check{}
	for _, as := range a.order {
		if as.metric.Name != "checks" && as.metric.Name != "group_duration" {
			continue
		}
		path, _ := as.tags.Get(GroupTag)
		g := ensureGroup(byPath, path)
		if as.metric.Name == "checks" {
			g.Checks = addCheck(g.Checks, checks, as)
		}
	}
	return root
}

// ensureGroup returns the group at path ("::a::b"), creating it and its
// parents.
func ensureGroup(byPath map[string]*Group, path string) *Group {
	if g, ok := byPath[path]; ok {
		return g
	}
	cut := strings.LastIndex(path, groupSeparator)
	parentPath, name := "", path
	if cut >= 0 {
		parentPath, name = path[:cut], path[cut+len(groupSeparator):]
	}
	parent := ensureGroup(byPath, parentPath)
	g := &Group{Name: name, Path: path, ID: hashID(path), Groups: []*Group{}, Checks: []*Check{}}
	parent.Groups = append(parent.Groups, g)
	byPath[path] = g
	return g
}

// hashID is k6's group and check ID: the hex MD5 of the path.
func hashID(path string) string {
	sum := md5.Sum([]byte(path))
	return hex.EncodeToString(sum[:])
}

// sortedNames returns the keys of a map by metric name ("m" or
// "m{k:v}"), each sub-metric right after its metric.
func sortedNames[V any](metrics map[string]V) []string {
	names := make([]string, 0, len(metrics))
	for name := range metrics {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		pi, si, _ := strings.Cut(names[i], "{")
		pj, sj, _ := strings.Cut(names[j], "{")
		if pi != pj {
			return pi < pj
		}
		return si < sj
	})
	return names
}

// ThresholdRow is one threshold as the summary reports it, for outputs
// that show the summary (the web dashboard's report).
type ThresholdRow struct {
	Metric      string  `json:"metric"`      // the metric or sub-metric, e.g. "nats_request_duration{scenario:a}"
	Source      string  `json:"source"`      // the expression, e.g. "p(95)<100"
	Aggregation string  `json:"aggregation"` // "p(95)", "avg", "rate", "count"...
	Value       float64 `json:"value"`       // the observed value the expression was checked against
	OK          bool    `json:"ok"`
}

// ThresholdRows returns the thresholds in option order with their
// observed values.
func (s *Summary) ThresholdRows() []ThresholdRow {
	rows := make([]ThresholdRow, len(s.thresholds))
	for i, t := range s.thresholds {
		rows[i] = ThresholdRow{Metric: selectorName(t.metric.Name, t.selector), Source: t.source, Aggregation: t.agg, Value: t.value, OK: t.ok}
	}
	return rows
}
