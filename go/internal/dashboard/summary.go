package dashboard

import (
	"slices"
	"strings"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// reportSummary is the end-of-test summary as the page's tables show it.
type reportSummary struct {
	DurationMs float64                `json:"durationMs"`
	Thresholds []metrics.ThresholdRow `json:"thresholds"`
	Checks     []checkRow             `json:"checks"`
	Metrics    []summaryMetric        `json:"metrics"`
}

type checkRow struct {
	Group  string `json:"group"` // the group path, "" for the root group
	Name   string `json:"name"`
	Passes int64  `json:"passes"`
	Fails  int64  `json:"fails"`
}

type summaryMetric struct {
	Name     string             `json:"name"`
	Type     string             `json:"type"`
	Contains string             `json:"contains"`
	Values   map[string]float64 `json:"values"`
}

// toReportSummary copies what the tables show out of the run's summary,
// metrics sorted by name (sub-metrics right after their metric).
func toReportSummary(s *metrics.Summary) *reportSummary {
	r := &reportSummary{DurationMs: s.State.TestRunDurationMs, Thresholds: s.ThresholdRows()}
	for name, m := range s.Metrics {
		r.Metrics = append(r.Metrics, summaryMetric{Name: name, Type: m.Type, Contains: m.Contains, Values: m.Values})
	}
	slices.SortFunc(r.Metrics, func(a, b summaryMetric) int { return strings.Compare(a.Name, b.Name) })
	var walk func(g *metrics.Group)
	walk = func(g *metrics.Group) {
		for _, c := range g.Checks {
			r.Checks = append(r.Checks, checkRow{Group: g.Path, Name: c.Name, Passes: c.Passes, Fails: c.Fails})
		}
		for _, sub := range g.Groups {
			walk(sub)
		}
	}
	if s.RootGroup != nil {
		walk(s.RootGroup)
	}
	return r
}
