package jsbind

import (
	"testing"
	"time"

	"github.com/grafana/sobek"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/benchserver"
)

// BenchmarkScriptPublishAsync measures what a script pays per
// js.publishAsync when it awaits batches of 500, as the bench's
// js_pub_async scenario does: the call, the Promise, settling the ack on
// the VU's loop and the PubAck object. The stream keeps to memory so the
// server's disk does not set the pace.
func BenchmarkScriptPublishAsync(b *testing.B) {
	vu := newVU(b, benchserver.Start(b))
	vu.run(b, `
const conn = nats.connect();
const js = nats.jetStream(conn, { maxPending: 4000 });
js.addStream({ name: 'BENCH', subjects: ['bench.js'], storage: 'memory' });
const data = 'x'.repeat(128);
var stored = 0;
async function publishLoop(n) {
  for (let sent = 0; sent < n; ) {
    const acks = [];
    for (let i = 0; i < 500 && sent < n; i++, sent++) {
      acks.push(js.publishAsync('bench.js', data));
    }
    stored = (await Promise.all(acks)).pop().seq;
  }
}`)
	timePublishLoop(b, vu)
	if err := vu.loop.Run(b.Context()); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if got := vu.rt.Get("stored").ToInteger(); got < int64(b.N) {
		b.Fatalf("last PubAck seq %d, want at least %d", got, b.N)
	}
}

// BenchmarkScriptFetchAck measures what a script pays per message of a
// pull fetch with explicit acks, as the bench's js_fetch scenario does:
// fetch batches of 500 from a pre-filled memory stream, then ack each
// message in a for-of loop (ackEach) or the whole batch in one call
// (ackAll). Filling the stream is outside the timer.
func BenchmarkScriptFetchAck(b *testing.B) {
	for _, tc := range []struct{ name, ack string }{
		{"ackEach", "for (const m of msgs) m.ack();"},
		{"ackAll", "sub.ackAll(msgs);"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			vu := newVU(b, benchserver.Start(b))
			vu.run(b, `
const conn = nats.connect();
const js = nats.jetStream(conn);
js.addStream({ name: 'FETCH', subjects: ['bench.fetch'], storage: 'memory' });
js.addConsumer('FETCH', nats.consumerConfig({ durable: 'C', deliverPolicy: 'all', ackPolicy: 'explicit', maxAckPending: 500 }));
const sub = js.pullSubscribe('FETCH', '', 'C');
var got = 0;
function fetchLoop(n) {
  while (got < n) {
    const msgs = js.pullMessages(sub, Math.min(500, n - got), 5000);
    if (msgs.length === 0) throw new Error('stream ran dry after ' + got);
    `+tc.ack+`
    got += msgs.length;
  }
  conn.flush();
}`)
			fillStream(b, vu, "bench.fetch", b.N)
			loop, ok := sobek.AssertFunction(vu.rt.Get("fetchLoop"))
			if !ok {
				b.Fatal("fetchLoop is not a function")
			}
			b.ReportAllocs()
			b.ResetTimer()
			if _, err := loop(sobek.Undefined(), vu.rt.ToValue(b.N)); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// fillStream stores n 16-byte messages on subject, waiting for every ack.
func fillStream(b *testing.B, vu *coreVU, subject string, n int) {
	b.Helper()
	nc, err := nats.Connect(vu.url)
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4000))
	if err != nil {
		b.Fatal(err)
	}
	payload := make([]byte, 16)
	for range n {
		if _, err := js.PublishAsync(subject, payload); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(time.Minute):
		b.Fatal("stream not filled within a minute")
	}
}
