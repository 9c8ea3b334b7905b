package main

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// Chart geometry in SVG user units.
const (
	chartLabelWidth = 310
	chartBarArea    = 420
	chartRowHeight  = 26
	chartTop        = 44
	chartRight      = 70
)

// ratioChart draws one horizontal bar per scenario: its throughput ratio
// natsk6 / nats bench, a dashed line at parity and a tick at the goal.
func ratioChart(rows []Row) []byte {
	scale := 1.2
	for _, r := range rows {
		if !math.IsNaN(r.Ratio.Rate) {
			scale = math.Max(scale, r.Ratio.Rate*1.05)
		}
	}
	x := func(v float64) float64 { return chartLabelWidth + v/scale*chartBarArea }
	width := chartLabelWidth + chartBarArea + chartRight
	height := chartTop + len(rows)*chartRowHeight + 30

	var b bytes.Buffer
	svgStart(&b, width, height, "Throughput ratio natsk6 / nats bench (median of A/B pairs)",
		"green: goal met, red: goal missed, grey: no goal; black tick: goal; dashed: parity")
	for i, r := range rows {
		y := float64(chartTop + i*chartRowHeight)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", chartLabelWidth-8, y+16, escape(r.Title))
		if math.IsNaN(r.Ratio.Rate) {
			fmt.Fprintf(&b, `<text x="%d" y="%.1f" fill="#a00">no result</text>`+"\n", chartLabelWidth+4, y+16)
			continue
		}
		color := map[string]string{"yes": "#3a9d5d", "no": "#d0453b"}[r.GoalMet]
		if color == "" {
			color = "#9aa3ad"
		}
		fmt.Fprintf(&b, `<rect x="%d" y="%.1f" width="%.1f" height="18" fill="%s"/>`+"\n", chartLabelWidth, y+3, x(r.Ratio.Rate)-chartLabelWidth, color)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", x(r.Ratio.Rate)+4, y+16, strconv.FormatFloat(r.Ratio.Rate, 'f', 2, 64))
		if g, ok := rateGoal(r.Goal); ok {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="black" stroke-width="2"/>`+"\n", x(g), x(g), y, y+24)
		}
	}
	bottom := float64(chartTop + len(rows)*chartRowHeight)
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%.1f" stroke="#333" stroke-dasharray="4 3"/>`+"\n", x(1), x(1), chartTop, bottom)
	for v := 0.0; v <= scale+1e-9; v += axisStep(scale) {
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="#555">%s</text>`+"\n", x(v), bottom+16, strconv.FormatFloat(v, 'f', -1, 64))
	}
	b.WriteString("</svg>\n")
	return b.Bytes()
}

// svgStart opens a chart: a white canvas with a title and a legend line.
func svgStart(b *bytes.Buffer, width, height int, title, legend string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(b, `<text x="10" y="20" font-size="14" font-weight="bold">%s</text>`+"\n", escape(title))
	fmt.Fprintf(b, `<text x="10" y="36" fill="#555">%s</text>`+"\n", escape(legend))
}

func escape(s string) string { return html.EscapeString(s) }

func axisStep(scale float64) float64 {
	switch {
	case scale <= 1.5:
		return 0.25
	case scale <= 3:
		return 0.5
	default:
		return math.Ceil(scale / 6)
	}
}

// rateGoal returns the throughput ratio a goal asks for, if it names one.
func rateGoal(goal string) (float64, bool) {
	for _, term := range strings.Split(goal, ",") {
		if v, found := strings.CutPrefix(strings.TrimSpace(term), "rate>="); found {
			g, err := strconv.ParseFloat(v, 64)
			return g, err == nil
		}
	}
	return 0, false
}
