package metrics

import (
	"strings"
	"time"
)

// ScenarioTag is the tag the runner sets on every sample of a scenario.
const ScenarioTag = "scenario"

// section is the results of part of the run, a group or a scenario, as
// --summary-mode=full prints them: its checks, its metrics (no
// sub-metrics), and its groups nested below it.
type section struct {
	name    string
	metrics map[string]*SummaryMetric
	checks  []*Check // the checks of the section's groups, flattened
	groups  []*section
}

// sections returns a section per top-level group and per scenario, in
// order of first appearance. A group's section holds its own samples and
// those of the groups nested in it. The caller holds a.mu.
func (a *Aggregator) sections(root *Group, trendStats []string, d time.Duration) (groups, scenarios []*section) {
	all := func(*TagSet) bool { return true }
	groups = a.groupSections(root, all, trendStats, d)
	for _, name := range a.scenarioNames() {
		inScenario := func(ts *TagSet) bool {
			v, ok := ts.Get(ScenarioTag)
			return ok && v == name
		}
		sc := a.section(name, inScenario, trendStats, d)
		sc.groups = a.groupSections(root, inScenario, trendStats, d)
		scenarios = append(scenarios, sc)
	}
	return groups, scenarios
}

// groupSections returns the sections of g's subgroups that have samples
// matching outer, each with its own nested groups.
func (a *Aggregator) groupSections(g *Group, outer func(*TagSet) bool, trendStats []string, d time.Duration) []*section {
	var out []*section
	for _, sub := range g.Groups {
		match := func(ts *TagSet) bool { return outer(ts) && inGroup(ts, sub.Path) }
		sec := a.section(sub.Name, match, trendStats, d)
		if len(sec.metrics) == 0 && len(sec.checks) == 0 {
			continue
		}
		sec.groups = a.groupSections(sub, outer, trendStats, d)
		out = append(out, sec)
	}
	return out
}

// inGroup reports whether a sample's tags put it in the group at path or
// in a group nested in it.
func inGroup(ts *TagSet, path string) bool {
	g, _ := ts.Get(GroupTag)
	return g == path || strings.HasPrefix(g, path+groupSeparator)
}

// section merges the series whose tags match into one total per metric,
// and collects their checks in order of first appearance. The caller
// holds a.mu.
func (a *Aggregator) section(name string, match func(*TagSet) bool, trendStats []string, d time.Duration) *section {
	sec := &section{name: name, metrics: map[string]*SummaryMetric{}}
	totals := map[*Metric]*Stats{}
	var order []*Metric
	checks := map[string]*Check{}
	for _, as := range a.order {
		if !match(as.tags) {
			continue
		}
		st := totals[as.metric]
		if st == nil {
			fresh := NewStats(as.metric.Type)
			st = &fresh
			totals[as.metric] = st
			order = append(order, as.metric)
		}
		st.Merge(&as.stats)
		if as.metric.Name == "checks" {
			sec.checks = addCheck(sec.checks, checks, as)
		}
	}
	for _, m := range order {
		sec.metrics[m.Name] = &SummaryMetric{
			Type: m.Type.String(), Contains: m.Contains.String(),
			Values: summaryValues(totals[m], trendStats, d),
		}
	}
	return sec
}

// addCheck adds a checks series' passes and fails to its check, by group
// path and name, appending checks seen for the first time.
func addCheck(list []*Check, byPath map[string]*Check, as *aggSeries) []*Check {
	name, ok := as.tags.Get(CheckTag)
	if !ok {
		return list
	}
	group, _ := as.tags.Get(GroupTag)
	path := group + groupSeparator + name
	c := byPath[path]
	if c == nil {
		c = &Check{Name: name, Path: path, ID: hashID(path)}
		byPath[path] = c
		list = append(list, c)
	}
	c.Passes += as.stats.NonZero
	c.Fails += as.stats.Count - as.stats.NonZero
	return list
}

// scenarioNames lists the scenarios that emitted samples, in order of
// first appearance. The caller holds a.mu.
func (a *Aggregator) scenarioNames() []string {
	var names []string
	seen := map[string]bool{}
	for _, as := range a.order {
		if name, ok := as.tags.Get(ScenarioTag); ok && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return names
}
