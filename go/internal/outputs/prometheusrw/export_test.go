package prometheusrw

import "testing"

// What the external tests (run_test.go, which imports the runner, which
// imports this package through the outputs registry) use of the package's
// own tests.
var (
	BucketWidth   = bucketWidth
	RunnableQuery = runnableQuery
)

// DashboardQueries is the Grafana dashboard's queries by panel title.
func DashboardQueries(t *testing.T) map[string][]string { return loadDashboard(t).panelQueries() }
