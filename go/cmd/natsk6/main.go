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
	"sync"
	"syscall"

	"github.com/pondigo/natsk6/go/internal/runner"
)

// version is set at build time: -ldflags "-X main.version=v1.2.3".
var version = "dev"

// exitUsage is the exit code for command-line usage errors (unknown
// command or flag, a flag value of the wrong type, a missing argument).
// k6 exits -1 for these, which the shell sees as 255.
const exitUsage = 255

func main() {
	ctx, stop := interruptContext(os.Stderr, func() { os.Exit(runner.ExitExternalAbort) })
	defer stop()
	os.Exit(execute(ctx, os.Args[1:], os.Environ(), os.Stdout, os.Stderr, runner.Run))
}

// interruptContext is cancelled by the first SIGINT or SIGTERM, with the
// signal as its cause: the runner stops the test gracefully (teardown,
// summary, outputs; k6's exit 105, external abort). A second signal calls
// abort, which exits at once with the same code, as k6 does. Both are
// announced on stderr in k6's words (k6 logs the first at debug level;
// natsk6 shows it, as teardown may still take a while).
func interruptContext(stderr io.Writer, abort func()) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancelCause(context.Background())
	signals := make(chan os.Signal, 2)
	done := make(chan struct{})
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-signals:
			fmt.Fprintf(stderr, "Stopping natsk6 in response to signal... sig=%s\n", sig)
			cancel(&signalCause{sig})
		case <-done:
			return
		}
		// Not ctx.Done(): that is closed already. Only stop ends the wait.
		select {
		case sig := <-signals:
			fmt.Fprintf(stderr, "Aborting natsk6 in response to signal sig=%s\n", sig)
			abort()
		case <-done:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			signal.Stop(signals)
			close(done)
			cancel(nil)
		})
	}
}

// signalCause is why a run stopped after a signal; the runner prints it
// as the run's final error.
type signalCause struct{ sig os.Signal }

func (s *signalCause) Error() string {
	return fmt.Sprintf("test run was aborted because natsk6 received a '%s' signal", s.sig)
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
