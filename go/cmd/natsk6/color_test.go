package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// onTerminal runs the binary with a terminal for stdin, stdout and
// stderr, and returns what the terminal showed.
func onTerminal(t *testing.T, bin string, environ []string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = environ
	term, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	var screen bytes.Buffer
	if _, err := io.Copy(&screen, term); err != nil && !errors.Is(err, syscall.EIO) {
		t.Fatalf("read the terminal: %v", err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("natsk6: %v\n%s", err, screen.String())
	}
	return screen.String()
}

func TestNoColorDropsColorsOnATerminal(t *testing.T) {
	bin := buildNatsk6(t)
	script := writeScript(t, "s.js", `import { check } from 'k6';
export default function () { check(1, { one: (v) => v === 1 }); }`)
	const green = "\x1b[32m"
	if out := onTerminal(t, bin, testEnviron(t, nil), "run", "-q", script); !strings.Contains(out, green) {
		t.Fatalf("on a terminal the summary's marks are colored:\n%q", out)
	}
	if out := onTerminal(t, bin, testEnviron(t, nil), "run", "-q", "--no-color", script); strings.Contains(out, "\x1b[3") || !strings.Contains(out, "✓ one") {
		t.Errorf("--no-color: colors remain or the summary is missing:\n%q", out)
	}
	if out := onTerminal(t, bin, testEnviron(t, []string{"K6_NO_COLOR=true"}), "run", "-q", script); strings.Contains(out, "\x1b[3") {
		t.Errorf("K6_NO_COLOR: colors remain:\n%q", out)
	}
}
