package runner

import (
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
