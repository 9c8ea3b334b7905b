package natsmod

import (
	"context"
	"testing"
	"time"
)

// A message expire gave up on is still awaited until its timeout is
// recorded: the run's result is taken once nothing is awaited, and
// must count it.
func TestRateWindowAwaitsExpiredUntilReleased(t *testing.T) {
	w := newRateWindow[int](10, context.Background())
	w.add(1, rateInFlight{sent: time.Now().Add(-time.Second)})
	w.add(2, rateInFlight{sent: time.Now()})
	lost := w.expire(time.Now().Add(-time.Millisecond))
	if len(lost) != 1 {
		t.Fatalf("expired %d messages, want the older one", len(lost))
	}
	if got := w.awaited(); got != 2 {
		t.Fatalf("%d awaited after expire, want 2: the expired one's outcome is not recorded yet", got)
	}
	w.release(len(lost))
	if got := w.awaited(); got != 1 {
		t.Fatalf("%d awaited after release, want 1", got)
	}
	if _, ok := w.take(2); !ok {
		t.Fatal("the newer message was not awaited")
	}
	w.done()
	if w.wait(time.Now().Add(time.Hour), func() {}) {
		t.Fatal("wait timed out with nothing awaited")
	}
}
