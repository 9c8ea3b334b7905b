package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/pondigo/natsk6/go/internal/restapi"
	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// resumePoll is how often resume --wait asks the instances again.
const resumePoll = 250 * time.Millisecond

func newResumeCommand(stdout, stderr io.Writer, code *int) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "resume",
		Short: "Resume tests started with --paused, through their REST API",
		Long: `Resume a test started with --paused, as k6 resume does: PATCH /v1/status on
--address. With several --address values it is the start barrier of a
distributed test: with --wait it first waits until every instance is
initialized and paused, then resumes them all at once.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			addrs, _ := cmd.Flags().GetStringArray("address")
			waitText, _ := cmd.Flags().GetString("wait")
			var wait time.Duration
			if waitText != "" {
				d, err := scheduler.ParseDuration(waitText)
				if err != nil || d < 0 {
					return &invalidOptionError{flag: "wait", err: fmt.Errorf("want a duration such as 5m, got %q", waitText)}
				}
				wait = d
			}
			if err := resume(cmd.Context(), stdout, addrs, wait); err != nil {
				// Not a usage error, so no usage text; k6 exits -1 (255)
				// when a command fails.
				fmt.Fprintln(stderr, "Error:", err)
				*code = exitUsage
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringArrayP("address", "a", []string{"localhost:6565"}, "the REST API of a paused test, host:port (repeatable: every instance of a distributed test)")
	f.String("wait", "", "wait up to this long (a k6 duration such as 5m) until every instance answers, initialized and paused")
	return cmd
}

// resume waits (up to wait) until every instance is ready to start, then
// resumes them together.
func resume(ctx context.Context, stdout io.Writer, addrs []string, wait time.Duration) error {
	if err := waitUntilPaused(ctx, addrs, wait); err != nil {
		return err
	}
	errs := make([]error, len(addrs))
	var wg sync.WaitGroup
	for i, addr := range addrs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = restapi.Resume(ctx, addr)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "resumed %d test instance(s)\n", len(addrs))
	return nil
}

// waitUntilPaused asks every instance for its status until each one is
// initialized and paused (or already running); without wait it asks once.
func waitUntilPaused(ctx context.Context, addrs []string, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(resumePoll)
	defer tick.Stop()
	pending := addrs
	for {
		var notReady []string
		var lastErr error
		for _, addr := range pending {
			st, err := readStatus(ctx, addr)
			if err != nil || (st.Paused && st.Status != restapi.StatusPausedBeforeRun) {
				notReady, lastErr = append(notReady, addr), err
			}
		}
		switch {
		case len(notReady) == 0:
			return nil
		case !time.Now().Before(deadline) && lastErr != nil:
			return fmt.Errorf("%d instance(s) not ready to resume: %w", len(notReady), lastErr)
		case !time.Now().Before(deadline):
			return fmt.Errorf("%d instance(s) not ready to resume, still initializing: %v", len(notReady), notReady)
		}
		pending = notReady
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// readStatus is one status request, bounded so that an address that
// swallows packets does not stall the wait.
func readStatus(ctx context.Context, addr string) (restapi.Status, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return restapi.ReadStatus(ctx, addr)
}
