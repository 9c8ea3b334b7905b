package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/runner"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// natsk6 runs the real command line with the real runner.
func natsk6(ctx context.Context, t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = execute(ctx, args, os.Environ(), &out, &errOut, runner.Run)
	return code, out.String(), errOut.String()
}

func writeScript(t *testing.T, name, code string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// startServer is an external server the test owns: a bin/nats-server
// process, and a nats.go connection to it for reading its state back.
func startServer(t *testing.T) (url string, nc *nats.Conn) {
	t.Helper()
	url = testsupport.StartServerProcess(t).URL
	return url, testsupport.Connect(t, url)
}

func TestRunAgainstGivenServerWithOverridesAndOutputs(t *testing.T) {
	url, nc := startServer(t)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	stream, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "E2E", Subjects: []string{"e2e.>"}})
	if err != nil {
		t.Fatal(err)
	}
	script := writeScript(t, "publish.ts", `
import nats from 'k6/x/nats';

export const options = { iterations: 2 };

export default function (): void {
  const conn = nats.connect({ urls: [__ENV.NATS_URL] });
  for (let i: number = 0; i < 5; i++) conn.publish('e2e.' + __ENV.TAG, 'x');
  conn.flush();
  conn.close();
}
`)
	dir := t.TempDir()
	summary, points := filepath.Join(dir, "summary.json"), filepath.Join(dir, "points.jsonl")
	code, stdout, stderr := natsk6(ctx, t, "run", "-i", "3", "-e", "NATS_URL="+url, "-e", "TAG=t1",
		"--no-embedded", "--summary-export", summary, "--out", "json="+points, "-q", "--no-summary", script)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	// -i 3 wins over options.iterations 2: 3 iterations of 5 publishes.
	if got := storedMessages(ctx, t, stream, 15); got != 15 {
		t.Fatalf("stream holds %d messages, want 15", got)
	}

	var exported struct {
		Metrics map[string]map[string]any `json:"metrics"`
	}
	raw, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &exported); err != nil {
		t.Fatalf("summary export is not JSON: %v", err)
	}
	if got := exported.Metrics["iterations"]["count"]; got != float64(3) {
		t.Fatalf("summary iterations.count = %v, want 3", got)
	}

	f, err := os.Open(points)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := 0
	for sc := bufio.NewScanner(f); sc.Scan(); lines++ {
		if !json.Valid(sc.Bytes()) {
			t.Fatalf("line %d of the json output is not JSON: %s", lines+1, sc.Text())
		}
	}
	if lines == 0 {
		t.Fatal("the json output is empty")
	}
}

// storedMessages reads the stream's message count once it reaches want:
// core publishes are flushed to the server before the run ends, but the
// stream stores them asynchronously.
func storedMessages(ctx context.Context, t *testing.T, stream jetstream.Stream, want uint64) uint64 {
	t.Helper()
	var stored uint64
	testsupport.Eventually(t, time.Minute, func() bool {
		info, err := stream.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		stored = info.State.Msgs
		return stored >= want
	}, "the stream holds fewer than %d messages", want)
	return stored
}

func TestRunDefaultsToEmbeddedServer(t *testing.T) {
	script := writeScript(t, "embedded.js", `
import nats from 'k6/x/nats';

export default function () {
  if (!__ENV.NATS_URL.startsWith('nats://127.0.0.1:')) throw new Error('NATS_URL ' + __ENV.NATS_URL);
  const conn = nats.connect();
  conn.publish('embedded.check', 'x');
  conn.flush();
  conn.close();
}
`)
	code, stdout, stderr := natsk6(context.Background(), t, "run", "-e", "NATS_URL=", "-i", "1", "-q", script)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}

func TestRunReportsScriptProblemsWithFileAndLine(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "absent.ts")
	if code, _, stderr := natsk6(context.Background(), t, "run", missing); code == 0 || !strings.Contains(stderr, missing) {
		t.Errorf("missing script: exit %d, stderr %q should name %s", code, stderr, missing)
	}

	bad := writeScript(t, "bad.ts", "export default function (): void {\n  const n: number = ;\n}\n")
	if code, _, stderr := natsk6(context.Background(), t, "run", "--no-embedded", bad); code == 0 || !strings.Contains(stderr, bad+":2:") {
		t.Errorf("syntax error: exit %d, stderr %q should name %s:2", code, stderr, bad)
	}

	// An exception in init code fails the test (one in an iteration is only logged, as in k6).
	throws := writeScript(t, "throws.ts", "type T = { n: number };\n\nconst t: T = { n: 1 };\nif (t.n > 0) {\n  throw new Error('boom ' + t.n);\n}\nexport default function (): void {}\n")
	code, _, stderr := natsk6(context.Background(), t, "run", "--no-embedded", "-q", throws)
	if code != runner.ExitScriptException || !strings.Contains(stderr, "boom 1") || !strings.Contains(stderr, throws+":5:") {
		t.Errorf("exception: exit %d, stderr %q should give 107 and %s:5", code, stderr, throws)
	}
}

func TestInterruptStopsTheRunWith105(t *testing.T) {
	url, nc := startServer(t)
	started, err := nc.SubscribeSync("e2e.started")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	script := writeScript(t, "long.js", `
import nats from 'k6/x/nats';
import { sleep } from 'k6';

export default function () {
  const conn = nats.connect();
  conn.publish('e2e.started', 'x');
  conn.flush();
  conn.close();
  sleep(0.2);
}
`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// Interrupt once the first iteration has reached the server.
		if _, err := started.NextMsg(time.Minute); err == nil {
			cancel()
		}
	}()
	code, stdout, stderr := natsk6(ctx, t, "run", "-d", "10m", "-e", "NATS_URL="+url, "-q", script)
	if code != runner.ExitExternalAbort {
		t.Fatalf("exit %d, want 105\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
}

func TestFirstSignalCancelsTheContext(t *testing.T) {
	ctx, stop := interruptContext(io.Discard, func() { t.Error("one signal aborted the process") })
	defer stop()
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(time.Minute):
		t.Fatal("SIGINT did not cancel the run context")
	}
}
