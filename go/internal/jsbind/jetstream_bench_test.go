package jsbind

import (
	"testing"

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
