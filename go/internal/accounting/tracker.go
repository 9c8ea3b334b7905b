// Package accounting tells, for every stamped message, whether it was
// delivered once, duplicated, delivered out of order or lost. Producers
// stamp messages with a producer id and a per-producer sequence; the
// tracker keeps, per producer, the sequences sent, acknowledged and seen
// as runs and roaring bitmaps, so a long run costs memory for its gaps
// only, at most 2 bits per sequence number.
package accounting

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The headers a stamped message carries.
const (
	ProducerHeader = "Natsk6-Producer"
	SeqHeader      = "Natsk6-Seq"
)

// The counters a run emits from its tracker; natsk6 merge rewrites them
// from the reconciled accounting of every process.
const (
	LostMetric       = "nats_msgs_lost"
	DuplicatedMetric = "nats_msgs_duplicated"
	OutOfOrderMetric = "nats_msgs_out_of_order"
	UnackedMetric    = "nats_msgs_unacked"
)

// View is who saw the messages: the script's consumers, or the read-back
// of a stream after the run. Each view has its own record of what it saw,
// so reading the stream back does not count the live deliveries twice.
type View int

const (
	Live View = iota
	Stream
	views
)

// Tracker is the accounting of one test run, shared by every VU; its
// methods may be called from any goroutine.
type Tracker struct {
	runID string
	clock func() time.Time

	mu        sync.Mutex
	producers map[string]*producer
	order     []string // producer ids, first seen first
	nextID    uint64
	readBack  string // the stream read back, "" if none
}

type producer struct {
	jetStream   bool
	sent, acked seqSet
	seen        [views]seenView
	// lastAck and longestStall measure the longest wait between two
	// acknowledgements: the publish stall a failover causes.
	lastAck      time.Time
	longestStall time.Duration
}

type seenView struct {
	seen                   seqSet
	highest                uint64
	duplicated, outOfOrder uint64
}

// New returns an empty tracker with a random run id, which keeps the
// producer ids of concurrent natsk6 processes apart.
func New() *Tracker {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return &Tracker{runID: hex.EncodeToString(b[:]), clock: time.Now, producers: map[string]*producer{}}
}

// NewProducerID returns a producer id unique to this run. A JetStream
// producer's messages are judged against a stream read-back when there is
// one; a core producer's always against the live consumers, since no
// stream holds them.
func (t *Tracker) NewProducerID(jetStream bool) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.nextID++
	kind := "-c"
	if jetStream {
		kind = "-js"
	}
	id := t.runID + "-" + strconv.FormatUint(t.nextID, 10) + kind
	t.producer(id).jetStream = jetStream
	return id
}

// producer returns the record of id, new if unknown. The producers of
// other processes are seen only by their deliveries.
func (t *Tracker) producer(id string) *producer {
	p := t.producers[id]
	if p == nil {
		p = &producer{jetStream: strings.HasSuffix(id, "-js")}
		t.producers[id] = p
		t.order = append(t.order, id)
	}
	return p
}

// Sent records that producer id sent seq (its outcome still unknown).
func (t *Tracker) Sent(id string, seq uint64) {
	t.mu.Lock()
	t.producer(id).sent.add(seq)
	t.mu.Unlock()
}

// Acked records that the server acknowledged seq (JetStream's PubAck; for
// core NATS, the publish call succeeded).
func (t *Tracker) Acked(id string, seq uint64) {
	now := t.clock()
	t.mu.Lock()
	defer t.mu.Unlock()
	p := t.producer(id)
	p.acked.add(seq)
	if !p.lastAck.IsZero() {
		p.longestStall = max(p.longestStall, now.Sub(p.lastAck))
	}
	p.lastAck = now
}

// Observation is how one delivery was classified.
type Observation int

const (
	First      Observation = iota // first delivery, in order
	OutOfOrder                    // first delivery, after a later sequence of its producer
	Duplicate                     // delivered before
)

// Observe records that view v saw seq of producer id.
func (t *Tracker) Observe(v View, id string, seq uint64) Observation {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := &t.producer(id).seen[v]
	if !s.seen.add(seq) {
		s.duplicated++
		return Duplicate
	}
	if seq < s.highest {
		s.outOfOrder++
		return OutOfOrder
	}
	s.highest = seq
	return First
}

// ReadBack names the stream whose read-back decides what was lost.
func (t *Tracker) ReadBack(stream string) {
	t.mu.Lock()
	t.readBack = stream
	t.mu.Unlock()
}

// Used reports whether any message was stamped or seen.
func (t *Tracker) Used() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, p := range t.producers {
		if p.used() {
			return true
		}
	}
	return false
}

func (p *producer) used() bool {
	return !p.sent.empty() || !p.acked.empty() || !p.seen[Live].seen.empty() || !p.seen[Stream].seen.empty()
}
