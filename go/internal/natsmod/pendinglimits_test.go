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
	limited, err := c.SubscribeWithOptions("burst", "", func(*Msg) { limitedHandled++ }, map[string]any{"pendingMsgs": int64(10)})
	if err != nil {
		t.Fatal(err)
	}
	unlimited, err := c.SubscribeWithOptions("burst", "", func(*Msg) { unlimitedHandled++ }, map[string]any{"pendingMsgs": int64(-1), "pendingBytes": int64(-1)})
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

func TestPendingLimitOptionsValidated(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	for _, opts := range []map[string]any{
		{"pendingMsgs": int64(0)},
		{"pendingBytes": int64(-2)},
		{"pendingMsgs": "many"},
		{"pendingMsgs": 1.5},
		{"pending": int64(10)},
	} {
		_, err := c.SubscribeWithOptions("v", "", nil, opts)
		wantCode(t, err, CodeInvalidConfig)
		_, err = c.SubscribeWithOptions("v", "", func(*Msg) {}, opts)
		wantCode(t, err, CodeInvalidConfig)
	}
	sub, err := c.SubscribeWithOptions("v", "q", func(*Msg) {}, map[string]any{"pendingBytes": int64(1 << 20)})
	if err != nil {
		t.Fatal(err)
	}
	if msgs, bytes, _ := sub.ns.PendingLimits(); msgs != subPendingMsgs || bytes != 1<<20 {
		t.Fatalf("limits %d msgs %d bytes, want the default messages and 1 MiB", msgs, bytes)
	}
	_ = sub.Unsubscribe()
}
