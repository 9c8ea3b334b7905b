package natsmod

import (
	"bytes"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

func TestPublishSubscribeHandlerWithHeadersAndBinary(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	payload := []byte{0, 1, 2, 0xff, 0xfe, '\n', 0x80}
	var got []*Msg
	sub, err := c.Subscribe("core.bin", "", func(m *Msg) { got = append(got, m) }, SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Subject() != "core.bin" || sub.Queue() != "" {
		t.Fatalf("subject %q queue %q", sub.Subject(), sub.Queue())
	}
	opts := PublishOptions{Headers: nats.Header{"X-One": {"1"}, "X-Many": {"a", "b"}}, Reply: "core.replyto"}
	if err := c.Publish("core.bin", payload, opts); err != nil {
		t.Fatal(err)
	}
	e.runLoopUntil(t, func() bool { return len(got) == 1 })
	m := got[0]
	if !bytes.Equal(m.Data(), payload) || m.Subject() != "core.bin" || m.Reply() != "core.replyto" {
		t.Fatalf("got %q on %q reply %q", m.Data(), m.Subject(), m.Reply())
	}
	if h := m.Headers(); h["X-One"][0] != "1" || len(h["X-Many"]) != 2 || h["X-Many"][1] != "b" {
		t.Fatalf("headers %v", h)
	}
	// The subscription holds the loop until it is unsubscribed.
	if !e.host.Loop.Busy() {
		t.Fatal("an active handler subscription must hold the loop")
	}
	if err := sub.Unsubscribe(); err != nil {
		t.Fatal(err)
	}
	if e.host.Loop.Busy() {
		t.Fatal("unsubscribe must release the loop")
	}
}

func TestQueueGroupSplitsWithoutLoss(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	var a, b int
	subA, err := c.Subscribe("core.q", "workers", func(*Msg) { a++ }, SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	subB, err := c.Subscribe("core.q", "workers", func(*Msg) { b++ }, SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if subA.Queue() != "workers" {
		t.Fatalf("queue %q", subA.Queue())
	}
	const n = 400
	if sent, err := c.PublishBulk("core.q", []byte("x"), n); err != nil || sent != n {
		t.Fatalf("publishBulk: %d, %v", sent, err)
	}
	e.runLoopUntil(t, func() bool { return a+b == n })
	if a == 0 || b == 0 {
		t.Fatalf("queue group did not split: %d and %d", a, b)
	}
	_ = subA.Drain()
	_ = subB.Drain()
	if err := e.host.Loop.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if a+b != n {
		t.Fatalf("%d messages delivered, want %d", a+b, n)
	}
}

func TestSyncSubscriptionNextAndTimeout(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	sub, err := c.Subscribe("core.sync", "", nil, SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if e.host.Loop.Busy() {
		t.Fatal("a subscription without handler must not hold the loop")
	}
	_ = c.Publish("core.sync", []byte("one"), PublishOptions{})
	if m, err := sub.Next(2 * time.Second); err != nil || string(m.Data()) != "one" {
		t.Fatalf("next: %v", err)
	}
	_, err = sub.Next(20 * time.Millisecond)
	wantCode(t, err, CodeTimeout)
	if err := sub.Unsubscribe(); err != nil {
		t.Fatal(err)
	}
	_, err = sub.Next(20 * time.Millisecond)
	wantCode(t, err, CodeSubscribeFailed)
	wantCode(t, sub.Unsubscribe(), CodeSubscribeFailed)

	handled, _ := c.Subscribe("core.h", "", func(*Msg) {}, SubscribeOptions{})
	_, err = handled.Next(10 * time.Millisecond)
	wantCode(t, err, CodeSubscribeFailed)
}

func TestRequestReply(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	responder := e.connect(t, ConnectOptions{})
	sub, err := responder.Subscribe("core.echo", "", nil, SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	_ = responder.Flush(0)
	go func() {
		for {
			m, err := sub.ns.NextMsg(10e9)
			if err != nil {
				return
			}
			reply := append([]byte("re:"), m.Data...)
			if v := m.Header.Get("X-Req"); v != "" {
				reply = append(reply, v...)
			}
			_ = m.Respond(reply)
		}
	}()
	m, err := c.Request("core.echo", []byte("ping"), RequestOptions{Timeout: 2 * time.Second, Headers: nats.Header{"X-Req": {"!"}}})
	if err != nil || string(m.Data()) != "re:ping!" {
		t.Fatalf("request: %v", err)
	}
	m, err = c.RequestDetached("core.echo", []byte("async"), RequestOptions{})()
	if err != nil || string(m.Data()) != "re:async" {
		t.Fatalf("detached request: %v", err)
	}
	_ = e.host.Loop.RunFor(t.Context(), 0) // its metrics arrive through the loop
	if n := e.stats("nats_requests").Sum; n != 2 {
		t.Fatalf("nats_requests %v, want 2", n)
	}

	_, err = c.Request("core.nobody", nil, RequestOptions{Timeout: 200 * time.Millisecond})
	wantCode(t, err, CodeRequestFailed) // no responders
	_, err = c.Request("", nil, RequestOptions{Timeout: 200 * time.Millisecond})
	wantCode(t, err, CodeEmptySubject)

	// A responder that never answers: the request times out.
	silent, _ := responder.Subscribe("core.silent", "", nil, SubscribeOptions{})
	_ = responder.Flush(0)
	_, err = c.Request("core.silent", nil, RequestOptions{Timeout: 50 * time.Millisecond})
	wantCode(t, err, CodeTimeout)
	_ = silent.Unsubscribe()
	if n := e.stats("nats_request_timeouts").Sum; n != 1 {
		t.Fatalf("nats_request_timeouts %v, want 1", n)
	}
}

func TestRespond(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	sub, _ := c.Subscribe("core.svc", "", func(m *Msg) { _ = m.Respond(append([]byte("ok:"), m.Data()...)) }, SubscribeOptions{})
	var reply *nats.Msg
	var reqErr error
	done := make(chan struct{})
	go func() { // the request blocks; the VU goroutine runs the handler
		defer close(done)
		reply, reqErr = c.nc.Request("core.svc", []byte("q"), 5e9)
	}()
	e.runLoopUntil(t, func() bool {
		select {
		case <-done:
			return true
		default:
			return false
		}
	})
	if reqErr != nil || string(reply.Data) != "ok:q" {
		t.Fatalf("reply: %v", reqErr)
	}
	_ = sub.Unsubscribe()
	wantCode(t, (&Msg{raw: &nats.Msg{Subject: "core.svc"}, conn: c}).Respond(nil), CodePublishFailed)
}

func TestPublishErrors(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	wantCode(t, c.Publish("", nil, PublishOptions{}), CodeEmptySubject)
	_, err := c.PublishBulk("", nil, 1)
	wantCode(t, err, CodeEmptySubject)
	_, err = c.PublishBulk("a", nil, 0)
	wantCode(t, err, CodeInvalidConfig)
	_, err = c.Subscribe("", "", nil, SubscribeOptions{})
	wantCode(t, err, CodeEmptySubject)
	_, err = c.Subscribe("bad subject", "", nil, SubscribeOptions{})
	wantCode(t, err, CodeSubscribeFailed)
	if err := c.Flush(1 * time.Second); err != nil {
		t.Fatal(err)
	}

	c.Close()
	wantCode(t, c.Publish("a", nil, PublishOptions{}), CodeConnectionClosed)
	_, err = c.PublishBulk("a", []byte("x"), 3)
	wantCode(t, err, CodeConnectionClosed)
	_, err = c.Request("a", nil, RequestOptions{Timeout: 10 * time.Millisecond})
	wantCode(t, err, CodeConnectionClosed)
	_, err = c.Subscribe("a", "", nil, SubscribeOptions{})
	wantCode(t, err, CodeConnectionClosed)
	wantCode(t, c.Flush(0), CodeConnectionClosed)
	wantCode(t, c.Drain(), CodeConnectionClosed)
	if n := e.stats("nats_publish_errors").Sum; n != 2 {
		t.Fatalf("nats_publish_errors %v, want 2", n)
	}
}

func TestDrainReleasesLoopAfterPendingMessages(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	var n int
	if _, err := c.Subscribe("core.drain", "", func(*Msg) { n++ }, SubscribeOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PublishBulk("core.drain", []byte("m"), 50); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(0); err != nil {
		t.Fatal(err)
	}
	if err := c.Drain(); err != nil {
		t.Fatal(err)
	}
	if err := e.host.Loop.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n != 50 {
		t.Fatalf("handled %d of 50 before the drain completed", n)
	}
	if c.IsConnected() {
		t.Fatal("drain must close the connection")
	}
}

func TestAbandonUnsubscribes(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	sub, _ := c.Subscribe("core.ab", "", func(*Msg) {}, SubscribeOptions{})
	e.host.Loop.Abandon()
	if sub.ns.IsValid() {
		t.Fatal("abandoning the loop must end the subscription")
	}
	if e.host.Loop.Busy() {
		t.Fatal("loop still held")
	}
}

func TestStats(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	sub, _ := c.Subscribe("core.st", "", nil, SubscribeOptions{})
	_ = c.Publish("core.st", []byte("12345"), PublishOptions{})
	if _, err := sub.Next(2 * time.Second); err != nil {
		t.Fatal(err)
	}
	s := c.Stats()
	if s.OutMsgs != 1 || s.InMsgs != 1 || s.OutBytes != 5 || s.InBytes != 5 || s.Reconnects != 0 {
		t.Fatalf("stats %+v", s)
	}
}

// TestHandlersRunOnlyOnTheVUGoroutine hammers a subscription from another
// connection while the VU goroutine keeps working on shared state; -race
// reports any handler running concurrently with it.
func TestHandlersRunOnlyOnTheVUGoroutine(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	shared := 0 // VU state: no lock on purpose
	if _, err := c.Subscribe("core.hammer", "", func(*Msg) { shared++ }, SubscribeOptions{}); err != nil {
		t.Fatal(err)
	}
	_ = c.Flush(0)
	const n = 5000
	var published atomic.Bool
	go func() {
		other, err := New(Host{DefaultURL: e.host.DefaultURL, Loop: e.host.Loop, Registry: e.host.Registry, Tags: e.host.Tags}).Connect(ConnectOptions{})
		if err == nil {
			for range n {
				_ = other.nc.Publish("core.hammer", []byte("x"))
			}
			_ = other.nc.Flush()
			other.nc.Close()
		}
		published.Store(true)
	}()
	vuWork := 0
	e.runLoopUntil(t, func() bool {
		vuWork++
		shared += 0 // touches shared between loop turns, like VU JS would
		return published.Load() && shared >= n
	})
	if shared != n {
		t.Fatalf("handled %d of %d", shared, n)
	}
}

func TestMetricsMatchReality(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{TagSubject: true})
	recv := 0
	sub, _ := c.Subscribe("m.pub", "", func(*Msg) { recv++ }, SubscribeOptions{})
	for range 1000 {
		if err := c.Publish("m.pub", []byte("0123456789"), PublishOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	e.runLoopUntil(t, func() bool { return recv == 1000 })
	_ = sub.Unsubscribe()

	e.respondPong(t, "m.req", ConnectOptions{})
	for range 1000 {
		if _, err := c.Request("m.req", []byte("ping"), RequestOptions{Timeout: 2 * time.Second}); err != nil {
			t.Fatal(err)
		}
	}
	subject := metrics.Tag{Key: "subject", Value: "m.pub"}
	checks := []struct {
		name string
		want float64
		tags []metrics.Tag
	}{
		{"nats_msgs_published", 1000, []metrics.Tag{subject}},
		{"nats_bytes_published", 10000, []metrics.Tag{subject}},
		{"nats_msgs_received", 1000, []metrics.Tag{subject}},
		{"nats_bytes_received", 10000, nil},
		{"nats_requests", 1000, []metrics.Tag{{Key: "subject", Value: "m.req"}}},
		{"data_sent", 10000 + 4000, nil},
		{"data_received", 10000 + 4000, nil},
	}
	for _, ch := range checks {
		if got := e.stats(ch.name, ch.tags...).Sum; got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, got, ch.want)
		}
	}
	d := e.stats("nats_request_duration")
	if d.Count != 1000 || d.Min <= 0 || d.Max > 2000 {
		t.Errorf("nats_request_duration: count %d min %v max %v", d.Count, d.Min, d.Max)
	}
}

func TestE2ELatencyFromTimestampHeader(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	sub, _ := c.Subscribe("lat", "", nil, SubscribeOptions{})
	_ = c.Publish("lat", []byte("a"), PublishOptions{Timestamp: true})
	_ = c.Publish("lat", []byte("b"), PublishOptions{})
	for range 2 {
		if _, err := sub.Next(2 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	stamped := e.connect(t, ConnectOptions{Timestamp: true})
	if _, err := stamped.PublishBulk("lat", []byte("c"), 3); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := sub.Next(2 * time.Second); err != nil {
			t.Fatal(err)
		}
	}
	l := e.stats("nats_e2e_latency")
	if l.Count != 4 || l.Min < 0 || l.Max > 2000 {
		t.Fatalf("nats_e2e_latency: count %d min %v max %v", l.Count, l.Min, l.Max)
	}
}
