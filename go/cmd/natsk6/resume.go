package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pondigo/natsk6/go/internal/restapi"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// exitResumeFailed is resume's exit code when an instance could not be
// resumed.
const exitResumeFailed = 1

func newResumeCommand(stdout, stderr io.Writer, code *int) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "resume [-a ADDRESS]...",
		Short: "Resume tests started with --paused, all together",
		Long: `Resume the tests that natsk6 run --paused started, through their REST API
(k6 resume): wait until every instance at --address is ready (its VUs
initialized, waiting for the resume), then resume them all, so that the
execution segments of a distributed test start together. Exit code 0 when
all are resumed, 1 when one is not ready within --wait or refuses.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			addrs, _ := cmd.Flags().GetStringArray("address")
			text, _ := cmd.Flags().GetString("wait")
			wait, err := scheduler.ParseDuration(text)
			if err != nil || wait <= 0 {
				return &invalidOptionError{flag: "wait", err: fmt.Errorf("want a positive duration such as 5m, got %q", text)}
			}
			ctx, cancel := context.WithTimeout(cmd.Context(), wait)
			defer cancel()
			if err := restapi.Resume(ctx, addrs); err != nil {
				fmt.Fprintln(stderr, "Error:", err)
				*code = exitResumeFailed
				return nil
			}
			fmt.Fprintf(stdout, "resumed %d test instance(s)\n", len(addrs))
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayP("address", "a", []string{"localhost:6565"}, "REST API address of an instance (repeatable)")
	f.String("wait", "10m", "how long to wait for every instance to be ready (a k6 duration)")
	return cmd
}
