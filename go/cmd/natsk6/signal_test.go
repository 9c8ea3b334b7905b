package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests signal a real natsk6 process, built from this package.

// process is a running natsk6: a channel closed at its exit, its stdout
// and its stderr, read as it comes.
type process struct {
	cmd    *exec.Cmd
	exited chan struct{}
	stdout bytes.Buffer
	stderr *lineReader
}

func start(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...), exited: make(chan struct{})}
	p.cmd.Stdout = &p.stdout
	errPipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p.stderr = newLineReader(errPipe)
	go func() {
		p.stderr.wait()
		_ = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.exited
	})
	return p
}

func (p *process) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// waitExit waits up to within for the process to exit and returns its code.
func (p *process) waitExit(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(within):
		t.Fatalf("still running %v after the signal\nstderr:\n%s", within, p.stderr.text())
		return 0
	}
}

// lineReader collects a stream's lines and lets a test wait for one.
type lineReader struct {
	lines chan string
	all   bytes.Buffer
	done  chan struct{}
}

func newLineReader(r io.Reader) *lineReader {
	l := &lineReader{lines: make(chan string, 1024), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			select {
			case l.lines <- sc.Text():
			default:
			}
		}
	}()
	return l
}

func (l *lineReader) wait() { <-l.done }

// waitFor reads lines until one contains s; false at the stream's end.
func (l *lineReader) waitFor(s string) bool {
	for {
		select {
		case line := <-l.lines:
			l.all.WriteString(line + "\n")
			if strings.Contains(line, s) {
				return true
			}
		case <-l.done:
			for {
				select {
				case line := <-l.lines:
					l.all.WriteString(line + "\n")
					if strings.Contains(line, s) {
						return true
					}
				default:
					return false
				}
			}
		}
	}
}

func (l *lineReader) text() string { return l.all.String() }

// One SIGTERM stops a run whose VUs all wait in blocking calls: exit 105
// within 2s, the summary printed and the export file complete.
func TestOneSignalStopsBlockedVUsWithSummary(t *testing.T) {
	url, nc := startServer(t)
	started, err := nc.SubscribeSync("e2e.blocked")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	script := writeScript(t, "blocked.js", `
import nats from 'k6/x/nats';
export const options = { scenarios: { blocked: { executor: 'constant-vus', vus: 2, duration: '10m' } } };
export default function () {
  const conn = nats.connect();
  const sub = conn.subscribe('e2e.never');
  conn.publish('e2e.blocked', 'x');
  conn.flush();
  sub.next(1e9);
}
`)
	export := filepath.Join(t.TempDir(), "summary.json")
	p := start(t, buildNatsk6(t), "run", "-e", "NATS_URL="+url, "--summary-export", export, script)
	for range 2 {
		if _, err := started.NextMsg(time.Minute); err != nil {
			t.Fatalf("the VUs did not start: %v\n%s", err, p.stderr.text())
		}
	}
	time.Sleep(100 * time.Millisecond) // into next()
	p.signal(t, syscall.SIGTERM)
	if code := p.waitExit(t, 2*time.Second); code != 105 {
		t.Fatalf("exit %d, want 105\nstderr:\n%s", code, p.stderr.text())
	}
	if !strings.Contains(p.stdout.String(), "vus_max") {
		t.Errorf("no summary on stdout:\n%s", p.stdout.String())
	}
	raw, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	var exported struct {
		Metrics map[string]map[string]any `json:"metrics"`
	}
	if err := json.Unmarshal(raw, &exported); err != nil {
		t.Fatalf("the summary export is not complete JSON: %v\n%s", err, raw)
	}
	if exported.Metrics["vus_max"]["value"] != float64(2) {
		t.Errorf("summary export vus_max = %v, want 2", exported.Metrics["vus_max"])
	}
	if !p.stderr.waitFor("test run was aborted because natsk6 received a 'terminated' signal") {
		t.Errorf("stderr does not say why the run stopped:\n%s", p.stderr.text())
	}
}

// The first signal lets teardown run (within teardownTimeout); a second
// one, with teardown stuck, exits at once with 105.
func TestSecondSignalExitsAtOnce(t *testing.T) {
	url, nc := startServer(t)
	inTeardown, err := nc.SubscribeSync("e2e.teardown")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	script := writeScript(t, "stuck.js", `
import nats from 'k6/x/nats';
export const options = { iterations: 1, teardownTimeout: '10m' };
export default function () {}
export function teardown() {
  const conn = nats.connect();
  const sub = conn.subscribe('e2e.never');
  conn.publish('e2e.teardown', 'x');
  conn.flush();
  sub.next(1e9);
}
`)
	p := start(t, buildNatsk6(t), "run", "-e", "NATS_URL="+url, "-q", script)
	if _, err := inTeardown.NextMsg(time.Minute); err != nil {
		t.Fatalf("teardown did not start: %v\n%s", err, p.stderr.text())
	}
	p.signal(t, syscall.SIGINT)
	if !p.stderr.waitFor("Stopping natsk6 in response to signal") {
		t.Fatalf("no word of the first signal:\n%s", p.stderr.text())
	}
	select {
	case <-p.exited:
		t.Fatalf("the first signal ended teardown; it has teardownTimeout\n%s", p.stderr.text())
	case <-time.After(200 * time.Millisecond):
	}
	p.signal(t, syscall.SIGINT)
	if code := p.waitExit(t, 2*time.Second); code != 105 {
		t.Fatalf("exit %d, want 105\nstderr:\n%s", code, p.stderr.text())
	}
}
