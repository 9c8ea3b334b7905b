package eventloop

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

func TestRunExecutesQueuedCallbacksInOrder(t *testing.T) {
	l := New()
	var got []int
	for i := range 5 {
		l.Enqueue(func() { got = append(got, i) })
	}
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 || got[0] != 0 || got[4] != 4 {
		t.Fatalf("callbacks ran as %v, want 0..4 in order", got)
	}
}

func TestReserveKeepsRunGoingUntilDelivered(t *testing.T) {
	l := New()
	deliver := l.Reserve()
	ran := false
	go func() {
		time.Sleep(20 * time.Millisecond)
		deliver(func() { ran = true })
		deliver(func() { t.Error("a second delivery must be ignored") })
	}()
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !ran {
		t.Fatal("Run returned before the reserved callback was delivered")
	}
	if l.Busy() {
		t.Fatal("loop still busy after its only reservation was delivered")
	}
}

func TestHoldKeepsRunGoingUntilReleased(t *testing.T) {
	l := New()
	release := l.Hold(nil)
	var handled int
	go func() {
		for range 100 {
			l.Enqueue(func() { handled++ })
		}
		l.Enqueue(release)
	}()
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if handled != 100 {
		t.Fatalf("handled %d callbacks before the hold was released, want 100", handled)
	}
}

func TestRunReturnsContextErrorWhileHeld(t *testing.T) {
	l := New()
	l.Hold(nil)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := l.Run(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Run = %v, want the context's deadline error", err)
	}
}

func TestRunUntilStopsWhenDone(t *testing.T) {
	l := New()
	l.Hold(nil) // would keep Run going forever
	settled := false
	l.Enqueue(func() { settled = true })
	if err := l.RunUntil(context.Background(), func() bool { return settled }); err != nil {
		t.Fatal(err)
	}
	if !settled {
		t.Fatal("RunUntil returned before done() was true")
	}
}

func TestRunForRunsCallbacksThatArriveDuringTheSleep(t *testing.T) {
	l := New()
	ran := make(chan struct{})
	var ranOnLoop bool
	time.AfterFunc(10*time.Millisecond, func() { l.Enqueue(func() { ranOnLoop = true; close(ran) }) })
	if err := l.RunFor(context.Background(), 100*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ran:
	default:
		t.Fatal("a callback enqueued during RunFor did not run in it")
	}
	if !ranOnLoop {
		t.Fatal("callback did not run")
	}
}

func TestAbandonDropsPendingWorkAndCallsOnAbandon(t *testing.T) {
	l := New()
	abandoned := 0
	release := l.Hold(func() { abandoned++ })
	deliver := l.Reserve()
	l.Enqueue(func() { t.Error("a callback queued before Abandon must not run") })
	l.Abandon()
	if abandoned != 1 {
		t.Fatalf("onAbandon called %d times, want 1", abandoned)
	}
	deliver(func() { t.Error("a delivery for an abandoned reservation must not run") })
	release() // no-op now
	if l.Busy() {
		t.Fatal("loop busy after Abandon")
	}
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// Callbacks from many goroutines all run, one at a time, on the goroutine
// running the loop (checked by -race on the unsynchronized counter).
func TestConcurrentProducers(t *testing.T) {
	l := New()
	release := l.Hold(nil)
	const producers, each = 8, 500
	count := 0
	var wg sync.WaitGroup
	for range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				l.Enqueue(func() { count++ })
			}
		}()
	}
	go func() { wg.Wait(); l.Enqueue(release) }()
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if count != producers*each {
		t.Fatalf("ran %d callbacks, want %d", count, producers*each)
	}
}
