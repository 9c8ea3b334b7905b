package main

import (
	"io"

	"github.com/spf13/cobra"
)

// newRootCommand builds the command tree. run starts a test; the exit code
// of a command lands in *code.
func newRootCommand(environ []string, stdout, stderr io.Writer, run runFunc, code *int) *cobra.Command {
	root := &cobra.Command{
		Use:   "natsk6",
		Short: "Run k6-style load and functional tests against NATS and JetStream",
		Long: `natsk6 runs k6-style test scripts (.js or .ts) with the NATS module
(import nats from 'k6/x/nats'). Without NATS_URL it starts an embedded
nats-server with JetStream for the duration of the run.

Exit codes: 0 ok, 99 thresholds failed, 104 invalid options, 105 interrupted,
107 script exception, 108 test.abort(), 255 command-line usage error.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(
		newRunCommand(environ, stdout, stderr, run, code),
		newVersionCommand(stdout),
		newInspectCommand(environ, stdout, stderr, code),
		newMergeCommand(environ, stdout, stderr, code),
		newResumeCommand(stdout, stderr, code),
		newOMBCommand(environ, stdout, stderr, code),
	)
	return root
}
