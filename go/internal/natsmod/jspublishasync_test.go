package natsmod

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// TestPublishAsyncFromItsOwnCallback publishes the next round from the
// callback that settles the last ack of a round, as `await
// Promise.all(batch)` in a loop does, and checks that the loop still ends
// once everything is settled.
func TestPublishAsyncFromItsOwnCallback(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}, Storage: jetstream.MemoryStorage})
	const rounds, perRound = 50, 20
	settled, round := 0, 0
	var done func(*PubAck, error)
	publishRound := func() {
		round++
		for range perRound {
			if err := js.PublishAsync("s.x", []byte("m"), JSPublishOptions{}, done); err != nil {
				t.Fatal(err)
			}
		}
	}
	done = func(_ *PubAck, err error) {
		if err != nil {
			t.Error(err)
		}
		settled++
		if js.PublishAsyncPending() == 0 && round < rounds {
			publishRound()
		}
	}
	publishRound()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := e.host.Loop.Run(ctx); err != nil {
		t.Fatalf("the loop did not go idle after the last round: %v", err)
	}
	if settled != rounds*perRound || js.PublishAsyncPending() != 0 || e.host.Loop.Busy() {
		t.Fatalf("settled %d of %d, pending %d, loop busy %v", settled, rounds*perRound, js.PublishAsyncPending(), e.host.Loop.Busy())
	}
	if info, _ := js.StreamInfo("S"); info.State.Messages != rounds*perRound {
		t.Fatalf("stored %d", info.State.Messages)
	}
	if got := e.stats("nats_js_msgs_published").Sum; got != rounds*perRound {
		t.Fatalf("nats_js_msgs_published %v", got)
	}
	if got := e.stats("nats_js_publish_duration").Count; got != rounds*perRound {
		t.Fatalf("nats_js_publish_duration has %v samples", got)
	}
}

// TestPublishAsyncStallsUpToTheTimeout fills maxPending with a publish no
// stream answers (a plain subscriber swallows it): the next publish waits
// for room up to the timeout and fails with 1022, then the first one's
// ack times out and rejects with 1022 too.
func TestPublishAsyncStallsUpToTheTimeout(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	conn := e.connect(t, ConnectOptions{})
	if _, err := conn.Subscribe("void", "", func(*Msg) {}, SubscribeOptions{}); err != nil {
		t.Fatal(err)
	}
	js, err := e.module.JetStream(conn, JetStreamOptions{MaxPending: 1, Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var firstErr error
	firstDone := false
	if err := js.PublishAsync("void", []byte("x"), JSPublishOptions{}, func(_ *PubAck, err error) { firstErr, firstDone = err, true }); err != nil {
		t.Fatal(err)
	}
	err = js.PublishAsync("void", []byte("y"), JSPublishOptions{}, func(*PubAck, error) { t.Error("a publish that never left was settled") })
	wantCode(t, err, CodeJSPublishAsyncFailed)
	e.runLoopUntil(t, func() bool { return firstDone })
	wantCode(t, firstErr, CodeJSPublishAsyncFailed)
	if got := e.stats("nats_js_publish_errors").Sum; got != 2 {
		t.Fatalf("nats_js_publish_errors %v, want 2", got)
	}
	if js.PublishAsyncPending() != 0 {
		t.Fatalf("pending %d after both failed", js.PublishAsyncPending())
	}
}

// TestPublishAsyncAbandonedIteration interrupts an iteration with acks
// outstanding: their results reach nobody, the loop is not held for
// them, and the next iteration's publishes settle as usual.
func TestPublishAsyncAbandonedIteration(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}, Storage: jetstream.MemoryStorage})
	for range 100 {
		if err := js.PublishAsync("s.x", []byte("m"), JSPublishOptions{}, func(*PubAck, error) { t.Error("a result of the abandoned iteration was settled") }); err != nil {
			t.Fatal(err)
		}
	}
	e.host.Loop.Abandon()
	if e.host.Loop.Busy() || js.PublishAsyncPending() != 0 {
		t.Fatalf("after Abandon: loop busy %v, pending %d", e.host.Loop.Busy(), js.PublishAsyncPending())
	}
	settled := 0
	for range 10 {
		if err := js.PublishAsync("s.x", []byte("m"), JSPublishOptions{}, func(_ *PubAck, err error) {
			if err != nil {
				t.Error(err)
			}
			settled++
		}); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	if err := e.host.Loop.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if settled != 10 {
		t.Fatalf("settled %d of the next iteration's 10", settled)
	}
	if info, _ := js.StreamInfo("S"); info.State.Messages != 110 {
		t.Fatalf("stored %d, want all 110", info.State.Messages)
	}
}
