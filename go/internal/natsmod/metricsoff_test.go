package natsmod

import (
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// With metrics: false a connection emits no nats_* sample, while the k6
// built-ins data_sent and data_received still count its traffic.
func TestMetricsOffKeepsOnlyDataCounters(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	off := ConnectOptions{NoMetrics: true, Timestamp: true, TagSubject: true}
	c := e.connect(t, off)
	e.respondPong(t, "off.req", off)
	recv := 0
	sub, err := c.Subscribe("off.pub", "", func(*Msg) { recv++ }, SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_ = c.Flush(0)
	for range 100 {
		if err := c.Publish("off.pub", []byte("0123456789"), PublishOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.PublishBulk("off.pub", []byte("0123456789"), 50); err != nil {
		t.Fatal(err)
	}
	e.runLoopUntil(t, func() bool { return recv == 150 })
	replies := 0
	for range 20 {
		m, err := c.Request("off.req", []byte("ping"), RequestOptions{Timeout: 2 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		replies += len(m.Data())
	}
	_, err = c.Request("off.nobody", nil, RequestOptions{Timeout: 200 * time.Millisecond})
	wantCode(t, err, CodeRequestFailed)
	_ = sub.Unsubscribe()

	for _, m := range e.host.Registry.Metrics() {
		if s := e.stats(m.Name); strings.HasPrefix(m.Name, "nats_") && s.Count > 0 {
			t.Errorf("%s has %d samples with metrics: false", m.Name, s.Count)
		}
	}
	// Sent: 150 publishes and 20 requests; received: 150 messages and 20
	// replies (the responder answers through nats.go directly).
	if got, want := e.stats("data_sent").Sum, float64(150*10+20*4); got != want {
		t.Errorf("data_sent = %v, want %v", got, want)
	}
	if got, want := e.stats("data_received").Sum, float64(150*10+replies); got != want {
		t.Errorf("data_received = %v, want %v", got, want)
	}
}

// With metrics: false, JetStream, KV and Object Store calls emit no
// nats_js_*, nats_kv_* or nats_obj_* sample either, while data_sent and
// data_received still count their payloads.
func TestMetricsOffCoversJetStream(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	js, err := e.module.JetStream(e.connect(t, ConnectOptions{NoMetrics: true}), JetStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}, Storage: jetstream.MemoryStorage})
	if _, err := js.Publish("s.sync", []byte("0123456789"), JSPublishOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish("s.sync", []byte("0123456789"), JSPublishOptions{MsgID: "dup"}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.Publish("s.sync", []byte("0123456789"), JSPublishOptions{MsgID: "dup"}); err != nil {
		t.Fatal(err)
	}
	_, err = js.Publish("nostream", []byte("x"), JSPublishOptions{Timeout: 300 * time.Millisecond})
	wantCode(t, err, CodeJSPublishFailed)
	publishAsyncN(t, e, js, "s.async", []byte("12345"), 5)
	sent := 3*10 + 1 + 5*5

	sub, err := js.PullSubscribe("S", "s.>", "D")
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := sub.Fetch(8, 2*time.Second)
	if err != nil || len(msgs) != 7 {
		t.Fatalf("fetched %d, %v", len(msgs), err)
	}
	if err := msgs[0].Ack(); err != nil {
		t.Fatal(err)
	}
	if err := msgs[1].Nak(0); err != nil {
		t.Fatal(err)
	}
	received := 2*10 + 5*5
	if _, err := js.ConsumerInfo("S", "D"); err != nil {
		t.Fatal(err)
	}

	kv, err := js.CreateKeyValue(jetstream.KeyValueConfig{Bucket: "KV", Storage: jetstream.MemoryStorage})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Put("k", []byte("value")); err != nil {
		t.Fatal(err)
	}
	if _, err := kv.Get("k"); err != nil {
		t.Fatal(err)
	}
	store, err := js.CreateObjectStore(jetstream.ObjectStoreConfig{Bucket: "OBJ", Storage: jetstream.MemoryStorage})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Put("f", []byte("object"), ObjectPutOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Get("f"); err != nil {
		t.Fatal(err)
	}
	sent += len("value") + len("object")
	received += len("value") + len("object")

	for _, m := range e.host.Registry.Metrics() {
		if s := e.stats(m.Name); strings.HasPrefix(m.Name, "nats_") && s.Count > 0 {
			t.Errorf("%s has %d samples with metrics: false", m.Name, s.Count)
		}
	}
	if got := e.stats("data_sent").Sum; got != float64(sent) {
		t.Errorf("data_sent = %v, want %d", got, sent)
	}
	if got := e.stats("data_received").Sum; got != float64(received) {
		t.Errorf("data_received = %v, want %d", got, received)
	}
}
