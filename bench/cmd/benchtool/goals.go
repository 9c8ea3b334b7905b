package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// goalsTable lists every goal of issue 6 with the ratio or value measured
// in this run.
func goalsTable(rows []Row, extras []Extra) string {
	var b bytes.Buffer
	b.WriteString("### Goals\n\n| what | goal | measured | met |\n|---|---|---|---|\n")
	for _, r := range rows {
		if r.GoalMet == "" {
			continue
		}
		measured := "throughput " + ratio(r.Ratio.Rate)
		if strings.Contains(r.Goal, "p50") {
			measured += ", p50 " + ratio(r.Ratio.P50) + "×"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", r.Title, describeGoal(r.Goal), measured, goalMet(r.GoalMet))
	}
	for _, e := range extras {
		if e.Goal == "" || e.Goal == "-" {
			continue
		}
		met := "–"
		if ok, known := extraMeetsGoal(e); known {
			met = goalMet(map[bool]string{true: "yes", false: "no"}[ok])
		}
		fmt.Fprintf(&b, "| %s | %s | %s %s | %s |\n", e.Name, e.Goal, e.Value, e.Unit, met)
	}
	b.WriteString("\n")
	return b.String()
}

// describeGoal spells "rate>=0.8,p50<=1.25" as a reader would.
func describeGoal(goal string) string {
	r := strings.NewReplacer("rate", "throughput ratio ", "p50", "p50 ratio ", "p99", "p99 ratio ", ">=", "≥ ", "<=", "≤ ", ",", ", ")
	return r.Replace(goal)
}

// extraMeetsGoal compares an extra's value with a goal such as "<= 2 MiB"
// or "< 5 s"; known is false when the value is not a number.
func extraMeetsGoal(e Extra) (ok, known bool) {
	v, err := strconv.ParseFloat(e.Value, 64)
	if err != nil {
		return false, false
	}
	fields := strings.Fields(e.Goal)
	if len(fields) < 2 {
		return false, false
	}
	limit, err := strconv.ParseFloat(fields[1], 64)
	if err != nil {
		return false, false
	}
	switch fields[0] {
	case "<=":
		return v <= limit, true
	case "<":
		return v < limit, true
	case ">=":
		return v >= limit, true
	case ">":
		return v > limit, true
	}
	return false, false
}
