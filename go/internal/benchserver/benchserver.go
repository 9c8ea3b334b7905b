// Package benchserver runs a nats-server in a child process for Go
// benchmarks, so that allocation counts are the client's alone: an
// in-process server's allocations land in the same counters (it allocates
// a subject string for every message nobody subscribes to).
//
// A test package that uses Start calls ServeIfChild first in its TestMain:
// the child is the test binary itself, re-run with an environment variable.
package benchserver

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// childEnv makes the test binary serve NATS instead of testing.
const childEnv = "NATSK6_BENCH_SERVER"

// ServeIfChild serves NATS and exits when this process is Start's child;
// otherwise it returns at once.
func ServeIfChild() {
	if os.Getenv(childEnv) == "" {
		return
	}
	if err := serveUntilStdinCloses(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// serveUntilStdinCloses runs a nats-server, prints its URL and stops
// when the parent closes stdin (or dies).
func serveUntilStdinCloses() error {
	// JetStream for the JetStream benchmarks (their streams keep to memory).
	store, err := os.MkdirTemp("", "natsk6-bench-js-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(store)
	s, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, NoLog: true, NoSigs: true, JetStream: true, StoreDir: store})
	if err != nil {
		return err
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		return fmt.Errorf("nats-server did not start")
	}
	fmt.Println(s.ClientURL())
	_, _ = io.Copy(io.Discard, os.Stdin)
	s.Shutdown()
	return nil
}

// Start runs a nats-server in a child process, stopped when tb ends, and
// returns its URL.
func Start(tb testing.TB) string {
	tb.Helper()
	self, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = stdin.Close()
		_ = cmd.Wait()
	})
	url, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatalf("server process: %v", err)
	}
	return strings.TrimSpace(url)
}
