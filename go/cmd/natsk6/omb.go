package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/pondigo/natsk6/go/internal/embedded"
	"github.com/pondigo/natsk6/go/internal/omb"
	"github.com/pondigo/natsk6/go/internal/runner"
)

// exitOMBFailed is a run that could not be carried out (no server, a
// stream that could not be created): k6's generic engine error.
const exitOMBFailed = 103

func newOMBCommand(environ []string, stdout, stderr io.Writer, code *int) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "omb [flags] WORKLOAD.yaml",
		Short: "Run an OpenMessaging Benchmark workload file against NATS and write OMB's result JSON",
		Long: `Run an OpenMessaging Benchmark (OMB) workload file against NATS JetStream
(or core NATS with natsk6.mode: core in the file) and write OMB's result JSON,
which OMB's bin/create_charts.py charts beside Kafka's and others'.
Without --nats-url (or NATS_URL) an in-process nats-server with JetStream
serves the run. Progress goes to stderr, one line per window.
Exit codes: 0 ok, 103 the run failed, 104 an invalid workload, 105 interrupted.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			w, err := omb.LoadWorkload(args[0])
			if err != nil {
				return optionError(err)
			}
			f := cmd.Flags()
			url, _ := f.GetString("nats-url")
			outJSON, _ := f.GetString("out-json")
			if url == "" {
				env, _ := environment(environ, nil)
				url = env["NATS_URL"]
			}
			*code = runOMB(cmd.Context(), w, args[0], url, outJSON, stdout, stderr)
			return nil
		},
	}
	f := cmd.Flags()
	f.String("out-json", "", "write OMB's result JSON to `FILE` (default: stdout)")
	f.String("nats-url", "", "the NATS server(s) to benchmark, comma separated (default: NATS_URL, else an embedded server)")
	return cmd
}

// runOMB runs the workload and writes its result; it returns the exit code.
func runOMB(ctx context.Context, w *omb.Workload, path, url, outJSON string, stdout, stderr io.Writer) int {
	if url == "" {
		srv, err := embedded.Start()
		if err != nil {
			fmt.Fprintln(stderr, "Error:", err)
			return exitOMBFailed
		}
		defer srv.Shutdown()
		url = srv.URL()
		fmt.Fprintln(stderr, "omb: serving the run with an embedded nats-server", embedded.Version)
	}
	res, err := omb.Run(ctx, w, omb.Config{URL: url, Dir: filepath.Dir(path), Log: stderr})
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, "Error: omb interrupted before the workload ended: no result written")
		return runner.ExitExternalAbort
	}
	if err != nil {
		fmt.Fprintln(stderr, "Error:", err)
		return exitOMBFailed
	}
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		fmt.Fprintln(stderr, "Error: omb result:", err)
		return exitOMBFailed
	}
	data = append(data, '\n')
	if outJSON == "" {
		_, err = stdout.Write(data)
	} else {
		err = os.WriteFile(outJSON, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(stderr, "Error: omb result:", err)
		return exitOMBFailed
	}
	return runner.ExitOK
}
