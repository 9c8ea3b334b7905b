package runner

import (
	"strings"
	"testing"
)

// manySubscriptionsScript subscribes N handlers in one VU, one subject
// each, publishes one message to each, and ends them all (END) once
// every handler has run: the iteration, which they hold, then ends. The
// server's side is read back: every message arrived, and after
// unsubscribing a request finds no responders.
const manySubscriptionsScript = `import nats from 'k6/x/nats';
import { check } from 'k6';
export const options = { iterations: 1 };
const N = 10000;
export default function () {
  const conn = nats.connect();
  const subs = [];
  let got = 0;
  for (let i = 0; i < N; i++) {
    subs.push(conn.subscribe('many.' + i, '', () => {
      if (++got === N) {
        check(got, { 'every subscription got its message': (n) => n === N });
        END
      }
    }));
  }
  conn.flush();
  for (let i = 0; i < N; i++) conn.publish('many.' + i, 'x');
  conn.flush();
}
`

// Ten thousand subscriptions in one VU work, and unsubscribing or
// draining them all ends the iteration cleanly.
func TestTenThousandSubscriptionsInOneVU(t *testing.T) {
	for name, end := range map[string]string{
		"unsubscribe": `for (const s of subs) s.unsubscribe();
        conn.flush();
        let code = 0;
        try { conn.request('many.' + (N - 1), 'x', 2000); } catch (e) { code = e.code; }
        check(code, { 'no subscription is left at the server': (c) => c === 1011 });
        conn.close();`,
		"drain": `conn.drain();`,
	} {
		t.Run(name, func(t *testing.T) {
			r := runFiles(t, map[string]string{"script.js": strings.Replace(manySubscriptionsScript, "END", end, 1)}, Config{Quiet: true})
			checks := 1.0
			if name == "unsubscribe" {
				checks = 2
			}
			r.wantAllChecks(t, checks)
			r.wantNoException(t)
			if strings.Contains(r.logs, "\nerror: ") {
				t.Errorf("the run logged an error:\n%s", r.logs)
			}
			if n := r.count("iterations"); n != 1 {
				t.Errorf("%v iterations completed, want 1", n)
			}
			if n := r.count("nats_msgs_received"); n != 10000 {
				t.Errorf("nats_msgs_received = %v, want 10000", n)
			}
		})
	}
}
