package runner

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// A panic in Go code a script calls (a natsk6 bug; here a native
// function that writes to a nil map) is the error of the iteration it
// happened in, printed as an internal error, and it aborts the run
// (exit 108, with summary and teardown) instead of killing the process:
// a panic that crossed sobek can leave the runtime unable to run Promise
// jobs, so the VU must not iterate again.
func TestGoPanicInScriptCallAbortsTheRun(t *testing.T) {
	for name, body := range map[string]string{
		"in the iteration":        `goBug();`,
		"in a timer callback":     `setTimeout(() => goBug(), 1);`,
		"in a Promise reaction":   `await Promise.resolve(); goBug();`,
		"in an async call's then": `await null; await Promise.resolve().then(() => goBug());`,
	} {
		t.Run(name, func(t *testing.T) {
			vu, tr, out := panickingVU(t, "export default async function () {\n  "+body+"\n}\n")
			vu.RunIteration(context.Background(), scheduler.Iteration{Scenario: &scheduler.Scenario{Name: "default", Exec: "default"}})
			const internal = "internal error (a natsk6 bug: please report it): panic: assignment to entry in nil map"
			if !strings.Contains(out.String(), internal) {
				t.Errorf("the panic was not reported:\n%s", out)
			}
			if reason, ok := tr.aborted(); !ok || !strings.Contains(reason, "VU 1: "+internal) {
				t.Errorf("the run was not aborted with the panic (aborted %v: %q)", ok, reason)
			}
		})
	}
}

// panickingVU initializes one VU of script whose runtime has goBug, a Go
// function that panics.
func panickingVU(t *testing.T, script string) (*VU, *testRun, *bytes.Buffer) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "script.js")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	out := &bytes.Buffer{}
	tr := &testRun{
		cfg:     Config{ScriptPath: path, Stdout: out, Stderr: out},
		console: newConsoleWriter(out, false, false),
		env:     map[string]string{},
		natsURL: "nats://127.0.0.1:1",
		opts:    &scheduler.Options{},
	}
	if err := tr.load(); err != nil {
		t.Fatal(err)
	}
	p := &pool{t: tr, events: newEvents(tr)}
	if err := p.initialize(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	vu := p.Get().(*VU)
	var nilMap map[string]int
	if err := vu.rt.Set("goBug", func() { nilMap["x"] = 1 }); err != nil {
		t.Fatal(err)
	}
	return vu, tr, out
}
