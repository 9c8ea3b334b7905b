package prometheusrw

import "testing"

// Names the external tests (package prometheusrw_test, which drive real
// runs through go/internal/runner: runner imports outputs, which imports
// this package) use from inside it.
var (
	BucketWidth   = bucketWidth
	RunnableQuery = runnableQuery
)

// DashboardPanelQueries is the committed Grafana dashboard's PromQL per panel title.
func DashboardPanelQueries(t *testing.T) map[string][]string { return loadDashboard(t).panelQueries() }
