package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pondigo/natsk6/go/internal/dashboard"
	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/runner"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

func newMergeCommand(environ []string, stdout, stderr io.Writer, code *int) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "merge [flags] FILE...",
		Short: "Merge the result files of a test's instances into one summary and verdict",
		Long: `Merge the result files that instances of one test wrote with --out result=FILE
(each running an execution segment, on one machine or many) into one
end-of-test summary, laid out as a single run's. Thresholds are evaluated on
the merged data: p(95) is the p(95) of every instance's samples together.
Message accounting is reconciled across the files: a message is lost when
its producer had it acknowledged and no instance delivered it, so producers
and consumers may run in different instances.
Exit codes as k6: 0 ok, 99 a threshold failed, 104 a file that is unreadable
or not from the same test.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := parseMergeFlags(cmd, environ)
			if err != nil {
				return err
			}
			cfg.Files, cfg.Stdout, cfg.Stderr = args, stdout, stderr
			*code = runner.Merge(cmd.Context(), cfg)
			return nil
		},
	}
	f := cmd.Flags()
	f.SortFlags = false
	f.String("wait", "", "wait up to this long (a k6 duration such as 10m) for result files that do not exist yet")
	f.String("summary-export", "", "write the merged end-of-test summary as JSON to `FILE`")
	f.StringArrayP("out", "o", nil, "web-dashboard=export=FILE: the HTML report's summary and thresholds of the merged data")
	f.String("summary-mode", metrics.ModeCompact, "end-of-test summary: compact, full (adds groups and scenarios), legacy or disabled")
	f.Bool("no-summary", false, "do not print the end-of-test summary (same as --summary-mode=disabled)")
	f.Bool("no-color", false, "no colors in the output, even on a terminal")
	return cmd
}

// parseMergeFlags maps the merge flags to the runner's configuration.
func parseMergeFlags(cmd *cobra.Command, environ []string) (runner.MergeConfig, error) {
	f := cmd.Flags()
	var cfg runner.MergeConfig
	cfg.SummaryExport, _ = f.GetString("summary-export")
	cfg.NoColor, _ = f.GetBool("no-color")
	if wait, _ := f.GetString("wait"); wait != "" {
		d, err := scheduler.ParseDuration(wait)
		if err != nil || d < 0 {
			return cfg, &invalidOptionError{flag: "wait", err: fmt.Errorf("want a duration such as 10m, got %q", wait)}
		}
		cfg.Wait = d
	}
	mode, _ := f.GetString("summary-mode")
	var err error
	if cfg.SummaryMode, err = metrics.ParseSummaryMode(mode); err != nil {
		return cfg, &invalidOptionError{flag: "summary-mode", err: err}
	}
	if noSummary, _ := f.GetBool("no-summary"); noSummary {
		cfg.SummaryMode = metrics.ModeDisabled
	}
	outs, _ := f.GetStringArray("out")
	for _, o := range outs {
		kind, arg, _ := strings.Cut(o, "=")
		if kind != "web-dashboard" {
			return cfg, &invalidOptionError{flag: "out", err: fmt.Errorf("unsupported output %q: merge writes only web-dashboard=export=FILE", kind)}
		}
		process, _ := environment(environ, nil)
		// No live page: the merge is over before anyone could look at it.
		d, err := dashboard.FromOutSpec(arg+"&port=-1", process)
		if err != nil {
			return cfg, optionError(err)
		}
		cfg.Outputs = append(cfg.Outputs, d)
	}
	return cfg, nil
}
