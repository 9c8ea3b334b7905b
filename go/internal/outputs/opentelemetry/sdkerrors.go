package opentelemetry

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel"
)

// The SDK reports errors outside an export (a collection cut short, say)
// to OpenTelemetry's global error handler, which by default prints each
// with the standard logger, in the middle of the run's output. natsk6
// routes them to the newest output instead, which reports them once at
// Stop with its failed exports.
var (
	sdkErrorsTo    atomic.Pointer[recordingExporter]
	installHandler sync.Once
)

func routeSDKErrors(to *recordingExporter) {
	sdkErrorsTo.Store(to)
	installHandler.Do(func() {
		otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
			// The reader's own shutdown cancels a collection under way:
			// nothing is lost, the shutdown collects once more.
			if errors.Is(err, context.Canceled) {
				return
			}
			if e := sdkErrorsTo.Load(); e != nil {
				e.noteSDKError(err)
			}
		}))
	})
}
