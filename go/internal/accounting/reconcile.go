package accounting

import (
	"slices"
	"strings"
)

// Reconciled is the accounting of several natsk6 processes together.
type Reconciled struct {
	Report Report
	// Shares are, per state given to Reconcile and in its order, the part
	// of the reconciled counters that process's counters stand for.
	Shares []Share
	// ReadBackStreams are the streams the processes read back, in the
	// order of the states; the report names them all.
	ReadBackStreams []string
}

// Share is one process's part of the reconciled counters.
type Share struct {
	// Lost and Unacked are those of the producers the process ran: a
	// producer's losses are known only once every process's deliveries
	// are in.
	Lost, Unacked uint64
	// Duplicated are its deliveries of sequences that a process before it
	// had delivered already; its own repeats it counted itself.
	Duplicated uint64
}

// Reconcile merges the states of processes that ran one test, nil for a
// process that accounted for nothing, as if one tracker had seen it all.
// The consumers of every process are one set of consumers, as those of
// one process are: a sequence delivered in two processes counts as a
// duplicate, as it does when two subscriptions of one process receive
// it. Read-backs are the exception: each process may read the same
// stream back, so a stream's views are united, and only a sequence one
// read-back found twice is a duplicate. Out-of-order deliveries are
// judged within each process (no clock orders the deliveries of two) and
// added.
func Reconcile(states []*State) Reconciled {
	t := New()
	r := Reconciled{Shares: make([]Share, len(states))}
	home := map[string]int{} // producer id: the state that ran it
	for i, st := range states {
		if st == nil {
			continue
		}
		if st.ReadBackStream != "" && !slices.Contains(r.ReadBackStreams, st.ReadBackStream) {
			r.ReadBackStreams = append(r.ReadBackStreams, st.ReadBackStream)
		}
		for _, ps := range st.Producers {
			p := t.producer(ps.ID)
			p.jetStream = p.jetStream || ps.JetStream
			if _, ok := home[ps.ID]; !ok && (!ps.Sent.IsZero() || !ps.Acked.IsZero()) {
				home[ps.ID] = i
			}
			p.sent.union(ps.Sent.set())
			p.acked.union(ps.Acked.set())
			p.longestStall = max(p.longestStall, ps.LongestStall)
			live := &p.seen[Live]
			again := live.seen.union(ps.Live.Seen.set())
			live.duplicated += ps.Live.Duplicated + again
			live.outOfOrder += ps.Live.OutOfOrder
			r.Shares[i].Duplicated += again
			if ps.Stream != nil {
				stream := &p.seen[Stream]
				stream.seen.union(ps.Stream.Seen.set())
				stream.duplicated += ps.Stream.Duplicated
				stream.outOfOrder += ps.Stream.OutOfOrder
			}
		}
	}
	// A JetStream producer is judged against every read-back together.
	t.readBack = strings.Join(r.ReadBackStreams, ", ")
	r.Report = t.Report()
	for _, p := range r.Report.Producers {
		if i, ok := home[p.ID]; ok {
			r.Shares[i].Lost += p.Lost
			r.Shares[i].Unacked += p.Unacked
		}
	}
	return r
}
