package natsmod

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"
)

// BenchmarkPublishAsyncBulk measures publishAsyncBulk, the JetStream
// throughput path: one op is a bulk of 1000 messages of 128 B into a
// memory stream with 4000 acks in flight, as bench js_pub_async_bulk.
func BenchmarkPublishAsyncBulk(b *testing.B) {
	e := newCoreEnv(b, startServerProcess(b))
	c, err := e.module.Connect(ConnectOptions{})
	if err != nil {
		b.Fatal(err)
	}
	js, err := e.module.JetStream(c, JetStreamOptions{MaxPending: 4000})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := js.AddStream(jetstream.StreamConfig{Name: "BULK", Subjects: []string{"bulk"}, Storage: jetstream.MemoryStorage, MaxMsgs: 100000}); err != nil {
		b.Fatal(err)
	}
	payload := make([]byte, 128)
	const perOp = 1000
	b.ReportAllocs()
	for b.Loop() {
		settled := false
		if err := js.PublishAsyncBulk("bulk", payload, perOp, JSPublishOptions{}, func(r *AsyncBulkResult, err error) {
			if err != nil || r.Acked != perOp {
				b.Fatalf("bulk: %+v, %v", r, err)
			}
			settled = true
		}); err != nil {
			b.Fatal(err)
		}
		if err := e.host.Loop.RunUntil(b.Context(), func() bool { return settled }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perOp), "ns/msg")
}
