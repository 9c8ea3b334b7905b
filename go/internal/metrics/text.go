package metrics

import (
	"fmt"
	"sort"
	"strings"
)

// TextOptions tunes RenderText.
type TextOptions struct {
	NoColor bool   // no ANSI colors on the pass/fail marks
	Mode    string // ModeCompact (also ""), ModeFull or ModeLegacy
}

const (
	textIndent  = "     "
	markPass    = "✓"
	markFail    = "✗"
	colorGreen  = "\x1b[32m"
	colorRed    = "\x1b[31m"
	colorReset  = "\x1b[0m"
	minDotsWide = 3
)

// RenderText renders the end-of-test summary in the layout of opts.Mode.
// Full mode needs a summary built with SummaryMeta.Sections.
func RenderText(s *Summary, opts TextOptions) string {
	switch opts.Mode {
	case ModeLegacy:
		return renderLegacy(s, opts)
	case ModeFull:
		return renderCompact(s, opts, true)
	}
	return renderCompact(s, opts, false)
}

// renderLegacy renders k6's pre-1.0 layout: checks per group, then every
// metric sorted by name with its values, thresholds marked beside their
// metric.
func renderLegacy(s *Summary, opts TextOptions) string {
	r := textRenderer{s: s, opts: opts}
	var b strings.Builder
	b.WriteByte('\n')
	if s.RootGroup != nil {
		r.group(&b, s.RootGroup, textIndent)
	}
	r.metrics(&b)
	return b.String()
}

type textRenderer struct {
	s    *Summary
	opts TextOptions
}

func (r textRenderer) mark(ok bool) string {
	m, color := markPass, colorGreen
	if !ok {
		m, color = markFail, colorRed
	}
	if r.opts.NoColor {
		return m
	}
	return color + m + colorReset
}

func (r textRenderer) group(b *strings.Builder, g *Group, indent string) {
	for _, c := range g.Checks {
		fmt.Fprintf(b, "%s%s %s\n", indent, r.mark(c.Fails == 0), c.Name)
		if c.Fails > 0 {
			pct := c.Passes * 100 / (c.Passes + c.Fails)
			fmt.Fprintf(b, "%s ↳  %d%% — %s %d / %s %d\n", indent, pct, r.mark(true), c.Passes, r.mark(false), c.Fails)
		}
	}
	if len(g.Checks) > 0 {
		b.WriteByte('\n')
	}
	for _, sub := range g.Groups {
		fmt.Fprintf(b, "%s█ %s\n\n", indent, sub.Name)
		r.group(b, sub, indent+"  ")
	}
}

// metricLine is one metric's printed name and value columns.
type metricLine struct {
	label  string
	mark   string // "" without thresholds
	trend  bool
	values []string
}

func (r textRenderer) metrics(b *strings.Builder) {
	var lines []metricLine
	width := 0
	for _, name := range sortedNames(r.s.Metrics) {
		m := r.s.Metrics[name]
		label := name
		if parent, sel, ok := strings.Cut(name, "{"); ok && r.s.Metrics[parent] != nil {
			label = "  { " + strings.ReplaceAll(strings.TrimSuffix(sel, "}"), ",", ", ") + " }"
		}
		line := metricLine{label: label, trend: m.Type == "trend", values: r.values(m)}
		if len(m.Thresholds) > 0 {
			ok := true
			for _, t := range m.Thresholds {
				ok = ok && t.OK
			}
			line.mark = r.mark(ok)
		}
		width = max(width, len([]rune(label)))
		lines = append(lines, line)
	}
	trendCols, otherCols := columnWidths(lines, true), columnWidths(lines, false)
	for _, l := range lines {
		prefix := textIndent
		if l.mark != "" {
			prefix = textIndent[:len(textIndent)-2] + l.mark + " "
		}
		cols := otherCols
		if l.trend {
			cols = trendCols
		}
		dots := strings.Repeat(".", width-len([]rune(l.label))+minDotsWide)
		fmt.Fprintf(b, "%s%s%s: %s\n", prefix, l.label, dots, padColumns(l.values, cols))
	}
}

func columnWidths(lines []metricLine, trend bool) []int {
	var widths []int
	for _, l := range lines {
		if l.trend != trend {
			continue
		}
		for i, v := range l.values {
			if i == len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], len([]rune(v)))
		}
	}
	return widths
}

func padColumns(values []string, widths []int) string {
	var b strings.Builder
	for i, v := range values {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(v)
		if i < len(values)-1 {
			b.WriteString(strings.Repeat(" ", widths[i]-len([]rune(v))))
		}
	}
	return b.String()
}

// values prints a metric's value columns by type.
func (r textRenderer) values(m *SummaryMetric) []string {
	unit := r.s.Options.SummaryTimeUnit
	v := m.Values
	switch m.Type {
	case "counter":
		rate := formatFloat(v["rate"]) + "/s"
		if m.Contains == "data" {
			rate = formatBytes(v["rate"]) + "/s"
		}
		return []string{formatValue(v["count"], m.Contains, unit), rate}
	case "gauge":
		return []string{formatValue(v["value"], m.Contains, unit),
			"min=" + formatValue(v["min"], m.Contains, unit), "max=" + formatValue(v["max"], m.Contains, unit)}
	case "rate":
		return []string{fmt.Sprintf("%.2f%%", v["rate"]*100),
			fmt.Sprintf("%s %s", r.mark(true), formatFloat(v["passes"])),
			fmt.Sprintf("%s %s", r.mark(false), formatFloat(v["fails"]))}
	}
	stats := r.s.Options.SummaryTrendStats
	if len(stats) == 0 {
		stats = trendStatNames(v)
	}
	out := make([]string, 0, len(stats))
	for _, name := range stats {
		if x, ok := v[name]; ok {
			if name == "count" {
				out = append(out, name+"="+formatFloat(x))
				continue
			}
			out = append(out, name+"="+formatValue(x, m.Contains, unit))
		}
	}
	return out
}

func trendStatNames(values map[string]float64) []string {
	names := make([]string, 0, len(values))
	for k := range values {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
