package outputs

import (
	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/outputs/prometheusrw"
)

// newPrometheusRW is --out experimental-prometheus-rw: Prometheus remote
// write, configured by K6_PROMETHEUS_RW_* variables (package prometheusrw).
func newPrometheusRW(p Params) (metrics.Output, error) {
	return prometheusrw.New(p.Arg, p.Env)
}
