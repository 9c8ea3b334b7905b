package accounting

import (
	"reflect"
	"testing"
	"time"
)

// rangesIn is s as ranges, however many.
func rangesIn(s *seqSet) Spans {
	r, _ := rangesOf(s.bitmap(), -1)
	return r
}

func TestSeqSetAddMergesAndRejectsRepeats(t *testing.T) {
	var s seqSet
	for _, seq := range []uint64{1, 2, 5, 4, 3, 9, 7, 8, 20} {
		if !s.add(seq) {
			t.Fatalf("add(%d) reported a repeat", seq)
		}
	}
	if s.add(4) || s.add(20) || s.add(1) {
		t.Fatal("a repeat was added again")
	}
	want := Spans{{1, 5}, {7, 9}, {20, 20}}
	if got := rangesIn(&s); !reflect.DeepEqual(got, want) {
		t.Fatalf("ranges = %v, want %v", got, want)
	}
	if s.count() != 9 {
		t.Fatalf("count = %d, want 9", s.count())
	}
}

func TestSeqSetMinus(t *testing.T) {
	var a, b seqSet
	for seq := uint64(1); seq <= 30; seq++ {
		a.add(seq)
	}
	for _, seq := range []uint64{2, 3, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 29, 30, 31} {
		b.add(seq)
	}
	n, first := a.minus(&b, 5)
	if n != 30-15 {
		t.Fatalf("missing = %d, want 15", n)
	}
	if !reflect.DeepEqual(first, []uint64{1, 4, 5, 6, 7}) {
		t.Fatalf("first missing = %v", first)
	}
	if n, _ := b.minus(&a, 0); n != 1 {
		t.Fatalf("b minus a = %d, want 1 (31)", n)
	}
}

func TestTrackerClassifies(t *testing.T) {
	tr := New()
	id := tr.NewProducerID(true)
	for seq := uint64(1); seq <= 10; seq++ {
		tr.Sent(id, seq)
		if seq != 9 { // 9 timed out: unknown
			tr.Acked(id, seq)
		}
	}
	got := []Observation{}
	for _, seq := range []uint64{1, 2, 4, 3, 4, 5, 9, 10} { // 6, 7, 8 never arrive
		got = append(got, tr.Observe(Live, id, seq))
	}
	want := []Observation{First, First, First, OutOfOrder, Duplicate, First, First, First}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("observations = %v, want %v", got, want)
	}
	r := tr.Report()
	wantCounts := Counts{Sent: 10, Acked: 9, Delivered: 7, Lost: 3, Unacked: 1, Duplicated: 1, OutOfOrder: 1}
	if r.Counts != wantCounts {
		t.Fatalf("counts = %+v, want %+v", r.Counts, wantCounts)
	}
	if len(r.Producers) != 1 || !reflect.DeepEqual(r.Producers[0].FirstLost, []uint64{6, 7, 8}) {
		t.Fatalf("producers = %+v", r.Producers)
	}
}

func TestReadBackJudgesLossAndKeepsViewsApart(t *testing.T) {
	tr := New()
	id := tr.NewProducerID(true)
	for seq := uint64(1); seq <= 4; seq++ {
		tr.Sent(id, seq)
		tr.Acked(id, seq)
		tr.Observe(Live, id, seq)
	}
	tr.ReadBack("ORDERS")
	for _, seq := range []uint64{1, 2, 4} { // the stream lost 3
		if o := tr.Observe(Stream, id, seq); o != First {
			t.Fatalf("read-back of %d counted %v against the live view", seq, o)
		}
	}
	r := tr.Report()
	if r.Lost != 1 || r.Duplicated != 0 || r.ReadBackStream != "ORDERS" || r.Producers[0].FirstLost[0] != 3 {
		t.Fatalf("report = %+v", r)
	}
}

func TestLongestStallIsTheLongestGapBetweenAcks(t *testing.T) {
	tr := New()
	now := time.Unix(0, 0)
	tr.clock = func() time.Time { return now }
	id := tr.NewProducerID(true)
	for seq, gap := range []time.Duration{0, time.Millisecond, 3 * time.Second, time.Millisecond} {
		now = now.Add(gap)
		tr.Acked(id, uint64(seq+1))
	}
	if r := tr.Report(); r.LongestStall != 3*time.Second {
		t.Fatalf("longest stall = %v, want 3s", r.LongestStall)
	}
}

// Ten million in-order messages, two of them lost, one reordered pair:
// the tracker holds a run and a few run containers, not ten million
// entries.
func TestMemoryStaysBoundedFor10MMessages(t *testing.T) {
	const n = 10_000_000
	tr := New()
	id := tr.NewProducerID(true)
	for seq := uint64(1); seq <= n; seq++ {
		tr.Sent(id, seq)
		tr.Acked(id, seq)
		switch seq {
		case 4_000_000, 7_000_000: // lost
		case 5_000_000: // arrives after 5_000_001
		case 5_000_001:
			tr.Observe(Live, id, 5_000_001)
			tr.Observe(Live, id, 5_000_000)
		default:
			tr.Observe(Live, id, seq)
		}
	}
	p := tr.producers[id]
	if p.sent.rest != nil || p.acked.rest != nil {
		t.Fatalf("in-order sent and acked sets hold a bitmap")
	}
	seen := &p.seen[Live].seen
	seen.rest.RunOptimize()
	if got := rangesIn(seen); len(got) != 3 || seen.rest.GetSizeInBytes() > 4096 {
		t.Fatalf("seen: ranges %v in %d bytes; want 3 in at most 4 KiB", got, seen.rest.GetSizeInBytes())
	}
	r := tr.Report()
	if r.Lost != 2 || r.OutOfOrder != 1 || r.Delivered != n-2 || !reflect.DeepEqual(r.Producers[0].FirstLost, []uint64{4_000_000, 7_000_000}) {
		t.Fatalf("report = %+v", r.Counts)
	}
}
