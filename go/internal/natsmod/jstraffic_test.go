package natsmod

import (
	"bytes"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// TestJetStreamTrafficFeedsDataMetrics checks that data_sent and
// data_received count exactly the payload bytes of JetStream publishes,
// KV and Object Store writes and reads, and consumer deliveries.
func TestJetStreamTrafficFeedsDataMetrics(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}, Storage: jetstream.MemoryStorage})
	sent := 0
	for _, n := range []int{10, 20, 30} {
		if _, err := js.Publish("s.sync", bytes.Repeat([]byte("x"), n), JSPublishOptions{}); err != nil {
			t.Fatal(err)
		}
		sent += n
	}
	publishAsyncN(t, e, js, "s.async", []byte("12345"), 2)
	sent += 2 * 5

	kv, err := js.CreateKeyValue(jetstream.KeyValueConfig{Bucket: "KV", History: 5, Storage: jetstream.MemoryStorage})
	if err != nil {
		t.Fatal(err)
	}
	rev, err := kv.Put("k", []byte("seven!!"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Create("k2", []byte("abc")); err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Update("k", []byte("four"), rev); err != nil {
		t.Fatal(err)
	}
	sent += 7 + 3 + 4
	store, err := js.CreateObjectStore(jetstream.ObjectStoreConfig{Bucket: "OBJ", Storage: jetstream.MemoryStorage})
	if err != nil {
		t.Fatal(err)
	}
	object := bytes.Repeat([]byte("o"), 1000)
	if _, err := store.Put("f", object, ObjectPutOptions{}); err != nil {
		t.Fatal(err)
	}
	sent += len(object)
	if got := e.stats("data_sent").Sum; got != float64(sent) {
		t.Fatalf("data_sent %v, want %d", got, sent)
	}

	sub, err := js.PullSubscribe("S", "s.>", "D")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := sub.Fetch(5, 2*time.Second)
	if err != nil || len(msgs) != 5 {
		t.Fatalf("fetched %d, %v", len(msgs), err)
	}
	received := 10 + 20 + 30 + 5 + 5
	if entry, err := kv.Get("k"); err != nil || string(entry.Value) != "four" {
		t.Fatalf("kv get: %v", err)
	}
	if history, err := kv.History("k"); err != nil || len(history) != 2 {
		t.Fatalf("kv history: %d, %v", len(history), err)
	}
	received += 4 + 7 + 4
	caughtUp := false
	w, err := kv.Watch("k", WatchOptions{}, func(entry *KVEntry) { caughtUp = caughtUp || entry == nil })
	if err != nil {
		t.Fatal(err)
	}
	e.runLoopUntil(t, func() bool { return caughtUp })
	w.Stop()
	received += 4 // the watch's current value
	if data, err := store.Get("f"); err != nil || !bytes.Equal(data, object) {
		t.Fatalf("object get: %v", err)
	}
	received += len(object)
	if got := e.stats("data_received").Sum; got != float64(received) {
		t.Fatalf("data_received %v, want %d", got, received)
	}
	if got := e.stats("data_sent").Sum; got != float64(sent) {
		t.Fatalf("reads changed data_sent: %v, want %d", got, sent)
	}
}
