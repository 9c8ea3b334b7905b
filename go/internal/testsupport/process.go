package testsupport

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// ServerProcess is a bin/nats-server child process a test owns.
type ServerProcess struct {
	URL    string
	cmd    *exec.Cmd
	exited chan struct{}
}

// StartServerProcess runs bin/nats-server (make bin/nats-server builds it)
// with JetStream on a random loopback port and a temporary store, plus
// args, and returns once it announces its port. The process is killed
// when tb ends.
func StartServerProcess(tb testing.TB, args ...string) *ServerProcess {
	tb.Helper()
	bin := natsServerBinary(tb)
	portsDir := tb.TempDir()
	all := append([]string{"-a", "127.0.0.1", "-p", "-1", "-js", "-sd", tb.TempDir(), "--ports_file_dir", portsDir}, args...)
	cmd := exec.Command(bin, all...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", bin, err)
	}
	p := &ServerProcess{cmd: cmd, exited: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.exited)
	}()
	tb.Cleanup(p.Kill)
	// nats-server writes its listen URLs to <name>_<pid>.ports once it
	// accepts connections.
	portsFile := filepath.Join(portsDir, fmt.Sprintf("%s_%d.ports", filepath.Base(bin), cmd.Process.Pid))
	Eventually(tb, readyTimeout, func() bool {
		select {
		case <-p.exited:
			tb.Fatalf("%s exited before it accepted connections", bin)
		default:
		}
		p.URL = readClientURL(portsFile)
		return p.URL != ""
	}, "%s wrote no ports file %s", bin, portsFile)
	return p
}

// readClientURL is the first client URL in a ports file, "" until the
// file is complete.
func readClientURL(path string) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	var ports struct {
		Nats []string `json:"nats"`
	}
	if json.Unmarshal(raw, &ports) != nil || len(ports.Nats) == 0 {
		return ""
	}
	return ports.Nats[0]
}

// Kill ends the server at once, as a crash would, and waits for it.
func (p *ServerProcess) Kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// natsServerBinary is the path of the repository's bin/nats-server; the
// test fails, naming the make target, when it is not built.
func natsServerBinary(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	// Tests run in their package's directory, below go/go.mod.
	for {
		if _, err := os.Stat(filepath.Join(dir, "go", "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no repository root (a directory with go/go.mod) above the test's directory")
		}
		dir = parent
	}
	bin := filepath.Join(dir, "bin", "nats-server")
	if _, err := os.Stat(bin); errors.Is(err, os.ErrNotExist) {
		tb.Fatalf("%s is missing: run `make bin/nats-server` in %s", bin, dir)
	}
	return bin
}

// Pause stops the server (SIGSTOP) for d, then resumes it (SIGCONT): a
// stalled server whose connections stay open while it processes nothing.
// It returns an error rather than failing the test, so that a test can
// stall the server from another goroutine while its own waits.
func (p *ServerProcess) Pause(d time.Duration) error {
	if err := p.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		return fmt.Errorf("stop the server: %w", err)
	}
	time.Sleep(d)
	if err := p.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		return fmt.Errorf("resume the server: %w", err)
	}
	return nil
}
