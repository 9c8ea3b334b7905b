package accounting

import (
	"fmt"
	"math"
	"time"
)

// State is a tracker's record in a form a result file carries, so that
// natsk6 merge can reconcile producers and consumers that ran in
// different natsk6 processes. It holds spans, not messages: a producer's
// million in-order messages are one span in each of its sets.
type State struct {
	ReadBackStream string          `json:"readBackStream,omitempty"`
	Producers      []ProducerState `json:"producers"`
}

// ProducerState is one producer's sets as one process saw them: Sent and
// Acked only in the process that ran the producer, Live and Stream in
// every process whose consumers or read-back saw its messages.
type ProducerState struct {
	ID           string        `json:"id"`
	JetStream    bool          `json:"jetStream,omitempty"`
	Sent         Spans         `json:"sent,omitempty"`
	Acked        Spans         `json:"acked,omitempty"`
	Live         ViewState     `json:"live"`
	Stream       *ViewState    `json:"stream,omitempty"`
	LongestStall time.Duration `json:"longestStallNs,omitempty"`
}

// ViewState is what one view of one process saw of a producer.
type ViewState struct {
	Seen       Spans  `json:"seen,omitempty"`
	Duplicated uint64 `json:"duplicated,omitempty"`
	OutOfOrder uint64 `json:"outOfOrder,omitempty"`
}

// Spans are inclusive [first, last] sequence ranges, sorted and disjoint.
type Spans [][2]uint64

// State exports what the tracker holds now.
func (t *Tracker) State() State {
	t.mu.Lock()
	defer t.mu.Unlock()
	st := State{ReadBackStream: t.readBack, Producers: []ProducerState{}}
	for _, id := range t.order {
		p := t.producers[id]
		if !p.used() {
			continue
		}
		ps := ProducerState{ID: id, JetStream: p.jetStream, Sent: spansOf(&p.sent), Acked: spansOf(&p.acked),
			Live: viewStateOf(&p.seen[Live]), LongestStall: p.longestStall}
		if s := viewStateOf(&p.seen[Stream]); len(s.Seen) > 0 || s.Duplicated > 0 {
			ps.Stream = &s
		}
		st.Producers = append(st.Producers, ps)
	}
	return st
}

func spansOf(s *spanSet) Spans {
	if len(s.spans) == 0 {
		return nil
	}
	out := make(Spans, len(s.spans))
	for i, sp := range s.spans {
		out[i] = [2]uint64{sp.lo, sp.hi}
	}
	return out
}

func viewStateOf(v *seenView) ViewState {
	return ViewState{Seen: spansOf(&v.seen), Duplicated: v.duplicated, OutOfOrder: v.outOfOrder}
}

// Check reports the first thing in s a tracker could not have written:
// an empty or repeated producer id, or spans that are empty, unsorted or
// overlapping.
func (s *State) Check() error {
	ids := map[string]bool{}
	for _, p := range s.Producers {
		if p.ID == "" || ids[p.ID] {
			return fmt.Errorf("accounting: producer id %q is empty or repeated", p.ID)
		}
		ids[p.ID] = true
		sets := map[string]Spans{"sent": p.Sent, "acked": p.Acked, "live.seen": p.Live.Seen}
		if p.Stream != nil {
			sets["stream.seen"] = p.Stream.Seen
		}
		for name, spans := range sets {
			if err := spans.check(); err != nil {
				return fmt.Errorf("accounting: producer %s: %s: %w", p.ID, name, err)
			}
		}
	}
	return nil
}

func (ss Spans) check() error {
	for i, sp := range ss {
		switch {
		case sp[0] == 0 || sp[0] > sp[1] || sp[1] == math.MaxUint64:
			return fmt.Errorf("span %v is not a range of sequences from 1", sp)
		case i > 0 && ss[i-1][1] >= sp[0]:
			return fmt.Errorf("span %v overlaps or precedes %v", sp, ss[i-1])
		}
	}
	return nil
}

func (ss Spans) spans() []span {
	out := make([]span, len(ss))
	for i, sp := range ss {
		out[i] = span{sp[0], sp[1]}
	}
	return out
}
