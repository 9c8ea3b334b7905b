package jsbind

import (
	"strings"
	"testing"
	"time"
)

// A batch subscription's handler gets arrays: every message once, in
// order, with its metrics counted once per message though they are
// added once per batch.
func TestScriptBatchSubscriptionDeliversEveryMessageInOrder(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
const N = 500;
const seen = [];
let batches = 0;
let result;
const sub = conn.subscribe('js.batch', '', (msgs) => {
  batches++;
  for (let i = 0; i < msgs.length; i++) seen.push(msgs[i].data);
  if (seen.length === N) {
    sub.unsubscribe();
    let inOrder = true;
    for (let i = 0; i < N; i++) inOrder = inOrder && seen[i] === 'm' + i;
    result = [seen.length, inOrder, batches >= 1 && batches <= N, Array.isArray(msgs)].join(',');
  }
}, { batch: true });
for (let i = 0; i < N; i++) conn.publish('js.batch', 'm' + i);
conn.flush();
`)
	if got == nil || got.String() != "500,true,true,true" {
		t.Fatalf("got %v", got)
	}
	if len(vu.uncaught) > 0 {
		t.Fatal(vu.uncaught)
	}
	if n := vu.sum("nats_msgs_received"); n != 500 {
		t.Fatalf("nats_msgs_received %v, want 500", n)
	}
	// 'm0'..'m499': 10×2 + 90×3 + 400×4 bytes.
	if n := vu.sum("nats_bytes_received"); n != 1890 {
		t.Fatalf("nats_bytes_received %v, want 1890", n)
	}
}

// A batch's message objects are views valid during the handler call: one
// kept past it throws a TypeError saying so instead of showing another
// message. A per-message handler's message stays the script's to keep.
func TestScriptBatchMessagesExpireWhenTheHandlerReturns(t *testing.T) {
	vu := newCoreVU(t)
	vu.run(t, `
const conn = nats.connect();
let keptBatch, keptSingle;
const batch = conn.subscribe('js.keep.batch', '', (msgs) => { keptBatch = msgs[0]; batch.unsubscribe(); }, { batch: true });
const single = conn.subscribe('js.keep.single', (m) => { keptSingle = m; single.unsubscribe(); });
conn.publish('js.keep.batch', 'b');
conn.publish('js.keep.single', 's');
`)
	// Both handlers ran and returned: the loop is idle once both unsubscribed.
	got := vu.run(t, `
let err = 'none';
try { keptBatch.data; } catch (e) { err = e.name + ': ' + e.message; }
var result = [keptSingle.data, keptSingle.subject, err].join('|');
`)
	want := "s|js.keep.single|TypeError: " + expiredMsgText
	if got == nil || got.String() != want {
		t.Fatalf("got  %v\nwant %s", got, want)
	}
}

// batch: true needs a handler: there is nothing to deliver arrays to.
func TestScriptBatchSubscriptionWithoutHandlerIsRefused(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
let result;
try { conn.subscribe('js.nobatch', '', null, { batch: true }); result = 'none'; } catch (e) { result = e.code + ' ' + e.message; }
`)
	if got == nil || !strings.Contains(got.String(), "handler") || !strings.HasPrefix(got.String(), "10") {
		t.Fatalf("got %v", got)
	}
}

// A batch handler that runs the loop itself (sleep does) can be called
// again before it returns: the nested call must not reuse the outer
// call's views, which still show the outer call's messages afterwards.
func TestScriptNestedBatchCallsKeepTheirOwnMessages(t *testing.T) {
	vu := newCoreVU(t)
	// pump is sleep's loop run, without the k6 module.
	if err := vu.rt.Set("pump", func() { _ = vu.loop.RunFor(t.Context(), 10*time.Millisecond) }); err != nil {
		t.Fatal(err)
	}
	got := vu.run(t, `
const conn = nats.connect();
const seen = [];
let depth = 0, result;
const sub = conn.subscribe('js.nest', '', (msgs) => {
  depth++;
  const mine = msgs.map((m) => m.data).join(',');
  seen.push(...msgs.map((m) => m.data));
  if (depth === 1) {
    try {
      for (let i = 0; i < 3; i++) conn.publish('js.nest', 'inner' + i);
      conn.flush();
      for (let i = 0; seen.length < 5 && i < 500; i++) pump(); // the nested calls run in here (5 s at most)
      result = [mine === msgs.map((m) => m.data).join(','), mine.startsWith('outer'), seen.slice().sort().join(',')].join('|');
    } finally {
      sub.unsubscribe();
    }
  }
  depth--;
}, { batch: true });
conn.publish('js.nest', 'outer0');
conn.publish('js.nest', 'outer1');
`)
	if want := "true|true|inner0,inner1,inner2,outer0,outer1"; got == nil || got.String() != want {
		t.Fatalf("got  %v\nwant %s", got, want)
	}
	if len(vu.uncaught) > 0 {
		t.Fatal(vu.uncaught)
	}
}
