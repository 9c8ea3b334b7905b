package outputs

import (
	"github.com/pondigo/natsk6/go/internal/dashboard"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// newWebDashboard is --out web-dashboard[=ARG] (or K6_WEB_DASHBOARD=true):
// the live page and HTML report of package dashboard.
func newWebDashboard(p Params) (metrics.Output, error) {
	return dashboard.FromOutSpec(p.Arg, p.Env)
}
