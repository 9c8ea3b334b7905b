package jsbind

import (
	"bytes"
	"testing"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/eventloop"
)

// Instances keep the shape scripts rely on now that methods live on a
// per-class prototype: data fields serialize, methods do not, neither
// can be replaced, and a method checks what `this` is.
func TestInstanceObjectModel(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
'use strict';
const conn = nats.connect();
const other = nats.connect();
const sub = conn.subscribe('model.s', 'q');
const out = [];
const thrown = (fn) => { try { fn(); return 'no error'; } catch (e) { return e.name; } };
out.push(JSON.stringify(sub));
out.push(Object.keys(conn).length, typeof conn.publish, 'publish' in conn, conn.hasOwnProperty('publish'));
out.push(Object.getPrototypeOf(conn) === Object.getPrototypeOf(other));
out.push(thrown(() => { conn.publish = () => {}; }), thrown(() => { sub.subject = 'x'; }));
conn.note = 'kept';
out.push(conn.note, JSON.stringify(conn));
// a method borrowed onto another object, or another class's instance
out.push(thrown(() => conn.publish.call({}, 'model.x', 'd')), thrown(() => conn.publish.call(sub, 'model.x', 'd')));
// alternating receivers: each call publishes on its own connection
const got = [];
const reader = other.subscribe('model.alt');
other.flush(); // the server has the subscription before conn publishes
conn.publish('model.alt', 'from conn');
other.publish('model.alt', 'from other');
conn.publish('model.alt', 'from conn again');
conn.flush();
other.flush();
for (let i = 0; i < 3; i++) got.push(reader.next(1000).data);
out.push(got.sort().join('|')); // two connections: no order between them
out.push(String(conn.stats().outMsgs), String(other.stats().outMsgs));
var result = out.join(',');
`)
	want := `{"queue":"q","subject":"model.s"},0,function,true,false,true,TypeError,TypeError,kept,{"note":"kept"},TypeError,TypeError,from conn|from conn again|from other,2,1`
	if got.String() != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

// A string payload is sent as its exact UTF-8 bytes whether the JS
// string is ASCII or not (sobek stores the two differently).
func TestStringPayloadBytes(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
const sub = conn.subscribe('payload.s');
const sent = ['plain ascii', 'é ü 😀', ''];
for (const s of sent) conn.publish('payload.s', s);
conn.publishBulk('payload.s', 'bulk é', 2);
const out = [];
for (let i = 0; i < 5; i++) {
  const m = sub.next(1000);
  out.push(m.data + ':' + new Uint8Array(m.bytes).length);
}
var result = out.join('|');
`)
	want := "plain ascii:11|é ü 😀:10|:0|bulk é:7|bulk é:7"
	if got.String() != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

// Arguments of the wrong type are 1003 errors naming the argument; whole
// numbers may arrive as ints or floats.
func TestArgumentTypes(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const conn = nats.connect();
const err = (fn) => { try { fn(); return 'ok'; } catch (e) { return e.code + ' ' + e.message.split(': ')[1]; } };
var result = [
  err(() => conn.publish(42, 'x')),
  err(() => conn.publish('args.a', 42)),
  err(() => conn.publish('args.a', { not: 'bytes' })),
  err(() => conn.flush('10')),
  err(() => conn.flush(1000.0)),
  String(conn.publishBulk('args.a', 'x', 2)),
  String(conn.publishBulk('args.a', 'x', 3.0)),
].join('|');
`)
	want := "1003 subject|1003 data|1003 data|1003 timeout|ok|2|3"
	if got.String() != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

// Payload's bytes are the caller's own: a script writing to its buffer
// afterwards does not change them. payloadView, for calls that copy before
// returning, sees the buffer itself.
func TestPayloadOwnsBufferBytes(t *testing.T) {
	rt := sobek.New()
	b := NewBinder(rt, eventloop.New(), func(err error) { t.Fatal(err) })
	buf, err := rt.RunString(`new Uint8Array([1, 2, 3]).subarray(1)`)
	if err != nil {
		t.Fatal(err)
	}
	owned, err := b.Payload(buf, "data")
	if err != nil {
		t.Fatal(err)
	}
	view, err := b.payloadView(buf, "data")
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Set("buf", buf); err != nil {
		t.Fatal(err)
	}
	if _, err := rt.RunString(`buf[0] = 9`); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(owned, []byte{2, 3}) {
		t.Errorf("Payload bytes changed with the script's buffer: %v", owned)
	}
	if !bytes.Equal(view, []byte{9, 3}) {
		t.Errorf("payloadView = %v, want the buffer's current bytes [9 3]", view)
	}
}
