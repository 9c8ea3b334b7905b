package runner

import (
	"path/filepath"
	"strings"
	"testing"
)

// A script drives conn.publishRate end to end: the Promise resolves with
// the result, a handler in the same VU counts every message while the
// publisher runs, the samples reach the summary, a threshold on
// nats_publish_delay is checked, and an unknown option is a 1003 naming it.
func TestPublishRateFromAScript(t *testing.T) {
	r := runFiles(t, map[string]string{"script.ts": `import nats from 'k6/x/nats';
import { check } from 'k6';
export const options = { iterations: 1, thresholds: { nats_publish_delay: ['max<60000'] } };
export default async function (): Promise<void> {
  const conn = nats.connect({});
  let got = 0;
  const sub = conn.subscribe('rate.script', () => { got++; });
  conn.flush();
  let code = 0;
  try { conn.publishRate({ subject: 'rate.script', rate: 10, duration: '1s', sped: 2 } as never); } catch (e) { code = (e as { code: number }).code; console.log('error ' + String(e)); }
  const res = await conn.publishRate({ subject: 'rate.script', rate: 2000, duration: '1s', payload: 16, connections: 2 });
  conn.flush();
  await new Promise<void>((resolve) => { const poll = (): void => { if (got >= res.sent) resolve(); else setTimeout(poll, 10); }; poll(); });
  check(res, {
    'all 2000 scheduled': (r) => r.scheduled === 2000,
    'every message received': (r) => got === r.sent && r.sent === r.completed,
    'offered 2000/s': (r) => r.offeredRate === 2000,
    'unknown option is 1003': () => code === 1003,
  });
  console.log('result ' + JSON.stringify(res));
  sub.unsubscribe();
  conn.close();
}`}, Config{})
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "fails"); got != 0 {
		t.Fatalf("%v checks failed\n%s", got, r.stderr)
	}
	if !strings.Contains(r.logs, "publishRate.sped: unknown option") {
		t.Fatalf("the unknown option was not named:\n%s", r.logs)
	}
	sent := r.metric(t, "nats_msgs_published", "count")
	if sent < 1980 {
		t.Fatalf("%v of 2000 messages published", sent)
	}
	if got := r.metric(t, "nats_publish_delay", "max"); got <= 0 {
		t.Fatalf("nats_publish_delay max %v", got)
	}
	if got := r.metric(t, "nats_msgs_offered", "count"); got != 2000 {
		t.Fatalf("nats_msgs_offered %v, want 2000", got)
	}
	if got := r.metric(t, "nats_msgs_received", "count"); got != sent {
		t.Fatalf("nats_msgs_received %v, want %v", got, sent)
	}
}

// examples/open-loop.ts, scaled down, in both modes: every offered
// message was published (acked, for JetStream), none missed. Its
// thresholds on timing are the machine's to pass: a loaded one may cross
// them (exit 99), but the script must not fail otherwise.
func TestOpenLoopExample(t *testing.T) {
	script, err := filepath.Abs("../../../examples/open-loop.ts")
	if err != nil {
		t.Fatal(err)
	}
	for mode, published := range map[string]string{"core": "nats_msgs_published", "jetstream": "nats_js_msgs_published"} {
		t.Run(mode, func(t *testing.T) {
			r := runFiles(t, nil, Config{ScriptPath: script, Env: map[string]string{
				"RATE": "4000", "SLICE": "1s", "DURATION": "2s", "MODE": mode, "WARMUP": "200ms",
			}})
			if r.code != ExitThresholdsFailed {
				r.wantCode(t, ExitOK)
			}
			// Slices of 1 s at 4000 msgs/s, 800 messages of each the warm-up's.
			want := 3200 * r.metric(t, "iterations", "count")
			if got := r.metric(t, "nats_msgs_offered", "count"); got != want || got == 0 {
				t.Errorf("nats_msgs_offered %v, want %v", got, want)
			}
			if got := r.metric(t, published, "count"); got != want {
				t.Errorf("%s %v, want %v", published, got, want)
			}
			if got := r.metric(t, "nats_msgs_missed", "count"); got != 0 {
				t.Errorf("nats_msgs_missed %v", got)
			}
		})
	}
}

// examples/e2e-latency.ts, scaled down: the consumer VU receives every
// message and records end-to-end latencies.
func TestE2ELatencyExample(t *testing.T) {
	script, err := filepath.Abs("../../../examples/e2e-latency.ts")
	if err != nil {
		t.Fatal(err)
	}
	r := runFiles(t, nil, Config{ScriptPath: script, Env: map[string]string{"RATE": "4000", "DURATION": "1s", "WARMUP": "500ms"}})
	if r.code != ExitThresholdsFailed { // latency thresholds: the machine's to pass
		r.wantCode(t, ExitOK)
	}
	if got := r.metric(t, "nats_msgs_offered", "count"); got != 2000 {
		t.Errorf("nats_msgs_offered %v, want the 2000 measured messages", got)
	}
	// 4000 data messages and the end-of-run message, each received once.
	if got := r.metric(t, "nats_msgs_received", "count"); got != 4001 {
		t.Errorf("nats_msgs_received %v, want 4001", got)
	}
	if got := r.metric(t, "nats_e2e_latency", "max"); got <= 0 {
		t.Errorf("nats_e2e_latency max %v", got)
	}
}
