package prometheusrw

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/prometheus/prometheus/model/labels"
	"github.com/prometheus/prometheus/promql/parser"
)

// dashboardFile is grafana/natsk6-dashboard.json, from this package's
// directory (tests run there).
var dashboardFile = filepath.Join("..", "..", "..", "..", "grafana", "natsk6-dashboard.json")

// The dashboard's JSON, decoded strictly: a field this test does not know
// is an error, so a typo cannot hide a panel setting.
type grafanaDashboard struct {
	Title         string                    `json:"title"`
	UID           string                    `json:"uid"`
	Description   string                    `json:"description"`
	Tags          []string                  `json:"tags"`
	Editable      bool                      `json:"editable"`
	GraphTooltip  int                       `json:"graphTooltip"`
	ID            *int                      `json:"id"`
	Links         []any                     `json:"links"`
	Refresh       string                    `json:"refresh"`
	SchemaVersion int                       `json:"schemaVersion"`
	Version       int                       `json:"version"`
	Time          struct{ From, To string } `json:"time"`
	Timepicker    struct{}                  `json:"timepicker"`
	Timezone      string                    `json:"timezone"`
	Annotations   struct {
		List []any `json:"list"`
	} `json:"annotations"`
	Templating struct {
		List []grafanaVariable `json:"list"`
	} `json:"templating"`
	Panels []grafanaPanel `json:"panels"`
}

type grafanaVariable struct {
	Type       string          `json:"type"`
	Name       string          `json:"name"`
	Label      string          `json:"label"`
	Datasource *grafanaDSRef   `json:"datasource"`
	Query      string          `json:"query"`
	Definition string          `json:"definition"`
	IncludeAll bool            `json:"includeAll"`
	AllValue   string          `json:"allValue"`
	Multi      bool            `json:"multi"`
	Refresh    int             `json:"refresh"`
	Sort       int             `json:"sort"`
	Hide       int             `json:"hide"`
	Current    json.RawMessage `json:"current"`
	Options    []any           `json:"options"`
	Regex      string          `json:"regex"`
}

type grafanaDSRef struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

type grafanaPanel struct {
	ID          int                      `json:"id"`
	Type        string                   `json:"type"`
	Title       string                   `json:"title"`
	Description string                   `json:"description"`
	Collapsed   bool                     `json:"collapsed"`
	GridPos     struct{ H, W, X, Y int } `json:"gridPos"`
	Datasource  *grafanaDSRef            `json:"datasource"`
	FieldConfig *struct {
		Defaults struct {
			Unit string `json:"unit"`
		} `json:"defaults"`
		Overrides []any `json:"overrides"`
	} `json:"fieldConfig"`
	Options map[string]any `json:"options"`
	Targets []struct {
		RefID        string       `json:"refId"`
		Datasource   grafanaDSRef `json:"datasource"`
		Expr         string       `json:"expr"`
		LegendFormat string       `json:"legendFormat"`
	} `json:"targets"`
	Panels []grafanaPanel `json:"panels"`
}

// writtenNames is every series name this output writes for natsk6's
// metrics with native histograms on (the mode the dashboard is for), and
// whether each is a histogram.
func writtenNames() map[string]bool {
	r := metrics.NewRegistry()
	metrics.RegisterBuiltin(r)
	natsmod.RegisterMetrics(r)
	natsmod.RegisterAccountingMetrics(r)
	natsmod.RegisterJSMetrics(r)
	names := map[string]bool{}
	for _, m := range r.Metrics() {
		names[seriesName(m, true)] = m.Type == metrics.Trend
	}
	return names
}

// grafanaVars stand in for Grafana's interval variables so the PromQL
// parses; the others sit inside label matcher strings.
var grafanaVars = strings.NewReplacer("$__rate_interval", "1m", "$__range", "1h", "$__interval", "1m")

var labelValuesQuery = regexp.MustCompile(`^label_values\((.+),\s*([a-zA-Z_]\w*)\)$`)

// loadDashboard decodes the dashboard strictly.
func loadDashboard(t *testing.T) *grafanaDashboard {
	t.Helper()
	raw, err := os.ReadFile(dashboardFile)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var d grafanaDashboard
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("%s: %v", dashboardFile, err)
	}
	if dec.More() {
		t.Fatalf("%s: data after the dashboard object", dashboardFile)
	}
	return &d
}

// panelQueries is every panel's queries, by panel title.
func (d *grafanaDashboard) panelQueries() map[string][]string {
	out := map[string][]string{}
	var walk func([]grafanaPanel)
	walk = func(panels []grafanaPanel) {
		for _, p := range panels {
			for _, target := range p.Targets {
				out[p.Title] = append(out[p.Title], target.Expr)
			}
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	return out
}

// runnableQuery is a panel query as Grafana would send it with every
// variable at All and short windows that fit a test run.
func runnableQuery(expr string) string {
	return strings.NewReplacer("$__rate_interval", "10s", "$__range", "5m", "$__interval", "10s",
		"$testid", ".*", "$instance", ".*", "$scenario", ".*").Replace(expr)
}

func TestGrafanaDashboard(t *testing.T) {
	d := loadDashboard(t)
	if d.UID == "" || d.Title == "" || d.ID != nil {
		t.Errorf("the dashboard needs a uid and title, and no id (Grafana assigns it on import): %q %q %v", d.UID, d.Title, d.ID)
	}

	written, p := writtenNames(), parser.NewParser(parser.Options{})
	used := map[string]bool{}
	// checkNames fails for a selector naming a series the output does not
	// write, or a histogram outside a histogram_* function.
	checkNames := func(where, expr string) {
		e, err := p.ParseExpr(grafanaVars.Replace(expr))
		if err != nil {
			t.Errorf("%s: %q is not PromQL: %v", where, expr, err)
			return
		}
		selectors := 0
		parser.Inspect(e, func(n parser.Node, path []parser.Node) error {
			vs, ok := n.(*parser.VectorSelector)
			if !ok {
				return nil
			}
			selectors++
			name := selectorName(vs.LabelMatchers)
			histogram, known := written[name]
			if !known {
				t.Errorf("%s: %q names %q, which natsk6 does not write", where, expr, name)
			}
			if histogram && !insideHistogramFunc(path) {
				t.Errorf("%s: %q uses the native histogram %s outside histogram_*()", where, expr, name)
			}
			used[name] = true
			return nil
		})
		if selectors == 0 {
			t.Errorf("%s: %q selects no series", where, expr)
		}
	}

	for _, v := range d.Templating.List {
		if v.Type != "query" {
			continue
		}
		m := labelValuesQuery.FindStringSubmatch(v.Query)
		if m == nil {
			t.Errorf("variable %s: %q is not label_values(selector, label)", v.Name, v.Query)
			continue
		}
		checkNames("variable "+v.Name, m[1])
		if v.IncludeAll && v.AllValue != ".*" {
			t.Errorf("variable %s: All must be .*, which also matches series without the label", v.Name)
		}
	}

	ids := map[int]bool{}
	var walk func([]grafanaPanel)
	walk = func(panels []grafanaPanel) {
		for _, panel := range panels {
			where := "panel " + panel.Title
			if ids[panel.ID] {
				t.Errorf("%s: id %d is taken", where, panel.ID)
			}
			ids[panel.ID] = true
			if panel.GridPos.X+panel.GridPos.W > 24 || panel.GridPos.W <= 0 || panel.GridPos.H <= 0 {
				t.Errorf("%s: gridPos %+v leaves Grafana's 24 columns", where, panel.GridPos)
			}
			walk(panel.Panels)
			if panel.Type == "row" {
				continue
			}
			if panel.Title == "" || panel.Datasource == nil || panel.Datasource.UID != "${datasource}" || len(panel.Targets) == 0 {
				t.Errorf("%s: needs a title, the ${datasource} variable and queries", where)
			}
			refs := map[string]bool{}
			for _, target := range panel.Targets {
				if refs[target.RefID] {
					t.Errorf("%s: refId %s twice", where, target.RefID)
				}
				refs[target.RefID] = true
				checkNames(where, target.Expr)
			}
		}
	}
	walk(d.Panels)

	// What the issue asks the dashboard to show.
	for _, name := range []string{
		"k6_nats_msgs_published_total", "k6_nats_msgs_received_total",
		"k6_nats_request_duration_seconds", "k6_nats_js_publish_duration_seconds", "k6_nats_e2e_latency_seconds",
		"k6_nats_publish_errors_total", "k6_nats_request_timeouts_total", "k6_vus", "k6_nats_js_consumer_pending",
	} {
		if !used[name] {
			t.Errorf("no panel shows %s", name)
		}
	}
}

// selectorName is the metric name a selector's matchers fix.
func selectorName(matchers []*labels.Matcher) string {
	for _, m := range matchers {
		if m.Name == nameLabel && m.Type == labels.MatchEqual {
			return m.Value
		}
	}
	return ""
}

func insideHistogramFunc(path []parser.Node) bool {
	for _, n := range path {
		if call, ok := n.(*parser.Call); ok && strings.HasPrefix(call.Func.Name, "histogram_") {
			return true
		}
	}
	return false
}
