// Package runner runs a k6-style test: one sobek runtime per VU with the
// k6 modules and the NATS module, the test lifecycle (init, setup, the
// scenarios, teardown, summary) and k6's exit codes.
package runner

import (
	"io"
	"time"

	"github.com/pondigo/natsk6/internal/scheduler"
)

// Config is what the CLI passes to Run.
type Config struct {
	ScriptPath    string
	Env           map[string]string   // process env overlaid by -e
	Overrides     scheduler.Overrides // only flags the user set
	SummaryExport string              // --summary-export path, "" if none
	JSONOut       string              // path from --out json=PATH, "" if none
	Quiet         bool                // no progress (nor banner), as k6's -q; the summary still prints
	SummaryMode   string              // compact ("" too), full, legacy or disabled (--no-summary)
	// ProgressEvery is how often progress is printed when stderr is not
	// a terminal; 0 means progress.PlainEvery.
	ProgressEvery time.Duration
	NoEmbedded    bool
	Verbose       bool // -v: console.debug prints
	Stdout        io.Writer
	Stderr        io.Writer
}
