package natsmod

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// BenchmarkSubscribeHandler measures a handler subscription receiving
// messages on the VU's loop: delivery from nats.go's goroutine, the
// hand-over to the loop, the received metrics and the handler call. The
// publisher stays within the subscription's pending limits, so nothing
// is dropped and every message is handled.
func BenchmarkSubscribeHandler(b *testing.B) {
	benchSubscribe(b, func(conn *Connection, handled *atomic.Int64) (*Subscription, error) {
		return conn.Subscribe("bench.sub", "", func(*Msg) { handled.Add(1) }, SubscribeOptions{})
	})
}

// BenchmarkSubscribeBatchHandler is BenchmarkSubscribeHandler for a
// batch subscription: one handler call per loop turn with every message
// that arrived.
func BenchmarkSubscribeBatchHandler(b *testing.B) {
	benchSubscribe(b, func(conn *Connection, handled *atomic.Int64) (*Subscription, error) {
		return conn.SubscribeBatch("bench.sub", "", func(msgs []Msg) { handled.Add(int64(len(msgs))) }, SubscribeOptions{})
	})
}

// benchSubscribe publishes b.N messages to the subscription subscribe
// makes on bench.sub, which counts them in handled, and runs the VU's
// loop until all are handled.
func benchSubscribe(b *testing.B, subscribe func(*Connection, *atomic.Int64) (*Subscription, error)) {
	url := startServerProcess(b)
	e := newCoreEnv(b, url)
	conn, err := e.module.Connect(ConnectOptions{URLs: []string{url}})
	if err != nil {
		b.Fatal(err)
	}
	var handled atomic.Int64
	sub, err := subscribe(conn, &handled)
	if err != nil {
		b.Fatal(err)
	}
	if err := conn.Flush(0); err != nil {
		b.Fatal(err)
	}
	pub, err := nats.Connect(url)
	if err != nil {
		b.Fatal(err)
	}
	defer pub.Close()
	payload := make([]byte, 16)
	b.ReportAllocs()
	b.ResetTimer()
	go func() {
		const chunk, ahead = 1000, subPendingMsgs / 2
		for sent := 0; sent < b.N; {
			for range min(chunk, b.N-sent) {
				_ = pub.Publish("bench.sub", payload)
				sent++
			}
			for int64(sent)-handled.Load() > ahead {
				time.Sleep(50 * time.Microsecond)
			}
		}
		_ = pub.Flush()
	}()
	deadline := time.Now().Add(time.Minute)
	for handled.Load() < int64(b.N) && time.Now().Before(deadline) {
		_ = e.host.Loop.RunFor(b.Context(), time.Millisecond)
	}
	b.StopTimer()
	if got := handled.Load(); got != int64(b.N) {
		b.Fatalf("handled %d of %d messages", got, b.N)
	}
	_ = sub.Unsubscribe()
}
