package testsupport

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// ServerProcess is a bin/nats-server child process a test owns.
type ServerProcess struct {
	URL string
	// argv is the command line (a prefix such as `ip netns exec NS` may
	// come before the binary), portsDir its --ports_file_dir: Restart
	// runs the same command again.
	argv     []string
	portsDir string
	cmd      *exec.Cmd
	exited   chan struct{}
}

// StartServerProcess runs bin/nats-server (make bin/nats-server builds it)
// with JetStream on a random loopback port and a temporary store, plus
// args, and returns once it announces its port. The process is killed
// when tb ends.
func StartServerProcess(tb testing.TB, args ...string) *ServerProcess {
	tb.Helper()
	all := append([]string{natsServerBinary(tb), "-a", "127.0.0.1", "-p", "-1", "-js", "-sd", tb.TempDir()}, args...)
	return startProcess(tb, all)
}

// startProcess runs argv, which must start a nats-server, with a ports
// file directory of its own and waits until it accepts connections.
func startProcess(tb testing.TB, argv []string) *ServerProcess {
	tb.Helper()
	portsDir := tb.TempDir()
	p := &ServerProcess{argv: append(argv, "--ports_file_dir", portsDir), portsDir: portsDir}
	p.start(tb)
	tb.Cleanup(p.Kill)
	return p
}

func (p *ServerProcess) start(tb testing.TB) {
	tb.Helper()
	cmd := exec.Command(p.argv[0], p.argv[1:]...)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatalf("start %s: %v", p.argv[0], err)
	}
	p.cmd, p.exited = cmd, make(chan struct{})
	exited := p.exited
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	// nats-server writes its listen URLs to <name>_<pid>.ports once it
	// accepts connections (`ip netns exec` execs it: the pid is its own).
	portsFile := filepath.Join(p.portsDir, fmt.Sprintf("nats-server_%d.ports", cmd.Process.Pid))
	url := ""
	Eventually(tb, readyTimeout, func() bool {
		select {
		case <-exited:
			tb.Fatalf("%v exited before it accepted connections", p.argv)
		default:
		}
		url = readClientURL(portsFile)
		return url != ""
	}, "%v wrote no ports file %s", p.argv, portsFile)
	if p.URL == "" {
		p.URL = url
	}
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

// Kill ends the server at once, as a crash would (SIGKILL), and waits
// for it. Killing a dead server does nothing.
func (p *ServerProcess) Kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// Restart kills the server if it still runs and starts it again with the
// same store and the same client port, so clients reconnect to the URL
// they know. It returns once the new process accepts connections.
func (p *ServerProcess) Restart(tb testing.TB) {
	tb.Helper()
	p.Kill()
	_, port, err := net.SplitHostPort(p.URL[len("nats://"):])
	if err != nil {
		tb.Fatalf("client URL %s: %v", p.URL, err)
	}
	// The last -p wins: a random port (-p -1) becomes the first one.
	p.argv = append(p.argv, "-p", port)
	p.start(tb)
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
