package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The summary modes of k6 v1's --summary-mode.
const (
	ModeCompact  = "compact"  // the default: thresholds, total results
	ModeFull     = "full"     // compact plus group and scenario sections
	ModeLegacy   = "legacy"   // the pre-1.0 layout
	ModeDisabled = "disabled" // no summary (--no-summary)
)

// ParseSummaryMode validates a --summary-mode value.
func ParseSummaryMode(mode string) (string, error) {
	switch mode {
	case ModeCompact, ModeFull, ModeLegacy, ModeDisabled:
		return mode, nil
	}
	return "", fmt.Errorf("summary mode %q is not one of compact, full, legacy or disabled", mode)
}

// Categories of the compact summary, in the order they print. k6 puts its
// protocol sections (HTTP, GRPC...) between the custom metrics and
// EXECUTION; natsk6's protocol is NATS.
const (
	categoryCustom    = "CUSTOM"
	categoryNATS      = "NATS"
	categoryExecution = "EXECUTION"
	categoryNetwork   = "NETWORK"
)

var categoryOrder = []string{categoryCustom, categoryNATS, categoryExecution, categoryNetwork}

// category returns the section a metric prints in; "" hides it: checks
// print as checks_total and friends, and group_duration only in full mode
// (k6's compact summary leaves it out).
func category(name string, full bool) string {
	switch {
	case name == "checks":
		return ""
	case name == "group_duration":
		if full {
			return categoryExecution
		}
		return ""
	case strings.HasPrefix(name, "nats_"):
		return categoryNATS
	}
	switch name {
	case "iterations", "iteration_duration", "dropped_iterations", "vus", "vus_max":
		return categoryExecution
	case "data_sent", "data_received":
		return categoryNetwork
	}
	return categoryCustom
}

const (
	sectionIndent = "    "
	nestIndent    = "  "
)

// compactRenderer renders k6 v1's end-of-test summary.
type compactRenderer struct {
	textRenderer
	full bool
}

func renderCompact(s *Summary, opts TextOptions, full bool) string {
	r := compactRenderer{textRenderer{s: s, opts: opts}, full}
	var blocks []string
	if len(s.thresholds) > 0 {
		blocks = append(blocks, "  █ THRESHOLDS\n\n"+r.thresholds())
	}
	total := &section{metrics: s.Metrics, checks: flattenChecks(s.RootGroup)}
	blocks = append(blocks, "  █ TOTAL RESULTS\n\n"+r.section(total, sectionIndent, true))
	if full {
		for _, g := range s.groups {
			blocks = append(blocks, "  █ GROUP: "+g.name+"\n\n"+r.section(g, sectionIndent, false))
		}
		for _, sc := range s.scenarios {
			blocks = append(blocks, "  █ SCENARIO: "+sc.name+"\n\n"+r.section(sc, sectionIndent, true))
		}
	}
	return "\n" + strings.Join(blocks, "\n\n") + "\n"
}

// flattenChecks lists the checks of g and of its groups, depth first.
func flattenChecks(g *Group) []*Check {
	if g == nil {
		return nil
	}
	out := slices.Clone(g.Checks)
	for _, sub := range g.Groups {
		out = append(out, flattenChecks(sub)...)
	}
	return out
}

// thresholds prints each metric's thresholds in option order, metrics by
// name. A sub-metric's thresholds print under its metric when the metric
// has thresholds of its own, else on their own under the full name.
func (r compactRenderer) thresholds() string {
	byName := map[string][]thresholdLine{}
	for _, t := range r.s.thresholds {
		name := selectorName(t.metric.Name, t.selector)
		byName[name] = append(byName[name], t)
	}
	var entries []string
	var b strings.Builder
	for _, name := range sortedNames(byName) {
		parent, selector, isSub := strings.Cut(name, "{")
		if isSub && byName[parent] != nil {
			b.WriteByte('\n')
			r.thresholdEntry(&b, "{"+selector, byName[name], sectionIndent+nestIndent)
			continue
		}
		if b.Len() > 0 {
			entries = append(entries, b.String())
			b.Reset()
		}
		r.thresholdEntry(&b, name, byName[name], sectionIndent)
	}
	entries = append(entries, b.String())
	return strings.Join(entries, "\n")
}

func (r compactRenderer) thresholdEntry(b *strings.Builder, title string, lines []thresholdLine, indent string) {
	fmt.Fprintf(b, "%s%s\n", indent, title)
	for _, t := range lines {
		fmt.Fprintf(b, "%s%s '%s' %s=%s\n", indent, r.mark(t.ok), t.source, t.agg,
			thresholdValue(t.metric, t.agg, t.value, r.s.Options.SummaryTimeUnit))
	}
}

// thresholdValue prints a threshold's observed value as its metric's
// values print: rates as truncated percentages, times in time units.
func thresholdValue(m *Metric, agg string, v float64, timeUnit string) string {
	switch {
	case m.Type == Rate:
		return truncatedPercent(v)
	case m.Type == Counter && agg == "rate":
		if m.Contains == Data {
			return formatBytes(v) + "/s"
		}
		return formatFloat(v) + "/s"
	}
	return formatValue(v, m.Contains.String(), timeUnit)
}

// section prints a section's checks, its metrics by category and its
// nested groups, indented by indent. network adds data_sent and
// data_received when they have no samples: k6 always shows them.
func (r compactRenderer) section(sec *section, indent string, network bool) string {
	var blocks []string
	if b := r.checkTotals(sec, indent); b != "" {
		blocks = append(blocks, b)
	}
	if b := r.checkList(sec.checks, indent); b != "" {
		blocks = append(blocks, b)
	}
	blocks = append(blocks, r.categories(sec, indent, network)...)
	for _, g := range sec.groups {
		blocks = append(blocks, indent+"↳ GROUP: "+g.name+"\n\n"+r.section(g, indent+nestIndent, false))
	}
	return strings.Join(blocks, "\n")
}

// checkTotals prints checks_total, checks_succeeded and checks_failed.
func (r compactRenderer) checkTotals(sec *section, indent string) string {
	var passes, fails int64
	for _, c := range sec.checks {
		passes += c.Passes
		fails += c.Fails
	}
	total := passes + fails
	if total == 0 {
		return ""
	}
	elapsed := time.Duration(r.s.State.TestRunDurationMs * float64(time.Millisecond))
	lines := []metricLine{
		{label: "checks_total", values: []string{strconv.FormatInt(total, 10), formatFloat(perSecond(float64(total), elapsed)) + "/s"}},
		{label: "checks_succeeded", values: []string{ratioPercent(passes, total), outOf(passes, total)}},
		{label: "checks_failed", values: []string{ratioPercent(fails, total), outOf(fails, total)}},
	}
	return alignLines(lines, indent)
}

// checkList prints each check with its mark; a failing one adds its pass
// percentage and counts.
func (r compactRenderer) checkList(checks []*Check, indent string) string {
	var b strings.Builder
	for _, c := range checks {
		fmt.Fprintf(&b, "%s%s %s\n", indent, r.mark(c.Fails == 0), c.Name)
		if c.Fails > 0 {
			pct := c.Passes * 100 / (c.Passes + c.Fails)
			fmt.Fprintf(&b, "%s%s↳  %d%% — %s %d / %s %d\n", indent, nestIndent, pct, r.mark(true), c.Passes, r.mark(false), c.Fails)
		}
	}
	return b.String()
}

// categories prints one block per category with metrics, each metric
// followed by its sub-metrics; names and values align across the blocks.
func (r compactRenderer) categories(sec *section, indent string, network bool) []string {
	metrics := sec.metrics
	if network {
		metrics = withNetworkMetrics(metrics)
	}
	byCategory := map[string][]metricLine{}
	for _, name := range sortedNames(metrics) {
		parent, _, isSub := strings.Cut(name, "{")
		cat := category(parent, r.full)
		if cat == "" {
			continue
		}
		label := name
		if isSub && metrics[parent] != nil {
			label = nestIndent + subMetricLabel(name)
		}
		m := metrics[name]
		byCategory[cat] = append(byCategory[cat], metricLine{label: label, trend: m.Type == "trend", values: r.compactValues(m)})
	}
	var all []metricLine
	for _, cat := range categoryOrder {
		all = append(all, byCategory[cat]...)
	}
	layout := newColumnLayout(all)
	var blocks []string
	for _, cat := range categoryOrder {
		if lines := byCategory[cat]; len(lines) > 0 {
			blocks = append(blocks, indent+cat+"\n"+layout.render(lines, indent))
		}
	}
	return blocks
}

// withNetworkMetrics returns metrics with zero data_sent and
// data_received added where missing.
func withNetworkMetrics(metrics map[string]*SummaryMetric) map[string]*SummaryMetric {
	out := make(map[string]*SummaryMetric, len(metrics)+2)
	for k, v := range metrics {
		out[k] = v
	}
	for _, name := range []string{"data_received", "data_sent"} {
		if out[name] == nil {
			out[name] = &SummaryMetric{Type: "counter", Contains: "data", Values: map[string]float64{"count": 0, "rate": 0}}
		}
	}
	return out
}

// subMetricLabel prints "m{k:v,k2:v2}" as k6 does: "{ k:v, k2:v2 }".
func subMetricLabel(name string) string {
	_, sel, _ := strings.Cut(name, "{")
	return "{ " + strings.ReplaceAll(strings.TrimSuffix(sel, "}"), ",", ", ") + " }"
}

// compactValues prints a metric's value columns; rates read "66.66% 2 out
// of 3", everything else as in the legacy layout.
func (r compactRenderer) compactValues(m *SummaryMetric) []string {
	if m.Type != "rate" {
		return r.values(m)
	}
	passes, fails := int64(m.Values["passes"]), int64(m.Values["fails"])
	return []string{ratioPercent(passes, passes+fails), outOf(passes, passes+fails)}
}

// ratioPercent prints part/total as a percentage truncated, not rounded,
// to 2 decimals, as k6 does: 2 of 3 is "66.66%". No samples is "0.00%".
func ratioPercent(part, total int64) string {
	if total == 0 {
		return "0.00%"
	}
	hundredths := part * 10000 / total
	return fmt.Sprintf("%d.%02d%%", hundredths/100, hundredths%100)
}

// truncatedPercent is ratioPercent for a rate known only as a float; the
// nudge keeps 0.29 (stored as 0.28999...) at 29.00%.
func truncatedPercent(rate float64) string {
	return strconv.FormatFloat(math.Floor(rate*1e4+1e-6)/100, 'f', 2, 64) + "%"
}

func outOf(part, total int64) string {
	return fmt.Sprintf("%d out of %d", part, total)
}

// columnLayout aligns a section's metric lines: one name column wide
// enough for every label plus three dots, and value columns as wide as
// their widest entry, trends and other metrics apart.
type columnLayout struct {
	nameWidth         int
	trendCols, others []int
}

func newColumnLayout(lines []metricLine) columnLayout {
	l := columnLayout{trendCols: columnWidths(lines, true), others: columnWidths(lines, false)}
	for _, line := range lines {
		l.nameWidth = max(l.nameWidth, len([]rune(line.label)))
	}
	return l
}

func (l columnLayout) render(lines []metricLine, indent string) string {
	var b strings.Builder
	for _, line := range lines {
		cols := l.others
		if line.trend {
			cols = l.trendCols
		}
		dots := strings.Repeat(".", l.nameWidth-len([]rune(line.label))+minDotsWide)
		fmt.Fprintf(&b, "%s%s%s: %s\n", indent, line.label, dots, padColumns(line.values, cols))
	}
	return b.String()
}

// alignLines renders lines with a layout of their own.
func alignLines(lines []metricLine, indent string) string {
	return newColumnLayout(lines).render(lines, indent)
}
