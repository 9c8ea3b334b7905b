package accounting

import (
	"fmt"
	"time"
)

// State is a tracker's record in a form a result file carries, so that
// natsk6 merge can reconcile producers and consumers that ran in
// different natsk6 processes. It holds sets of sequences, not messages:
// a producer's million in-order messages are one range in each of its
// sets, and gaps cost at most 2 bits per sequence number (see Seqs).
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
	Sent         Seqs          `json:"sent,omitzero"`
	Acked        Seqs          `json:"acked,omitzero"`
	Live         ViewState     `json:"live"`
	Stream       *ViewState    `json:"stream,omitempty"`
	LongestStall time.Duration `json:"longestStallNs,omitempty"`
}

// ViewState is what one view of one process saw of a producer.
type ViewState struct {
	Seen       Seqs   `json:"seen,omitzero"`
	Duplicated uint64 `json:"duplicated,omitempty"`
	OutOfOrder uint64 `json:"outOfOrder,omitempty"`
}

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
		ps := ProducerState{ID: id, JetStream: p.jetStream, Sent: seqsOf(&p.sent), Acked: seqsOf(&p.acked),
			Live: viewStateOf(&p.seen[Live]), LongestStall: p.longestStall}
		if s := viewStateOf(&p.seen[Stream]); !s.Seen.IsZero() || s.Duplicated > 0 {
			ps.Stream = &s
		}
		st.Producers = append(st.Producers, ps)
	}
	return st
}

func viewStateOf(v *seenView) ViewState {
	return ViewState{Seen: seqsOf(&v.seen), Duplicated: v.duplicated, OutOfOrder: v.outOfOrder}
}

// Check reports the first thing in s a tracker could not have written:
// an empty or repeated producer id, or sets of sequences that are
// unsorted, overlapping, or hold 0 or the top of uint64 (see Seqs.check).
func (s *State) Check() error {
	ids := map[string]bool{}
	for _, p := range s.Producers {
		if p.ID == "" || ids[p.ID] {
			return fmt.Errorf("accounting: producer id %q is empty or repeated", p.ID)
		}
		ids[p.ID] = true
		sets := map[string]Seqs{"sent": p.Sent, "acked": p.Acked, "live.seen": p.Live.Seen}
		if p.Stream != nil {
			sets["stream.seen"] = p.Stream.Seen
		}
		for name, seqs := range sets {
			if err := seqs.check(); err != nil {
				return fmt.Errorf("accounting: producer %s: %s: %w", p.ID, name, err)
			}
		}
	}
	return nil
}
