package natsmod

import (
	"testing"
)

// A burst larger than the default pending limit (65536 messages) into two
// handler subscriptions while the VU's loop is not running: the one
// limited to 10 messages drops and counts as a slow consumer, the
// unlimited one keeps every message for its handler.
func TestPendingLimitsOnSubscribe(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	limitedHandled, unlimitedHandled := 0, 0
	limited, err := c.Subscribe("burst", "", func(*Msg) { limitedHandled++ }, SubscribeOptions{PendingMsgs: 10})
	if err != nil {
		t.Fatal(err)
	}
	unlimited, err := c.Subscribe("burst", "", func(*Msg) { unlimitedHandled++ }, SubscribeOptions{PendingMsgs: -1, PendingBytes: -1})
	if err != nil {
		t.Fatal(err)
	}
	const n = subPendingMsgs + 5000
	if _, err := c.PublishBulk("burst", []byte("x"), n); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(0); err != nil {
		t.Fatal(err)
	}
	limitedDropped := func() int { d, _ := limited.ns.Dropped(); return d }
	e.runLoopUntil(t, func() bool { return unlimitedHandled == n && limitedHandled+limitedDropped() == n })
	if limitedDropped() < n-maxInFlight-10 {
		t.Errorf("the subscription limited to 10 dropped %d of %d", limitedDropped(), n)
	}
	if dropped, _ := unlimited.ns.Dropped(); dropped != 0 {
		t.Errorf("the unlimited subscription dropped %d", dropped)
	}
	if got := e.stats("nats_slow_consumers").Sum; got < 1 {
		t.Errorf("nats_slow_consumers %v, want the limited subscription's events", got)
	}
	_ = limited.Unsubscribe()
	_ = unlimited.Unsubscribe()
}

// A limit left at 0 keeps natsk6's default; a given one reaches nats.go.
func TestPendingLimitDefaults(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	sub, err := c.Subscribe("v", "q", func(*Msg) {}, SubscribeOptions{PendingBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if msgs, bytes, _ := sub.ns.PendingLimits(); msgs != subPendingMsgs || bytes != 1<<20 {
		t.Fatalf("limits %d msgs %d bytes, want the default messages and 1 MiB", msgs, bytes)
	}
	_ = sub.Unsubscribe()
}
