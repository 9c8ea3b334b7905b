package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/pondigo/natsk6/go/internal/config"
)

// progressScript runs 2 VUs for 3s on the embedded server, publishing.
const progressScript = `
import nats from 'k6/x/nats';
import { sleep } from 'k6';

export const options = { vus: 2, duration: '3s' };

const conn = nats.connect();

export default function () {
  conn.publish('progress.test', 'x');
  sleep(0.05);
}
`

// runningLine matches the status line while the run goes on.
var runningLine = regexp.MustCompile(`running \((\d\dm\d\d\.\ds)\), \d/2 VUs, \d+ complete and 0 interrupted iterations`)

func TestProgressRedrawsInPlaceOnATerminal(t *testing.T) {
	bin := buildNatsk6(t)
	script := writeScript(t, "progress.js", progressScript)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "run", "--no-summary", script)
	cmd.Env = append(os.Environ(), "NATS_URL=")
	term, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Fatal(err)
	}
	defer term.Close()
	var screen bytes.Buffer
	// Reading ends with EIO once the command exits and the pty closes.
	if _, err := io.Copy(&screen, term); err != nil && !errors.Is(err, syscall.EIO) {
		t.Fatalf("read the terminal: %v", err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("natsk6: %v\n%s", err, screen.String())
	}
	out := screen.String()

	elapsed := map[string]bool{}
	for _, m := range runningLine.FindAllStringSubmatch(out, -1) {
		elapsed[m[1]] = true
	}
	// At one redraw per 100ms a 3s run shows ~30 pictures; ask for 10.
	if len(elapsed) < 10 {
		t.Errorf("%d distinct elapsed times in the status line, want at least 10:\n%q", len(elapsed), out)
	}
	// Each redraw moves the cursor up over the previous picture.
	if n := strings.Count(out, "\x1b[2A"); n < 10 {
		t.Errorf("%d cursor-up moves over the 2 lines, want at least 10:\n%q", n, out)
	}
	bar := regexp.MustCompile(`default   \[=*>?-*\] 2 VUs  0(\d\.\d)s/3s`)
	bars := map[string]bool{}
	for _, m := range bar.FindAllStringSubmatch(out, -1) {
		bars[m[1]] = true
	}
	if len(bars) < 10 {
		t.Errorf("%d distinct bar states, want at least 10:\n%q", len(bars), out)
	}
	// The final state stays on screen after the run.
	final := regexp.MustCompile(`running \(0m03\.\ds\), 0/2 VUs, \d+ complete and 0 interrupted iterations\r?\n` +
		`default ✓ \[={40}\] 2 VUs  3s`)
	if !final.MatchString(out) {
		t.Errorf("no final state at the end:\n%q", out[max(0, len(out)-600):])
	}
}

func TestProgressOnAPipeIsPlainAndPeriodic(t *testing.T) {
	bin := buildNatsk6(t)
	script := writeScript(t, "progress.js", progressScript)
	run := func(env ...string) string {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, bin, "run", "--no-summary", script)
		cmd.Env = append(append(os.Environ(), "NATS_URL="), env...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("natsk6: %v\n%s", err, stderr.String())
		}
		return stderr.String()
	}

	out := run("NATSK6_PROGRESS_INTERVAL=500ms")
	if strings.Contains(out, "\x1b") || strings.Contains(out, "\r") {
		t.Errorf("escape codes or carriage returns in plain progress:\n%q", out)
	}
	if n := len(runningLine.FindAllString(out, -1)); n < 4 {
		t.Errorf("%d periodic status lines in 3s at one per 500ms, want at least 4:\n%s", n, out)
	}
	if !regexp.MustCompile(`default   \[ +\d+% \] 2 VUs  0\d\.\ds/3s\n`).MatchString(out) {
		t.Errorf("no plain bar line while running:\n%s", out)
	}
	finalPlain := regexp.MustCompile(`running \(0m03\.\ds\), 0/2 VUs, \d+ complete and 0 interrupted iterations\ndefault ✓ \[ 100% \] 2 VUs  3s\n$`)
	if !finalPlain.MatchString(out) {
		t.Errorf("plain output does not end with the final state:\n%s", out)
	}

	// By default a 3s run is shorter than the 10s interval: only the final picture.
	out = run()
	if n := strings.Count(out, "running ("); n != 1 || !finalPlain.MatchString(out) {
		t.Errorf("default interval: %d status lines, want only the final one:\n%s", n, out)
	}
}

func TestQuietHidesProgressAndBanner(t *testing.T) {
	script := writeScript(t, "quiet.js", `export const options = { iterations: 2 };
export default function () {}`)
	code, _, stderr := natsk6(context.Background(), t, "run", "-q", "--no-summary", script)
	if code != 0 || strings.Contains(stderr, "running (") || strings.Contains(stderr, "execution: local") {
		t.Errorf("-q: exit %d, stderr should hold no progress nor banner:\n%s", code, stderr)
	}
	code, _, stderr = natsk6(context.Background(), t, "run", "--no-summary", script)
	if code != 0 || !strings.Contains(stderr, "running (0m00.") || !strings.Contains(stderr, "default ✓ [ 100% ] 1 VUs") ||
		!strings.Contains(stderr, "2/2 shared iters") {
		t.Errorf("without -q: exit %d, stderr should end with the final progress:\n%s", code, stderr)
	}
}

func TestRunControlFlagsJoinTheCLILayer(t *testing.T) {
	r := executeArgs(t, []string{"NATSK6_PROGRESS_INTERVAL=2s"}, "run", "--tag", "team=nats", "--tag", "env=ci",
		"--min-iteration-duration", "1.5s", "--no-setup", "--no-teardown", "script.ts")
	if !r.ran {
		t.Fatalf("run not called: %s", r.stderr)
	}
	want := config.Object{"tags": json.RawMessage(`{"env":"ci","team":"nats"}`), "minIterationDuration": json.RawMessage(`"1.5s"`),
		"noSetup": json.RawMessage(`true`), "noTeardown": json.RawMessage(`true`)}
	if !reflect.DeepEqual(r.cfg.Options.CLI, want) {
		t.Errorf("CLI layer %s, want %s", r.cfg.Options.CLI.JSON(), want.JSON())
	}
	if r.cfg.ProgressEvery != 2*time.Second {
		t.Errorf("progress interval %s, want 2s", r.cfg.ProgressEvery)
	}

	for _, tc := range []struct {
		environ []string
		args    []string
		want    string
	}{
		{nil, []string{"--tag", "novalue"}, `--tag: "novalue" is not KEY=VALUE`},
		{nil, []string{"--min-iteration-duration", "soon"}, `--min-iteration-duration: invalid duration "soon"`},
		{[]string{"NATSK6_PROGRESS_INTERVAL=fast"}, nil, `NATSK6_PROGRESS_INTERVAL: want a positive duration such as 10s, got "fast"`},
	} {
		r := executeArgs(t, tc.environ, append(append([]string{"run"}, tc.args...), "script.ts")...)
		if r.ran || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v %v: ran=%v, stderr %q should contain %q", tc.environ, tc.args, r.ran, r.stderr, tc.want)
		}
	}
}
