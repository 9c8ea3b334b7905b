package opentelemetry

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"google.golang.org/grpc/credentials"
)

// newExporter is the SDK's OTLP exporter that cfg asks for. Retries are
// off: values are cumulative, so the next export carries what a failed
// one lost, and a retrying export would hold Stop up.
func newExporter(ctx context.Context, cfg *config) (sdkmetric.Exporter, error) {
	if cfg.exporterType == exporterHTTP {
		opts := []otlpmetrichttp.Option{
			otlpmetrichttp.WithTimeout(cfg.exportTimeout),
			otlpmetrichttp.WithRetry(otlpmetrichttp.RetryConfig{Enabled: false}),
		}
		if cfg.endpointSet {
			opts = append(opts, otlpmetrichttp.WithEndpoint(cfg.endpoint))
		}
		if cfg.urlPath != "" {
			opts = append(opts, otlpmetrichttp.WithURLPath(cfg.urlPath))
		}
		if cfg.insecure {
			opts = append(opts, otlpmetrichttp.WithInsecure())
		} else if cfg.tls != nil {
			opts = append(opts, otlpmetrichttp.WithTLSClientConfig(cfg.tls))
		}
		if len(cfg.headers) > 0 {
			opts = append(opts, otlpmetrichttp.WithHeaders(cfg.headers))
		}
		return otlpmetrichttp.New(ctx, opts...)
	}
	opts := []otlpmetricgrpc.Option{
		otlpmetricgrpc.WithTimeout(cfg.exportTimeout),
		otlpmetricgrpc.WithRetry(otlpmetricgrpc.RetryConfig{Enabled: false}),
	}
	if cfg.endpointSet {
		opts = append(opts, otlpmetricgrpc.WithEndpoint(cfg.endpoint))
	}
	if cfg.insecure {
		opts = append(opts, otlpmetricgrpc.WithInsecure())
	} else if cfg.tls != nil {
		opts = append(opts, otlpmetricgrpc.WithTLSCredentials(credentials.NewTLS(cfg.tls)))
	}
	if len(cfg.headers) > 0 {
		opts = append(opts, otlpmetricgrpc.WithHeaders(cfg.headers))
	}
	return otlpmetricgrpc.New(ctx, opts...)
}

// recordingExporter counts exports and keeps the last failure instead of
// returning it: the SDK's reader hands a failed export to OpenTelemetry's
// global error handler, which logs every one on stderr, while natsk6
// reports a dead endpoint once, when the output stops.
type recordingExporter struct {
	sdkmetric.Exporter
	secrets []string // header values, kept out of the error text

	mu                sync.Mutex
	exports, failures int
	lastErr           error
	sdkErrors         int   // reported by the SDK outside Export
	lastSDKErr        error // the newest of them
}

func (e *recordingExporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	err := e.Exporter.Export(ctx, rm)
	if err != nil && errors.Is(ctx.Err(), context.Canceled) {
		// The reader's shutdown cut this export short; the shutdown
		// exports the same totals once more, so nothing failed.
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.exports++
	if err != nil {
		e.failures++
		e.lastErr = err
	}
	return nil
}

func (e *recordingExporter) noteSDKError(err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.sdkErrors++
	e.lastSDKErr = err
}

// failed reports the failed exports and the SDK's errors, or nil when
// there were none.
func (e *recordingExporter) failed() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var errs []error
	if e.failures > 0 {
		errs = append(errs, fmt.Errorf("%d of %d exports failed (each lost one point in time, not counts), the last: %s",
			e.failures, e.exports, redact(e.lastErr.Error(), e.secrets)))
	}
	if e.sdkErrors > 0 {
		errs = append(errs, fmt.Errorf("the OpenTelemetry SDK reported %d errors, the last: %s",
			e.sdkErrors, redact(e.lastSDKErr.Error(), e.secrets)))
	}
	return errors.Join(errs...)
}

// redact blanks every secret in msg: an endpoint may echo a header (an
// API key) in its answer, which the exporter's error repeats. Values
// under 4 characters are no secret worth mangling the message for.
func redact(msg string, secrets []string) string {
	for _, s := range secrets {
		if len(s) >= 4 {
			msg = strings.ReplaceAll(msg, s, "[redacted]")
		}
	}
	return msg
}
