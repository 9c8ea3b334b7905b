// Package outputs is the one place that knows natsk6's outputs: it maps
// the name of each --out (or K6_OUT) entry to the output's constructor,
// reads which outputs a run asks for, and opens them.
package outputs

import (
	"maps"
	"slices"
	"strings"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// Params is what an output's constructor gets.
type Params struct {
	// Arg is the text after the first "=" of --out NAME=ARG; "" for none.
	Arg string
	// Env is the process environment, where outputs read their K6_*
	// options (as in k6: -e only sets __ENV).
	Env map[string]string
	// Thresholds gives the run's thresholds; they are known once the
	// script's options are read, so call it no earlier than the first
	// samples.
	Thresholds func() []*metrics.Threshold
}

type constructor func(Params) (metrics.Output, error)

// constructors is the table of outputs, by the name --out gives them.
// The summary reaches an output that has a ReportSummary method (see
// runner's summaryReceiver) before its Stop.
var constructors = map[string]constructor{
	"csv":                        newCSV,
	"json":                       newJSON,
	"web-dashboard":              newWebDashboard,
	"experimental-prometheus-rw": newPrometheusRW,
	"opentelemetry":              newOpenTelemetry,
	// A new output is one line here.
}

// Names lists the known outputs, sorted, for help and errors.
func Names() []string {
	return slices.Sorted(slices.Values(append(slices.Collect(maps.Keys(constructors)), resultOutput)))
}

// knownNames is Names as error text.
func knownNames() string { return strings.Join(Names(), ", ") }
