package runner

import (
	"strings"
	"testing"
	"time"
)

// loopScenario runs the default function on one VU for 300ms with 300ms
// of gracefulStop: a run that keeps to it ends well under a second after
// it started iterating.
const loopScenario = `import nats from 'k6/x/nats';
export const options = {
  scenarios: { hostile: { executor: 'constant-vus', vus: 1, duration: '300ms', gracefulStop: '300ms' } },
};
`

// A handler that loops forever, or script code that does, is interrupted
// at the end of gracefulStop (sobek's Interrupt stops a running loop):
// the run ends with exit 0 and the final progress line counts the
// iteration as interrupted. One that throws is reported and the VU goes
// on with its next iteration.
func TestHostileCodeDoesNotOutliveGracefulStop(t *testing.T) {
	cases := []struct {
		name, body  string
		interrupted bool   // the iteration never completes
		stderr      string // what the run must have reported
	}{
		{name: "iteration loops", body: `for (;;) {}`, interrupted: true},
		{name: "handler loops", interrupted: true, body: `const conn = nats.connect();
  conn.subscribe('loop', '', () => { for (;;) {} });
  conn.publish('loop', 'x');`},
		{name: "timer callback loops", interrupted: true, body: `setTimeout(() => { for (;;) {} }, 1);`},
		{name: "promise reaction loops", interrupted: true, body: `await Promise.resolve(); for (;;) {}`},
		{name: "async request reaction loops", interrupted: true, body: `const conn = nats.connect();
  conn.subscribe('svc', '', (m) => m.respond('ok'));
  await conn.requestAsync('svc', 'x', 5000);
  for (;;) {}`},
		{name: "handler throws", stderr: "handler threw", body: `const conn = nats.connect();
  const sub = conn.subscribe('throw', '', () => { sub.unsubscribe(); throw new Error('handler threw'); });
  conn.publish('throw', 'x');`},
		{name: "iteration throws", stderr: "iteration threw", body: `throw new Error('iteration threw');`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			done := make(chan result, 1)
			go func() {
				done <- runFiles(t, map[string]string{"script.js": loopScenario +
					"export default async function () {\n  " + c.body + "\n}\n"}, Config{})
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("the run did not end within 30s; duration + gracefulStop is 600ms")
			}
			r.wantCode(t, ExitOK)
			if c.interrupted {
				if n := r.count("iterations"); n != 0 {
					t.Errorf("%v iterations completed, want 0: the only one loops", n)
				}
				if !strings.Contains(r.stderr, "0 complete and 1 interrupted iterations") {
					t.Errorf("the final progress line does not show the interrupted iteration:\n%s", r.stderr)
				}
				return
			}
			if n := r.count("iterations"); n < 2 {
				t.Errorf("%v iterations completed, want several: a throw ends only its own iteration", n)
			}
			if !strings.Contains(r.stderr, c.stderr) {
				t.Errorf("stderr does not report %q:\n%s", c.stderr, r.stderr)
			}
		})
	}
}

// setup() and teardown() that loop forever end at their timeouts, with
// their exit codes (100, 101), as blocking calls in them do.
func TestLoopingSetupAndTeardownEndAtTheirTimeouts(t *testing.T) {
	for name, c := range map[string]struct {
		script string
		code   int
	}{
		"setup": {`export const options = { setupTimeout: '300ms', iterations: 1 };
export function setup() { for (;;) {} }
export default function () {}
`, ExitSetupTimeout},
		"teardown": {`export const options = { teardownTimeout: '300ms', iterations: 1 };
export default function () {}
export function teardown() { for (;;) {} }
`, ExitTeardownTimeout},
	} {
		t.Run(name, func(t *testing.T) {
			done := make(chan result, 1)
			go func() { done <- run(t, c.script) }()
			select {
			case r := <-done:
				r.wantCode(t, c.code)
			case <-time.After(30 * time.Second):
				t.Fatalf("the run did not end within 30s; %sTimeout is 300ms", name)
			}
		})
	}
}
