package jsbind

import (
	"os"
	"testing"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/benchserver"
	"github.com/pondigo/natsk6/go/internal/natsmod"
)

func TestMain(m *testing.M) {
	benchserver.ServeIfChild()
	os.Exit(m.Run())
}

// BenchmarkScriptPublish measures what a script pays per conn.publish in
// a plain loop: the JS→Go call, argument conversion, the publish and its
// metrics. The server runs in a child process so allocations are ours.
func BenchmarkScriptPublish(b *testing.B) {
	for _, tc := range []struct {
		name, connect, payload string
	}{
		{"16B", "{}", "'x'.repeat(16)"},
		{"1KiB", "{}", "'x'.repeat(1024)"},
		{"16B/bytes", "{}", "new Uint8Array(16)"},
		{"16B/metricsOff", "{ metrics: false }", "'x'.repeat(16)"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			vu := newVU(b, benchserver.Start(b))
			vu.run(b, `
const conn = nats.connect(`+tc.connect+`);
const data = `+tc.payload+`;
function publishLoop(n) {
  for (let i = 0; i < n; i++) {
    conn.publish('bench.pub', data);
  }
  conn.flush();
}`)
			timePublishLoop(b, vu)
		})
	}
}

// BenchmarkHandlerCall measures what a subscription handler costs per
// message on the binding's side: wrapping the Msg and calling the script
// function, which reads one field.
func BenchmarkHandlerCall(b *testing.B) {
	vu := newVU(b, benchserver.Start(b))
	vu.run(b, `
const conn = nats.connect();
const sub = conn.subscribe('bench.sub');
conn.publish('bench.sub', '0123456789abcdef');
var received = sub.next(1000);
var seen = 0;
function handler(m) { if (m.subject) seen++; }`)
	handler, ok := sobek.AssertFunction(vu.rt.Get("handler"))
	if !ok {
		b.Fatal("handler is not a function")
	}
	binder := NewBinder(vu.rt, vu.loop, func(err error) { b.Fatal(err) })
	msg := *Self(vu.rt.Get("received")).(*natsmod.Msg)
	b.ReportAllocs()
	for b.Loop() {
		binder.callHandler(handler, binder.wrapMsg(msg))
	}
}

// BenchmarkBlindHandlerCall is BenchmarkHandlerCall for a handler with
// no parameters, the counting handler of throughput tests: it gets no
// message object (ignoresArguments), so only the call is left.
func BenchmarkBlindHandlerCall(b *testing.B) {
	vu := newVU(b, benchserver.Start(b))
	vu.run(b, `
var seen = 0;
var handler = () => { seen++; };`)
	arg := vu.rt.Get("handler")
	handler, ok := sobek.AssertFunction(arg)
	if !ok {
		b.Fatal("handler is not a function")
	}
	binder := NewBinder(vu.rt, vu.loop, func(err error) { b.Fatal(err) })
	if !ignoresArguments(binder, arg) {
		b.Fatal("the handler should qualify as blind")
	}
	b.ReportAllocs()
	for b.Loop() {
		binder.callHandler(handler, nil)
	}
}

// BenchmarkBatchHandlerCall is BenchmarkHandlerCall for a batch
// subscription's handler: one call with an array of 64 reused message
// views, whose subjects it reads. Reported per message.
func BenchmarkBatchHandlerCall(b *testing.B) {
	vu := newVU(b, benchserver.Start(b))
	vu.run(b, `
const conn = nats.connect();
const sub = conn.subscribe('bench.sub');
conn.publish('bench.sub', '0123456789abcdef');
var received = sub.next(1000);
var seen = 0;
function handler(msgs) {
  let n = 0;
  for (let i = 0; i < msgs.length; i++) if (msgs[i].subject) n++;
  seen += n;
}`)
	handler, ok := sobek.AssertFunction(vu.rt.Get("handler"))
	if !ok {
		b.Fatal("handler is not a function")
	}
	binder := NewBinder(vu.rt, vu.loop, func(err error) { b.Fatal(err) })
	const batch = 64
	msgs := make([]natsmod.Msg, batch)
	for i := range msgs {
		msgs[i] = *Self(vu.rt.Get("received")).(*natsmod.Msg)
	}
	views := &batchViews{b: binder, fn: handler}
	b.ReportAllocs()
	for b.Loop() {
		views.call(msgs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/msg")
}

// timePublishLoop calls the script's publishLoop(b.N) with the benchmark
// timer started afresh, counting allocations.
func timePublishLoop(b *testing.B, vu *coreVU) {
	b.Helper()
	loop, ok := sobek.AssertFunction(vu.rt.Get("publishLoop"))
	if !ok {
		b.Fatal("publishLoop is not a function")
	}
	b.ReportAllocs()
	b.ResetTimer()
	if _, err := loop(sobek.Undefined(), vu.rt.ToValue(b.N)); err != nil {
		b.Fatal(err)
	}
}
