package metrics

import "encoding/json"

// ExportJSON renders the summary in k6's --summary-export format: flat
// values per metric, rates as passes/fails/value, thresholds as
// {expression: failed}, and the root group with checks keyed by name.
func ExportJSON(s *Summary) ([]byte, error) {
	out := struct {
		RootGroup exportGroup                       `json:"root_group"`
		Metrics   map[string]map[string]interface{} `json:"metrics"`
	}{Metrics: map[string]map[string]interface{}{}}
	if s.RootGroup != nil {
		out.RootGroup = toExportGroup(s.RootGroup)
	}
	for name, m := range s.Metrics {
		flat := map[string]interface{}{}
		for k, v := range m.Values {
			flat[k] = v
		}
		if m.Type == "rate" {
			flat["value"] = m.Values["rate"]
			delete(flat, "rate")
		}
		if len(m.Thresholds) > 0 {
			failed := map[string]bool{}
			for expr, t := range m.Thresholds {
				failed[expr] = !t.OK
			}
			flat["thresholds"] = failed
		}
		out.Metrics[name] = flat
	}
	return json.MarshalIndent(out, "", "    ")
}

type exportGroup struct {
	Name   string                 `json:"name"`
	Path   string                 `json:"path"`
	ID     string                 `json:"id"`
	Groups map[string]exportGroup `json:"groups"`
	Checks map[string]*Check      `json:"checks"`
}

func toExportGroup(g *Group) exportGroup {
	e := exportGroup{Name: g.Name, Path: g.Path, ID: g.ID, Groups: map[string]exportGroup{}, Checks: map[string]*Check{}}
	for _, sub := range g.Groups {
		e.Groups[sub.Name] = toExportGroup(sub)
	}
	for _, c := range g.Checks {
		e.Checks[c.Name] = c
	}
	return e
}
