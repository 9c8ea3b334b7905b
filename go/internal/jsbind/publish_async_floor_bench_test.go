package jsbind

import (
	"testing"
	"time"

	"github.com/grafana/sobek"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/benchserver"
)

// BenchmarkScriptPublishAsyncFloor is what bounds BenchmarkScriptPublishAsync
// from below, run beside it: natsGo is nats bench js pub async's loop
// (PublishAsync into a memory stream, then every future of the batch of
// 500 checked); promiseOnly is the script's loop with no NATS at all: a
// native function that returns a Promise it has already resolved, 500 of
// them awaited with Promise.all, the least any one-Promise-per-message
// API costs in sobek.
//
//	go test -run '^$' -bench 'ScriptPublishAsync(Floor)?$' -benchtime 200000x -count 3 -benchmem ./internal/jsbind/
func BenchmarkScriptPublishAsyncFloor(b *testing.B) {
	b.Run("natsGo", func(b *testing.B) {
		nc, err := nats.Connect(benchserver.Start(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(nc.Close)
		js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4000))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := js.CreateStream(b.Context(), jetstream.StreamConfig{Name: "FLOOR", Subjects: []string{"bench.js"}, Storage: jetstream.MemoryStorage}); err != nil {
			b.Fatal(err)
		}
		data := make([]byte, 128)
		futures := make([]jetstream.PubAckFuture, 0, 500)
		b.ReportAllocs()
		b.ResetTimer()
		for sent := 0; sent < b.N; {
			futures = futures[:0]
			for ; len(futures) < 500 && sent < b.N; sent++ {
				f, err := js.PublishAsync("bench.js", data)
				if err != nil {
					b.Fatal(err)
				}
				futures = append(futures, f)
			}
			for _, f := range futures {
				select {
				case <-f.Ok():
				case err := <-f.Err():
					b.Fatal(err)
				case <-time.After(time.Minute):
					b.Fatal("no ack within a minute")
				}
			}
		}
	})
	b.Run("promiseOnly", func(b *testing.B) {
		rt := sobek.New()
		ack := rt.ToValue(map[string]any{"stream": "FLOOR", "seq": 1})
		if err := rt.Set("publishAsync", func(sobek.FunctionCall) sobek.Value {
			promise, resolve, _ := rt.NewPromise()
			if err := resolve(ack); err != nil {
				b.Fatal(err)
			}
			return rt.ToValue(promise)
		}); err != nil {
			b.Fatal(err)
		}
		if _, err := rt.RunString(`
var settled = 0;
async function publishLoop(n) {
  for (let sent = 0; sent < n; ) {
    const acks = [];
    for (let i = 0; i < 500 && sent < n; i++, sent++) {
      acks.push(publishAsync('bench.js', 'x'));
    }
    settled += (await Promise.all(acks)).length;
  }
}`); err != nil {
			b.Fatal(err)
		}
		// The awaits run as Promise jobs before the call returns.
		timePublishLoop(b, &coreVU{rt: rt})
		b.StopTimer()
		if got := rt.Get("settled").ToInteger(); got != int64(b.N) {
			b.Fatalf("settled %d Promises, want %d", got, b.N)
		}
	})
}
