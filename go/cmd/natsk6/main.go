// Command natsk6 runs k6-style load and functional test scripts
// (JavaScript or TypeScript) with the NATS module k6/x/nats.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/pondigo/natsk6/internal/runner"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

// exitUsage is the exit code for command-line usage errors (unknown
// command or flag, a flag value of the wrong type, a missing argument).
// k6 exits -1 for these, which the shell sees as 255.
const exitUsage = 255

func main() {
	ctx, stop := interruptContext()
	defer stop()
	os.Exit(execute(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr, runner.Run))
}

// interruptContext is cancelled by the first SIGINT or SIGTERM, which lets
// the runner stop the test gracefully (k6: exit 105, external abort). A
// second signal exits at once with the same code, as k6 does.
func interruptContext() (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-signals:
			cancel()
		case <-ctx.Done():
			return
		}
		select {
		case <-signals:
			os.Exit(runner.ExitExternalAbort)
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(signals)
		cancel()
	}
}

// runFunc runs a test and returns the process exit code (runner.Run).
type runFunc func(context.Context, runner.Config) int

// execute runs the command line args and returns the exit code.
func execute(ctx context.Context, args, environ []string, stdout, stderr io.Writer, run runFunc) int {
	code := 0
	root := newRootCommand(environ, stdout, stderr, run, &code)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return code
	}
	fmt.Fprintln(stderr, "Error:", err)
	var invalid *invalidOptionError
	if errors.As(err, &invalid) {
		return runner.ExitInvalidConfig
	}
	// Anything else cobra reports is a usage error: show how to call it.
	// Find falls back to the root command for an unknown subcommand.
	if cmd, _, _ := root.Find(args); cmd != nil {
		fmt.Fprint(stderr, cmd.UsageString())
	}
	return exitUsage
}

// invalidOptionError is a flag value that parses but is not acceptable
// (a bad duration, a malformed -e): k6 treats these as invalid options.
type invalidOptionError struct {
	flag string
	err  error
}

func (e *invalidOptionError) Error() string {
	if e.flag == "" { // the error names its source: a file, a K6_* variable, an option
		return e.err.Error()
	}
	if strings.ToUpper(e.flag) == e.flag { // an environment variable, not a flag
		return e.flag + ": " + e.err.Error()
	}
	return "--" + e.flag + ": " + e.err.Error()
}
func (e *invalidOptionError) Unwrap() error { return e.err }
