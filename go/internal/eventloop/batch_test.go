package eventloop

import (
	"context"
	"sync"
	"testing"
)

func TestBatchDeliversEveryItemInOrderPerProducer(t *testing.T) {
	l := New()
	const producers, perProducer = 4, 5000
	release := l.Hold(nil)
	next := make([]int, producers) // the value each producer's next item must carry
	received, tasks := 0, 0
	b := NewBatch(l, 0, func(items [][2]int) {
		tasks++
		for _, it := range items {
			if it[1] != next[it[0]] {
				t.Fatalf("producer %d: got item %d, want %d", it[0], it[1], next[it[0]])
			}
			next[it[0]]++
			received++
		}
		if received == producers*perProducer {
			release()
		}
	})
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for i := range perProducer {
				b.Add([2]int{p, i}, nil)
			}
		})
	}
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if received != producers*perProducer {
		t.Fatalf("received %d items, want %d", received, producers*perProducer)
	}
	if tasks >= received {
		t.Fatalf("%d loop tasks for %d items: nothing was batched", tasks, received)
	}
}

func TestBatchLimitBoundsItemsInFlight(t *testing.T) {
	l := New()
	const limit, total = 8, 2000
	release := l.Hold(nil)
	received := 0
	b := NewBatch(l, limit, func(items []int) {
		if len(items) > limit {
			t.Errorf("a batch of %d items, limit %d", len(items), limit)
		}
		received += len(items)
		if received == total {
			release()
		}
	})
	go func() {
		for i := range total {
			b.Add(i, nil)
		}
	}()
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if received != total {
		t.Fatalf("received %d, want %d", received, total)
	}
}

func TestBatchAddGivesUpWhenStopped(t *testing.T) {
	l := New()
	b := NewBatch(l, 1, func([]int) {})
	if !b.Add(1, nil) {
		t.Fatal("the first item must fit")
	}
	stop := make(chan struct{})
	added := make(chan bool)
	go func() { added <- b.Add(2, stop) }()
	close(stop)
	if <-added {
		t.Fatal("Add queued an item beyond the limit after stop closed")
	}
}

func TestBatchSurvivesAbandon(t *testing.T) {
	l := New()
	var got []int
	b := NewBatch(l, 0, func(items []int) { got = append(got, items...) })
	b.Add(1, nil)
	l.Abandon() // drops the queued task; the item stays in the batch
	b.Add(2, nil)
	if err := l.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Fatalf("after Abandon the batch delivered %v, want [1 2]", got)
	}
}
