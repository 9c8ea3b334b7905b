package jsbind

import (
	"testing"
)

// A fetched batch is a real array whose JsMsg objects are made on first
// read: the script sees the same object on every read, iterates, maps,
// spreads, writes and resizes it as any array, and ackAll acks exactly
// the messages it then holds, which the server confirms (nats_js_acks and
// the consumer's ack floor are counted from what reached it).
func TestFetchedArrayBehavesAsAnArray(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
const js = nats.jetStream(conn);
js.addStream({ name: 'LAZY', subjects: ['lazy.>'], storage: 'memory' });
js.addConsumer('LAZY', nats.consumerConfig({ durable: 'C', deliverPolicy: 'all', ackPolicy: 'explicit' }));
for (let i = 0; i < 8; i++) js.publish('lazy.' + i, 'm' + i);
const sub = js.pullSubscribe('LAZY', '', 'C');
const msgs = sub.fetch(5, 2000);
const checks = [];
checks.push(Array.isArray(msgs), msgs.length, msgs[0] === msgs[0], msgs[5] === undefined);
checks.push(msgs.map((m) => m.data).join(' '));
checks.push([...msgs].length, Object.keys(msgs).join(''));
let subjects = '';
for (const m of msgs) subjects += m.subject.slice(5);
checks.push(subjects);
msgs[1] = 'not a message';
try { sub.ackAll(msgs); } catch (e) { checks.push(e.code + ' ' + e.message); }
msgs[1] = msgs[4];
msgs.length = 2;
checks.push(msgs.length, msgs[1].data, msgs[4] === undefined);
checks.push(sub.ackAll(msgs));
const more = js.pullMessages(sub, 3, 2000);
more.push(msgs[0]);
checks.push(more.length, more[3] === msgs[0]);
more.length = 3;
checks.push(sub.ackAll(more));
conn.flush();
var result = checks.join(',');
`)
	want := "true,5,true,true,m0 m1 m2 m3 m4,5,01234,01234," +
		"1003 Invalid configuration (1003): ackAll(msgs): msgs[1] is not a JsMsg,2,m4,true,2,4,true,3"
	if text := got.String(); text != want {
		t.Fatalf("got  %s\nwant %s", text, want)
	}
	// Acked: m0 and m4 of the first batch, then m5, m6 and m7.
	if n := vu.sum("nats_js_acks"); n != 5 {
		t.Fatalf("nats_js_acks %v, want 5", n)
	}
}
