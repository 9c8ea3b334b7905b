package natsmod

import (
	"errors"
	"sync"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/eventloop"
)

// rateSamples are a publishRate run's samples on their way to the VU's
// sink: per-message values in plain slices, one loop task per batch, so
// a message costs no JS value and no closure. Counts are of measured
// messages (the warm-up's are left out), except wireBytes.
type rateSamples struct {
	delays    []float64 // ms: sent − intended (nats_publish_delay)
	raw       []float64 // ms: sent → ack or reply (nats_js_publish_duration, nats_request_duration)
	corrected []float64 // ms: intended → ack or reply (nats_*_corrected)
	offered   int64
	missed    int64
	final     bool // the run is over: missed is its total, emitted even when 0
	sent      int64
	sentBytes int64
	wireBytes int64 // every payload byte sent, warm-up included (data_sent)
	acked     int64
	// duplicates are acks flagged duplicate: completed, not stored again.
	duplicates int64
	errors     int64
	errCodes   map[string]int64 // JetStream failures by error_code tag
	timeouts   int64            // requests without a reply in time
	replyBytes int64            // reply payload bytes (data_received)
}

// rateTotals are a run's counts so far, for its result.
type rateTotals struct {
	attempted, sent, completed, errors int64
}

// rateOutbox collects samples from the publisher and from nats.go's
// ack handlers and ships them to the VU's loop in batches.
type rateOutbox struct {
	mu       sync.Mutex
	pending  rateSamples
	total    rateTotals
	lastShip time.Time
}

// Ship when this many delays are pending or this long passed since the
// last shipment: large enough to amortise a loop task, small enough for
// the live dashboard.
const (
	rateShipEvery   = 100 * time.Millisecond
	rateShipSamples = 8192
)

// sent records one send of the publisher at now, and reports whether a
// shipment is due.
func (o *rateOutbox) sent(now time.Time, delay time.Duration, measured bool, bytes int, err error) (shipDue bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	p := &o.pending
	p.wireBytes += int64(bytes)
	if measured {
		p.offered++
		o.total.attempted++
		if err != nil {
			o.failed(err)
		} else {
			p.delays = append(p.delays, millis(delay))
			p.sent++
			p.sentBytes += int64(bytes)
			o.total.sent++
		}
	}
	if len(p.delays)+len(p.raw) >= rateShipSamples || now.Sub(o.lastShip) >= rateShipEvery {
		o.lastShip = now
		return true
	}
	return false
}

// failed counts one measured message that failed (o.mu held).
func (o *rateOutbox) failed(err error) {
	o.pending.errors++
	o.total.errors++
	if o.pending.errCodes == nil {
		o.pending.errCodes = map[string]int64{}
	}
	o.pending.errCodes[apiErrorCode(err, CodeJSPublishAsyncFailed)]++
}

// acked records one JetStream ack (or its failure) of a measured message.
func (o *rateOutbox) acked(raw, corrected time.Duration, duplicate bool, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		o.failed(err)
		return
	}
	p := &o.pending
	p.raw = append(p.raw, millis(raw))
	p.corrected = append(p.corrected, millis(corrected))
	if duplicate {
		p.duplicates++
	} else {
		p.acked++
	}
	o.total.completed++
}

// replied records one reply (or its absence) to a measured request. A
// no-responders answer is an error of the result only, as a request's
// is in nats_requests alone.
func (o *rateOutbox) replied(raw, corrected time.Duration, bytes int, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	p := &o.pending
	switch {
	case err == nil:
		p.raw = append(p.raw, millis(raw))
		p.corrected = append(p.corrected, millis(corrected))
		p.replyBytes += int64(bytes)
		o.total.completed++
	case errors.Is(err, nats.ErrTimeout):
		p.timeouts++
		o.total.errors++
	default:
		o.total.errors++
	}
}

// completed counts n measured messages confirmed by a flush, or failed
// when the flush failed.
func (o *rateOutbox) completed(n int64, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err != nil {
		o.pending.errors += n
		o.total.errors += n
		return
	}
	o.total.completed += n
}

// missed records the messages never sent, once the run is over.
func (o *rateOutbox) missed(n int64) {
	o.mu.Lock()
	o.pending.missed += n
	o.pending.offered += n
	o.pending.final = true
	o.mu.Unlock()
}

func (o *rateOutbox) totals() rateTotals {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.total
}

// take hands over the pending samples and starts afresh.
func (o *rateOutbox) take() rateSamples {
	o.mu.Lock()
	defer o.mu.Unlock()
	s := o.pending
	o.pending = rateSamples{}
	return s
}

// ship hands the pending samples to emit on the VU's loop. The run's
// reservation keeps the loop alive meanwhile.
func (o *rateOutbox) ship(loop *eventloop.Loop, emit func(rateSamples)) {
	s := o.take()
	loop.Enqueue(func() { emit(s) })
}
