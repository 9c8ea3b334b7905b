// Package runner runs a k6-style test: one sobek runtime per VU with the
// k6 modules and the NATS module, the test lifecycle (init, setup, the
// scenarios, teardown, summary) and k6's exit codes.
package runner

import (
	"io"
	"time"

	"github.com/pondigo/natsk6/go/internal/config"
	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/outputs"
)

// Config is what the CLI passes to Run.
type Config struct {
	ScriptPath    string
	Env           map[string]string // __ENV: the process env (unless --include-system-env-vars=false) overlaid by -e
	Options       config.Layers     // option layers besides the script's: config file, K6_* variables, flags
	ConfigFile    string            // the config file read, "" if none (for -v)
	SummaryExport string            // --summary-export path, "" if none
	Out           outputs.Plan      // --out / K6_OUT, opened when the run starts
	JSONOut       string            // shorthand for an Out entry json=PATH (tests use it), "" if none
	Outputs       []metrics.Output  // outputs made by the caller (tests' recorders)
	Quiet         bool              // no progress (nor banner), as k6's -q; the summary still prints
	SummaryMode   string            // compact ("" too), full, legacy or disabled (--no-summary)
	NoThresholds  bool              // thresholds are neither evaluated nor shown
	NoColor       bool              // no ANSI colors even on a terminal
	// Verbose turns on debug logs (k6's -v), console.debug among them.
	Verbose bool
	// ConsoleOutput is a file for the script's console.* output; "" keeps
	// it with the other logs.
	ConsoleOutput string
	LogOutput     config.LogOutput // stderr (zero value too), stdout, none or file
	LogFormat     string           // text ("" too), json or raw
	// ProgressEvery is how often progress is printed when stderr is not
	// a terminal; 0 means progress.PlainEvery.
	ProgressEvery time.Duration
	NoEmbedded    bool
	Stdout        io.Writer
	Stderr        io.Writer

	// Address is where the REST API listens (--address, k6's
	// localhost:6565); "" serves none.
	Address string
	// EmbeddedCluster is --embedded-cluster: the nodes of an in-process
	// JetStream cluster serving the run, with k6/x/nats/cluster's fault
	// API; 0 for none.
	EmbeddedCluster int
}
