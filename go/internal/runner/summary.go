package runner

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// handleSummaryTimeout bounds handleSummary() as k6 does.
const handleSummaryTimeout = 2 * time.Minute

// summaryReceiver is an output that shows the end-of-test summary (the
// web dashboard's report); it gets the summary before it is stopped.
type summaryReceiver interface {
	ReportSummary(s *metrics.Summary)
}

// summarize produces the end-of-test outputs: handleSummary()'s files or
// the text summary, and the --summary-export file.
func (t *testRun) summarize(ctx context.Context, vu0 *VU, elapsed time.Duration) (int, error) {
	if err := t.writeResult(); err != nil {
		return ExitScriptException, err
	}
	sum := t.agg.Summary(metrics.SummaryMeta{
		Duration:   elapsed,
		TrendStats: t.opts.SummaryTrendStats,
		TimeUnit:   t.summaryTimeUnit,
		NoColor:    t.cfg.NoColor || !isTerminal(t.cfg.Stdout),
		StdOutTTY:  isTerminal(t.cfg.Stdout),
		StdErrTTY:  isTerminal(t.cfg.Stderr),
		Sections:   t.cfg.SummaryMode == metrics.ModeFull,
	})
	for _, o := range t.outputs {
		if r, ok := o.(summaryReceiver); ok {
			r.ReportSummary(sum)
		}
	}
	if t.cfg.SummaryExport != "" {
		b, err := metrics.ExportJSON(sum)
		if err == nil {
			err = os.WriteFile(t.cfg.SummaryExport, b, 0o644)
		}
		if err != nil {
			return ExitScriptException, fmt.Errorf("--summary-export: %w", err)
		}
	}
	if t.cfg.SummaryMode == metrics.ModeDisabled {
		return ExitOK, nil
	}
	if _, ok := sobek.AssertFunction(vu0.exports.Get("handleSummary")); ok {
		if err := t.handleSummary(ctx, sum); err != nil {
			// As k6: the error is reported, the default summary printed
			// instead, and the run's exit code stays what it was.
			t.console.errorf("handleSummary() failed, printing the default summary instead: %v", err)
			t.printSummary(sum)
		}
		return ExitOK, nil
	}
	t.printSummary(sum)
	return ExitOK, nil
}

// printSummary prints the text summary to stdout; -q hides progress, not
// the summary, as in k6.
func (t *testRun) printSummary(sum *metrics.Summary) {
	fmt.Fprint(t.cfg.Stdout, metrics.RenderText(sum, metrics.TextOptions{
		NoColor: t.cfg.NoColor || !isTerminal(t.cfg.Stdout),
		Mode:    t.cfg.SummaryMode,
	}))
	t.printAccounting()
}

// summaryTimeUnit reads options.summaryTimeUnit: the one unit (s, ms or
// us) in which the summary prints time values; unset means the fitting
// unit for each value.
func summaryTimeUnit(options []byte) (string, error) {
	var o struct {
		SummaryTimeUnit json.RawMessage `json:"summaryTimeUnit"`
	}
	if err := json.Unmarshal(options, &o); err != nil || len(o.SummaryTimeUnit) == 0 || string(o.SummaryTimeUnit) == "null" {
		return "", nil // the options themselves were validated before
	}
	var unit string
	if json.Unmarshal(o.SummaryTimeUnit, &unit) == nil {
		switch unit {
		case "", "s", "ms", "us":
			return unit, nil
		}
	}
	return "", fmt.Errorf("summaryTimeUnit: %s is not one of \"s\", \"ms\" or \"us\"", o.SummaryTimeUnit)
}

// handleSummary calls the script's handleSummary(data) in a fresh VU, as
// k6 does, with setup()'s data in data.setup_data, and writes each
// returned entry: "stdout", "stderr" or a file path relative to the
// current directory.
func (t *testRun) handleSummary(ctx context.Context, sum *metrics.Summary) error {
	if t.setupData != "" {
		sum.SetupData = json.RawMessage(t.setupData)
	}
	raw, err := json.Marshal(sum)
	if err != nil {
		return fmt.Errorf("encode the summary: %w", err)
	}
	vu, err := newVU(ctx, t, 0)
	if err != nil {
		return fmt.Errorf("initialize its VU: %s", t.exceptionText(err))
	}
	defer vu.close()
	data, err := vu.parseJSON(string(raw))
	if err != nil {
		return errors.New(t.exceptionText(err))
	}
	result, err := vu.lifecycle(ctx, "handleSummary", handleSummaryTimeout, data)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("it did not finish within %s", handleSummaryTimeout)
	}
	if err != nil {
		return errors.New(t.exceptionText(err))
	}
	if sobek.IsUndefined(result) || sobek.IsNull(result) {
		return nil
	}
	obj := result.ToObject(vu.rt)
	for _, key := range obj.Keys() {
		content := summaryContent(obj.Get(key))
		if err := t.writeSummaryOutput(key, content); err != nil {
			return err
		}
	}
	return nil
}

// summaryContent converts a handleSummary value: an ArrayBuffer's bytes,
// anything else as its string.
func summaryContent(v sobek.Value) []byte {
	if buf, ok := v.Export().(sobek.ArrayBuffer); ok {
		return buf.Bytes()
	}
	return []byte(v.String())
}

func (t *testRun) writeSummaryOutput(key string, content []byte) error {
	var w io.Writer
	switch key {
	case "stdout":
		w = t.cfg.Stdout
	case "stderr":
		w = t.cfg.Stderr
	default:
		if err := os.WriteFile(key, content, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", key, err)
		}
		return nil
	}
	if _, err := w.Write(content); err != nil {
		return fmt.Errorf("write %s: %w", key, err)
	}
	return nil
}

// isTerminal reports whether w is a character device (a terminal), which
// decides colors and the TTY flags of the summary.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
