package accounting

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestSeqSetUnionCountsTheOverlap(t *testing.T) {
	var s seqSet
	for _, seq := range []uint64{1, 2, 3, 10, 11, 20} {
		s.add(seq)
	}
	again := s.union(Seqs{Ranges: Spans{{3, 5}, {9, 9}, {12, 19}, {30, 31}}}.set())
	want := Spans{{1, 5}, {9, 20}, {30, 31}}
	if got := rangesIn(&s); again != 1 || !reflect.DeepEqual(got, want) {
		t.Fatalf("union: overlap %d, ranges %v; want 1 (3), %v", again, got, want)
	}
	if again := s.union(Seqs{Ranges: Spans{{1, 31}}}.set()); again != 5+12+2 || !reflect.DeepEqual(rangesIn(&s), Spans{{1, 31}}) {
		t.Fatalf("union of a superset: overlap %d, ranges %v", again, rangesIn(&s))
	}
	// Adding after a union still tells new sequences from held ones.
	if s.add(31) || s.add(2) || !s.add(32) || !s.add(40) || s.count() != 33 {
		t.Fatalf("adds after a union: ranges %v", rangesIn(&s))
	}
}

// exported is t's state as it reaches natsk6 merge: through JSON.
func exported(t *testing.T, tr *Tracker) *State {
	t.Helper()
	b, err := json.Marshal(tr.State())
	if err != nil {
		t.Fatal(err)
	}
	var st State
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	if err := st.Check(); err != nil {
		t.Fatalf("an exported state fails its check: %v\n%s", err, b)
	}
	return &st
}

// A producer in one process, consumers in two others: the losses are
// what no process delivered, the second consumer's copies of what the
// first had are duplicates, and each process's own counts add up.
func TestReconcileAcrossProcesses(t *testing.T) {
	producer, first, second := New(), New(), New()
	id := producer.NewProducerID(true)
	for seq := uint64(1); seq <= 100; seq++ {
		producer.Sent(id, seq)
		if seq <= 95 { // 96..100 timed out: unknown
			producer.Acked(id, seq)
		}
	}
	for seq := uint64(1); seq <= 50; seq++ {
		first.Observe(Live, id, seq)
	}
	first.Observe(Live, id, 7)  // its own duplicate
	first.Observe(Live, id, 60) // then 55 arrives late: out of order
	first.Observe(Live, id, 55)
	for seq := uint64(40); seq <= 80; seq++ { // 40..50, 55 and 60: first had them
		second.Observe(Live, id, seq)
	}
	r := Reconcile([]*State{exported(t, producer), nil, exported(t, first), exported(t, second)})
	// acked 1..95, delivered 1..80: 81..95 lost.
	want := Counts{Sent: 100, Acked: 95, Delivered: 80, Lost: 15, Unacked: 5, Duplicated: 1 + 13, OutOfOrder: 1}
	if r.Report.Counts != want {
		t.Fatalf("counts = %+v, want %+v", r.Report.Counts, want)
	}
	if got := r.Report.Producers[0].FirstLost; !reflect.DeepEqual(got, []uint64{81, 82, 83, 84, 85, 86, 87, 88, 89, 90}) {
		t.Fatalf("first lost = %v", got)
	}
	wantShares := []Share{{Lost: 15, Unacked: 5}, {}, {}, {Duplicated: 13}}
	if !reflect.DeepEqual(r.Shares, wantShares) {
		t.Fatalf("shares = %+v, want %+v", r.Shares, wantShares)
	}
	// One process's state reconciled alone is that process's report.
	for _, tr := range []*Tracker{producer, first, second} {
		want := tr.Report()
		if got := Reconcile([]*State{exported(t, tr)}).Report; !reflect.DeepEqual(got, want) {
			t.Fatalf("one state reconciled: %+v, want %+v", got, want)
		}
	}
	// Each process alone: the producer's report loses everything, a
	// consumer's loses nothing.
	if p := producer.Report(); p.Lost != 95 {
		t.Fatalf("the producer alone: lost %d, want 95", p.Lost)
	}
	if c := first.Report(); c.Lost != 0 || c.Sent != 0 {
		t.Fatalf("a consumer alone: %+v", c.Counts)
	}
}

// Every instance reading the stream back in its teardown finds the same
// messages: that is no duplicate, and the union decides the losses.
func TestReconcileUnitesReadBacks(t *testing.T) {
	producer, a, b := New(), New(), New()
	id := producer.NewProducerID(true)
	for seq := uint64(1); seq <= 10; seq++ {
		producer.Sent(id, seq)
		producer.Acked(id, seq)
	}
	for _, tr := range []*Tracker{a, b} {
		tr.ReadBack("ORDERS")
		for seq := uint64(1); seq <= 10; seq++ {
			if seq != 4 {
				tr.Observe(Stream, id, seq)
			}
		}
	}
	b.Observe(Stream, id, 9) // the stream holds 9 twice
	r := Reconcile([]*State{exported(t, producer), exported(t, a), exported(t, b)})
	if r.Report.ReadBackStream != "ORDERS" || r.Report.Lost != 1 || r.Report.Duplicated != 1 || r.Report.Producers[0].FirstLost[0] != 4 {
		t.Fatalf("report = %+v", r.Report)
	}
	if !reflect.DeepEqual(r.Shares, []Share{{Lost: 1}, {}, {}}) {
		t.Fatalf("shares = %+v", r.Shares)
	}
}

func TestStateCheckRefusesWhatNoTrackerWrites(t *testing.T) {
	cases := map[string]string{
		`{"producers":[{"id":""}]}`:                                    `producer id "" is empty or repeated`,
		`{"producers":[{"id":"a"},{"id":"a"}]}`:                        `producer id "a" is empty or repeated`,
		`{"producers":[{"id":"a","sent":[[0,3]]}]}`:                    "producer a: sent: span [0 3] is not a range of sequences from 1",
		`{"producers":[{"id":"a","acked":[[5,3]]}]}`:                   "producer a: acked: span [5 3]",
		`{"producers":[{"id":"a","live":{"seen":[[1,5],[5,6]]}}]}`:     "producer a: live.seen: span [5 6] overlaps or precedes [1 5]",
		`{"producers":[{"id":"a","stream":{"seen":[[9,9],[1,2]]}}]}`:   "producer a: stream.seen: span [1 2] overlaps or precedes [9 9]",
		`{"producers":[{"id":"a","sent":[[1,18446744073709551615]]}]}`: "is not a range of sequences from 1",
		`{"producers":[{"id":"a","sent":[[1,2],[4,68719476738]]}]}`:    "the spans up to [4 68719476738] hold more than 68719476736 sequences",
	}
	for in, want := range cases {
		var st State
		if err := json.Unmarshal([]byte(in), &st); err != nil {
			t.Fatal(err)
		}
		if err := st.Check(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to contain %q", in, err, want)
		}
	}
}

// A million in-order messages sent, acknowledged and delivered export as
// one span per set: the state's size depends on the producers and their
// gaps, not on the message count.
func TestExportedStateOfAMillionMessagesIsOneSpanPerSet(t *testing.T) {
	const n = 1_000_000
	tr := New()
	id := tr.NewProducerID(true)
	for seq := uint64(1); seq <= n; seq++ {
		tr.Sent(id, seq)
		tr.Acked(id, seq)
		tr.Observe(Live, id, seq)
	}
	b, err := json.Marshal(tr.State())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("exported state of %d messages: %d bytes: %s", n, len(b), b)
	if len(b) > 200 {
		t.Fatalf("exported state is %d bytes, want at most 200", len(b))
	}
}
