package opentelemetry

// KnownSamples lends the external tests (package opentelemetry_test,
// which owns the OTLP receiver) the batch with known totals.
var KnownSamples = knownSamples
