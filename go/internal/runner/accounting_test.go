package runner

import (
	"fmt"
	"strings"
	"testing"
)

// Two subscriptions on one accounting connection see every message
// twice: the second copy of each counts as a duplicate, nothing is lost.
func TestAccountingCountsDuplicateDeliveries(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
import { sleep } from 'k6';
export const options = { iterations: 1, thresholds: { nats_msgs_lost: ['count==0'] } };
export default function () {
  const conn = nats.connect({ accounting: true });
  let got = 0;
  const a = conn.subscribe('acct.dup', '', () => { got++; });
  const b = conn.subscribe('acct.dup', '', () => { got++; });
  for (let i = 0; i < 5; i++) conn.publish('acct.dup', 'm' + i);
  conn.flush();
  for (let i = 0; i < 200 && got < 10; i++) sleep(0.01);
  if (got !== 10) throw new Error('received ' + got + ' of 10');
  a.unsubscribe(); b.unsubscribe();
}`}, Config{})
	r.wantCode(t, ExitOK)
	for name, want := range map[string]float64{"nats_msgs_duplicated": 5, "nats_msgs_lost": 0, "nats_msgs_out_of_order": 0, "nats_msgs_unacked": 0} {
		if got := r.metric(t, name, "count"); got != want {
			t.Errorf("%s = %v, want %v\n%s", name, got, want, r.stdout)
		}
	}
	if !strings.Contains(r.stdout, "sent=5 acked=5 delivered=5 lost=0 unacked=0 duplicated=5") {
		t.Errorf("accounting section missing or wrong:\n%s", r.stdout)
	}
}

// A message deleted from the stream after its PubAck is what a loss
// looks like to a read-back: acknowledged, not in the stream.
func TestReadBackFindsAnAcknowledgedMessageTheStreamLacks(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
export const options = { iterations: 1, thresholds: { nats_msgs_lost: ['count==0'] } };
const conn = nats.connect({ accounting: true });
const js = nats.jetStream(conn);
export function setup() { js.addStream({ name: 'ACCT_RB', subjects: ['acct.rb'] }); }
export default function () {
  for (let i = 0; i < 10; i++) js.publish('acct.rb', 'm' + i);
  js.deleteMessage('ACCT_RB', 4);
}
export function teardown() {
  const res = js.readBack('ACCT_RB');
  if (res.messages !== 9 || res.stamped !== 9 || res.lastSeq !== 10) throw new Error(JSON.stringify(res));
}`}, Config{})
	r.wantCode(t, ExitThresholdsFailed)
	if got := r.metric(t, "nats_msgs_lost", "count"); got != 1 {
		t.Fatalf("nats_msgs_lost = %v, want 1\n%s\n%s", got, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "read-back of stream ACCT_RB") || !strings.Contains(r.stdout, "-js lost 1: 4\n") {
		t.Errorf("accounting section does not name the lost sequence:\n%s", r.stdout)
	}
}

// publishRate's messages are stamped like any other publish, one producer
// per connection: over two connections in JetStream mode, the read-back
// finds every acknowledged message, and the counts equal the result's.
func TestPublishRateMessagesAreAccountedFor(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
export const options = { iterations: 1, thresholds: { nats_msgs_lost: ['count==0'] } };
const conn = nats.connect({ accounting: true });
const js = nats.jetStream(conn);
export function setup() { js.addStream({ name: 'ACCT_RATE', subjects: ['acct.rate'], storage: 'memory' }); }
export default async function () {
  const res = await conn.publishRate({ subject: 'acct.rate', rate: 2000, duration: '1s', mode: 'jetstream', connections: 2, payload: 16 });
  console.log('result sent=' + res.sent + ' completed=' + res.completed + ' errors=' + res.errors);
}
export function teardown() { js.readBack('ACCT_RATE'); js.deleteStream('ACCT_RATE'); }`}, Config{})
	r.wantCode(t, ExitOK)
	var sent, completed, errs int
	for _, line := range strings.Split(r.logs, "\n") {
		if _, after, ok := strings.Cut(line, "result "); ok {
			if _, err := fmt.Sscanf(after, "sent=%d completed=%d errors=%d", &sent, &completed, &errs); err != nil {
				t.Fatalf("result line %q: %v", line, err)
			}
		}
	}
	if sent == 0 {
		t.Fatalf("no publishRate result logged:\n%s", r.stderr)
	}
	want := fmt.Sprintf("sent=%d acked=%d delivered=%d lost=0 unacked=%d duplicated=0 out_of_order=0", sent, completed, completed, sent-completed)
	if !strings.Contains(r.stdout, want) {
		t.Errorf("accounting section wants %q:\n%s", want, r.stdout)
	}
}
