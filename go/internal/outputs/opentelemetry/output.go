package opentelemetry

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/exemplar"
	"go.opentelemetry.io/otel/sdk/resource"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// closeGrace is what Stop allows past one export's timeout for the
// exporter's connection to close.
const closeGrace = 2 * time.Second

// output is --out opentelemetry. AddSeries only queues a batch; every
// K6_OTEL_FLUSH_INTERVAL a flusher goroutine records the queued series
// stats on the SDK's instruments, which aggregate them in memory (memory grows
// with series, not samples), and the SDK's periodic reader exports the
// totals every K6_OTEL_EXPORT_INTERVAL on its own goroutine, so a slow
// endpoint never holds up AddSeries.
type output struct {
	cfg      *config
	exporter *recordingExporter
	provider *sdkmetric.MeterProvider
	recorder *recorder // the flusher's, then Stop's once the flusher ended

	mu      sync.Mutex
	pending [][]metrics.SeriesStats

	stop, done chan struct{}
}

// New returns the output for --out opentelemetry[=arg], configured by
// env's K6_OTEL_* variables. It exports until Stop.
func New(arg string, env map[string]string) (metrics.SeriesOutput, error) {
	if arg != "" {
		return nil, errors.New("takes no argument after '=': set its options with " + envPrefix + "* variables")
	}
	cfg, err := parseConfig(env)
	if err != nil {
		return nil, err
	}
	return newOutput(cfg)
}

func newOutput(cfg *config) (*output, error) {
	ctx := context.Background()
	exp, err := newExporter(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s exporter: %w", cfg.exporterType, err)
	}
	// Later detectors win: OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME
	// add to the resource, the K6_OTEL_SERVICE_* options (or k6's
	// defaults for them) take precedence, as k6 documents.
	res, err := resource.New(ctx, resource.WithTelemetrySDK(), resource.WithFromEnv(),
		resource.WithAttributes(semconv.ServiceName(cfg.serviceName), semconv.ServiceVersion(cfg.serviceVersion)))
	if err != nil {
		return nil, fmt.Errorf("resource: %w", err)
	}
	recording := &recordingExporter{Exporter: exp, secrets: slices.Collect(maps.Values(cfg.headers))}
	routeSDKErrors(recording)
	provider := sdkmetric.NewMeterProvider(
		sdkmetric.WithResource(res),
		// Exemplars point at trace spans, which a natsk6 run has none of;
		// looking for them costs every measurement.
		sdkmetric.WithExemplarFilter(exemplar.AlwaysOffFilter),
		sdkmetric.WithReader(sdkmetric.NewPeriodicReader(recording,
			sdkmetric.WithInterval(cfg.exportInterval), sdkmetric.WithTimeout(cfg.exportTimeout))),
	)
	o := &output{
		cfg:      cfg,
		exporter: recording,
		provider: provider,
		recorder: newRecorder(provider.Meter("natsk6"), cfg),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	go o.flushEvery(cfg.flushInterval)
	return o, nil
}

// Description names the exporter and endpoint, never a header.
func (o *output) Description() string {
	return "opentelemetry (" + o.cfg.exporterType + " " + o.cfg.endpoint + o.cfg.urlPath + ")"
}

func (o *output) AddSeries(batch []metrics.SeriesStats) {
	o.mu.Lock()
	o.pending = append(o.pending, batch)
	o.mu.Unlock()
}

func (o *output) flushEvery(interval time.Duration) {
	defer close(o.done)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			o.flush()
		case <-o.stop:
			o.flush()
			return
		}
	}
}

// flush records the queued series stats on the instruments.
func (o *output) flush() {
	o.mu.Lock()
	batches := o.pending
	o.pending = nil
	o.mu.Unlock()
	o.recorder.record(context.Background(), batches)
}

// Stop records what is queued, exports the final totals and shuts the
// exporter down, within one export's timeout and closeGrace, then
// reports failed exports.
func (o *output) Stop() error {
	close(o.stop)
	<-o.done
	ctx, cancel := context.WithTimeout(context.Background(), o.cfg.exportTimeout+closeGrace)
	defer cancel()
	errs := slices.Clone(o.recorder.errs)
	if err := o.provider.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("shut down: %s", redact(err.Error(), o.exporter.secrets)))
	}
	if err := o.exporter.failed(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
