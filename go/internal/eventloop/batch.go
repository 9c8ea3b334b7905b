package eventloop

import "sync"

// Batch hands items produced on other goroutines (received messages,
// publish acks) to the VU goroutine in batches: one loop task handles
// every item queued since the previous task, instead of one task and one
// closure per item. With a limit, Add waits while that many items are
// queued or being handled, so a producer that outruns the VU backs up
// into its own queue (nats.go's pending queue, where slow consumers are
// detected) instead of growing the loop's without bound.
//
// A Batch does not keep the loop alive: pair it with Hold or Reserve.
type Batch[T any] struct {
	loop   *Loop
	handle func(items []T)
	limit  int
	drainF func() // b.drain, bound once so scheduling does not allocate

	mu        sync.Mutex
	items     []T
	spare     []T // the previous batch's slice, reused
	inFlight  int // queued or being handled
	scheduled bool
	gen       uint64        // loop generation the scheduled task was queued in
	room      chan struct{} // signalled when a full batch gains room
}

// NewBatch returns a batch whose items handle receives on l's goroutine,
// in arrival order. limit bounds the items queued or being handled; 0
// means no bound.
func NewBatch[T any](l *Loop, limit int, handle func(items []T)) *Batch[T] {
	b := &Batch[T]{loop: l, handle: handle, limit: limit, room: make(chan struct{}, 1)}
	b.drainF = b.drain
	return b
}

// Add queues item from any goroutine. While the batch is at its limit it
// waits for room; it returns false, without queuing, if stop is closed
// first.
func (b *Batch[T]) Add(item T, stop <-chan struct{}) bool {
	b.mu.Lock()
	for b.limit > 0 && b.inFlight >= b.limit {
		b.mu.Unlock()
		select {
		case <-b.room:
		case <-stop:
			return false
		}
		b.mu.Lock()
	}
	b.items = append(b.items, item)
	b.inFlight++
	// Abandon drops queued tasks: a task queued in an older generation
	// will never run, so queue a new one.
	if !b.scheduled || !b.loop.current(b.gen) {
		b.scheduled = true
		b.gen = b.loop.enqueueInGeneration(b.drainF)
	}
	b.mu.Unlock()
	b.loop.signal()
	return true
}

// drain runs on the loop: it hands over everything queued so far.
func (b *Batch[T]) drain() {
	b.mu.Lock()
	items := b.items
	b.items, b.spare = b.spare, nil
	b.scheduled = false
	b.mu.Unlock()

	b.handle(items)
	clear(items) // let handled items be collected

	b.mu.Lock()
	b.inFlight -= len(items)
	b.spare = items[:0]
	b.mu.Unlock()
	select {
	case b.room <- struct{}{}:
	default:
	}
}
