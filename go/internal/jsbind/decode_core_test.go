package jsbind

import (
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

func TestDecodeCoreOptionsNameTheField(t *testing.T) {
	publish := func(m map[string]any) error { _, err := decodePublish(m); return err }
	request := func(m map[string]any) error { _, err := decodeRequest(m, natsmodRequest()); return err }
	subscribe := func(m map[string]any) error { _, err := decodeSubscribe(m); return err }
	cases := []struct {
		err   error
		field string
	}{
		{publish(map[string]any{"nope": true}), "publish.nope: unknown option"},
		{publish(map[string]any{"headers": "x"}), "publish.headers: expected an object"},
		{publish(map[string]any{"headers": map[string]any{"X": int64(1)}}), "publish.headers.X: expected an array of strings"},
		{publish(map[string]any{"headers": map[string]any{"": "v"}}), "publish.headers: header names must not be empty"},
		{publish(map[string]any{"reply": ""}), "publish.reply: must not be empty"},
		{request(map[string]any{"reply": "no"}), "request.reply: unknown option"},
		{request(map[string]any{"timestamp": "yes"}), "request.timestamp: expected a boolean"},
		{subscribe(map[string]any{"pendingMsgs": int64(0)}), "subscribe.pendingMsgs: must be positive, or -1"},
		{subscribe(map[string]any{"pendingBytes": int64(-2)}), "subscribe.pendingBytes: -2 is out of range"},
		{subscribe(map[string]any{"pendingMsgs": "many"}), "subscribe.pendingMsgs: expected a number"},
		{subscribe(map[string]any{"pendingMsgs": 1.5}), "subscribe.pendingMsgs: expected a whole number"},
		{subscribe(map[string]any{"pending": int64(10)}), "subscribe.pending: unknown option"},
	}
	for _, tc := range cases {
		wantFieldError(t, tc.field, tc.err, tc.field)
	}
}

func TestDecodeCoreOptionsValues(t *testing.T) {
	p, err := decodePublish(map[string]any{"headers": map[string]any{"X-One": "1", "X-Many": []any{"a", "b"}}, "reply": "r", "timestamp": true})
	if err != nil || p.Headers.Get("X-One") != "1" || strings.Join(p.Headers["X-Many"], ",") != "a,b" || p.Reply != "r" || !p.Timestamp {
		t.Fatalf("publish %+v, %v", p, err)
	}
	r, err := decodeRequest(map[string]any{"headers": map[string]any{"X": "y"}}, natsmodRequest())
	if err != nil || r.Headers.Get("X") != "y" || r.Timeout != natsmodRequest().Timeout {
		t.Fatalf("request %+v, %v", r, err)
	}
	s, err := decodeSubscribe(map[string]any{"pendingMsgs": int64(-1), "pendingBytes": int64(1 << 20), "batch": true})
	if err != nil || s.PendingMsgs != -1 || s.PendingBytes != 1<<20 || !s.batch {
		t.Fatalf("subscribe %+v, %v", s, err)
	}
}

// A negative timeout argument is refused naming it; a huge one is
// accepted (as about a century), never an overflow.
func TestTimeoutArguments(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
const inbox = conn.subscribe('t.sync', '');
const out = [];
for (const f of [() => inbox.next(-1), () => conn.flush(-1), () => conn.request('t.x', '', -5)]) {
  try { f(); out.push('no error'); } catch (e) { out.push(e.code + ' ' + e.message); }
}
conn.publish('t.sync', 'x');
out.push(inbox.next(Number.MAX_SAFE_INTEGER).data);
var result = out.join('\n');
`)
	want := strings.Repeat("1003 Invalid configuration (1003): timeout: must not be negative\n", 3) + "x"
	if got.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

// natsmodRequest is a request's options before its options object is read.
func natsmodRequest() natsmod.RequestOptions { return natsmod.RequestOptions{Timeout: time.Second} }
