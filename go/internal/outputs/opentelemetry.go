package outputs

import (
	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/outputs/opentelemetry"
)

// newOpenTelemetry is --out opentelemetry: OTLP over gRPC or HTTP,
// configured by K6_OTEL_* variables (package opentelemetry).
func newOpenTelemetry(p Params) (metrics.Output, error) {
	return opentelemetry.New(p.Arg, p.Env)
}
