package runner

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/pondigo/natsk6/go/internal/merge"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// MergeConfig is what the CLI passes to Merge.
type MergeConfig struct {
	Files []string // result files of --out result=FILE, one per instance
	// Wait is how long to wait for files that do not exist yet; 0 is not
	// at all.
	Wait          time.Duration
	SummaryExport string // --summary-export path, "" if none
	SummaryMode   string // compact ("" too), full, legacy or disabled (--no-summary)
	NoColor       bool
	// Outputs that show the summary (the web dashboard's report) get the
	// merged summary and are stopped.
	Outputs []metrics.Output
	Stdout  io.Writer
	Stderr  io.Writer
}

// Merge combines the result files of a test's instances into one
// end-of-test summary, laid out as a single run's (with the message
// accounting of all of them reconciled), evaluates the
// thresholds on the merged data and returns k6's exit code: 99 when a
// threshold fails, 104 for files that are unreadable or not from one test.
func Merge(ctx context.Context, cfg MergeConfig) int {
	console := newConsoleWriter(cfg.Stderr, isTerminal(cfg.Stderr), false)
	if cfg.Wait > 0 {
		if err := merge.WaitForFiles(ctx, cfg.Files, cfg.Wait); err != nil {
			console.errorf("%v", err)
			return ExitInvalidConfig
		}
	}
	m, err := merge.Combine(cfg.Files)
	if err != nil {
		console.errorf("%v", err)
		return ExitInvalidConfig
	}
	for _, w := range m.Warnings {
		console.log(levelWarn, w, "")
	}
	agg := m.Aggregator
	agg.EvaluateThresholds(m.Duration())
	noColor := cfg.NoColor || !isTerminal(cfg.Stdout)
	sum := agg.Summary(metrics.SummaryMeta{
		Duration: m.Duration(), TrendStats: m.TrendStats, TimeUnit: m.TimeUnit, NoColor: noColor,
		StdOutTTY: isTerminal(cfg.Stdout), StdErrTTY: isTerminal(cfg.Stderr),
		Sections: cfg.SummaryMode == metrics.ModeFull,
	})
	code := ExitOK
	for _, o := range cfg.Outputs {
		if r, ok := o.(summaryReceiver); ok {
			r.ReportSummary(sum)
		}
		if err := o.Stop(); err != nil {
			console.errorf("output %s: %v", o.Description(), err)
			code = ExitScriptException
		}
	}
	if cfg.SummaryExport != "" {
		b, err := metrics.ExportJSON(sum)
		if err == nil {
			err = os.WriteFile(cfg.SummaryExport, b, 0o644)
		}
		if err != nil {
			console.errorf("--summary-export: %v", err)
			code = ExitScriptException
		}
	}
	if cfg.SummaryMode != metrics.ModeDisabled {
		fmt.Fprint(cfg.Stdout, metrics.RenderText(sum, metrics.TextOptions{NoColor: noColor, Mode: cfg.SummaryMode}))
		if m.Accounting != nil {
			fmt.Fprint(cfg.Stdout, "\n"+m.Accounting.Text())
		}
	}
	if err := agg.CrossedThresholds(m.TimeUnit); err != nil {
		console.errorf("%v", err)
		return ExitThresholdsFailed
	}
	return code
}
