package accounting

import (
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// A seqSet fed in-order runs, gaps, repeats and late arrivals agrees with
// a plain set on every add, its count, its ranges and minus.
func TestSeqSetAgreesWithAPlainSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var s, other seqSet
	want := map[uint64]bool{}
	for seq := uint64(1); seq <= 20_000; seq++ {
		if rng.IntN(3) == 0 {
			other.add(seq)
		}
		var got uint64
		switch rng.IntN(10) {
		case 0: // a gap
			continue
		case 1: // a repeat or a late arrival
			got = 1 + rng.Uint64N(seq)
		default:
			got = seq
		}
		if isNew := s.add(got); isNew == want[got] {
			t.Fatalf("add(%d) reported new=%v, but the plain set held it: %v", got, isNew, want[got])
		}
		want[got] = true
	}
	if s.count() != uint64(len(want)) {
		t.Fatalf("count %d, want %d", s.count(), len(want))
	}
	var ranges Spans
	for _, seq := range slices.Sorted(func(yield func(uint64) bool) {
		for k := range want {
			if !yield(k) {
				return
			}
		}
	}) {
		if n := len(ranges); n > 0 && ranges[n-1][1]+1 == seq {
			ranges[n-1][1] = seq
		} else {
			ranges = append(ranges, [2]uint64{seq, seq})
		}
	}
	if got := rangesIn(&s); !reflect.DeepEqual(got, ranges) {
		t.Fatalf("ranges differ from the plain set's")
	}
	var missing []uint64
	for seq := uint64(1); seq <= 20_000; seq++ {
		if want[seq] && !other.bitmap().Contains(seq) {
			missing = append(missing, seq)
		}
	}
	if n, first := s.minus(&other, 10); n != uint64(len(missing)) || !reflect.DeepEqual(first, missing[:10]) {
		t.Fatalf("minus: %d, %v; want %d, %v", n, first, len(missing), missing[:10])
	}
}

// roundTrip is s exported and read back as a file carries it.
func roundTrip(t *testing.T, s *seqSet) (Seqs, string) {
	t.Helper()
	b, err := json.Marshal(seqsOf(s))
	if err != nil {
		t.Fatal(err)
	}
	var back Seqs
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.check(); err != nil {
		t.Fatalf("an exported set fails its check: %v", err)
	}
	if !back.set().Equals(s.bitmap()) {
		t.Fatalf("the set read back differs from the one exported: %s", b)
	}
	return back, string(b)
}

// A set with few gaps exports as readable ranges; one with a gap every
// other sequence as a bitmap, an eighth of a byte per sequence.
func TestExportedSetTakesTheSmallerForm(t *testing.T) {
	var few, everyOther seqSet
	for seq := uint64(1); seq <= 1_000_000; seq++ {
		if seq%250_000 != 0 {
			few.add(seq)
		}
		if seq%2 == 1 {
			everyOther.add(seq)
		}
	}
	if _, j := roundTrip(t, &few); j != "[[1,249999],[250001,499999],[500001,749999],[750001,999999]]" {
		t.Fatalf("few gaps exported as %s", j)
	}
	back, j := roundTrip(t, &everyOther)
	// 16 bitmap containers of 8 KiB, in base64.
	if back.bitmap == nil || len(j) > 16*8192*4/3+1000 {
		t.Fatalf("a gap every other sequence exported in %d bytes, ranges %v", len(j), back.Ranges != nil)
	}
}

// Files written before the bitmap form hold ranges only; they read as
// they did.
func TestStateOfTheRangesOnlyFormatReads(t *testing.T) {
	in := `{"producers":[{"id":"a-1-js","jetStream":true,"sent":[[1,10]],"acked":[[1,8]],"live":{"seen":[[2,5],[7,12]],"duplicated":1}}]}`
	var st State
	if err := json.Unmarshal([]byte(in), &st); err != nil {
		t.Fatal(err)
	}
	if err := st.Check(); err != nil {
		t.Fatal(err)
	}
	r := Reconcile([]*State{&st}).Report
	if want := (Counts{Sent: 10, Acked: 8, Delivered: 10, Lost: 2, Unacked: 2, Duplicated: 1}); r.Counts != want {
		t.Fatalf("counts %+v, want %+v", r.Counts, want)
	}
	out, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"sent":[[1,10]],"acked":[[1,8]],"live":{"seen":[[2,5],[7,12]]`) {
		t.Fatalf("ranges written back as %s", out)
	}
}

func TestSeqsRefuseWhatNoTrackerWrites(t *testing.T) {
	serialized := func(seqs ...uint64) []byte {
		b, err := roaring64.BitmapOf(seqs...).ToBytes()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	encode := func(b []byte) string { return `"` + base64.StdEncoding.EncodeToString(b) + `"` }
	huge := base64.StdEncoding.EncodeToString([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4})
	readErrors := map[string]string{
		`"not base64!"`:                  "is not base64",
		`"` + huge + `"`:                 "not a roaring64 bitmap: truncated",
		encode(serialized(1, 2)[:13]):    "not a roaring64 bitmap",
		encode(append(serialized(1), 0)): "trailing bytes",
	}
	for in, want := range readErrors {
		var s Seqs
		if err := json.Unmarshal([]byte(in), &s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to contain %q", in, err, want)
		}
	}
	checkErrors := map[string]string{
		encode(serialized()):                        "the bitmap is empty",
		encode(serialized(0, 5)):                    "outside 1 to the top of uint64",
		encode(serialized(3, 18446744073709551615)): "outside 1 to the top of uint64",
	}
	for in, want := range checkErrors {
		var s Seqs
		if err := json.Unmarshal([]byte(in), &s); err != nil {
			t.Fatal(err)
		}
		if err := s.check(); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to contain %q", in, err, want)
		}
	}
}

// A queue group split across two processes, one message each in turn:
// each process's seen set goes to the file as a bitmap, and the merge
// finds the one message neither delivered.
func TestReconcileAQueueGroupSplitAcrossProcesses(t *testing.T) {
	producer, odd, even := New(), New(), New()
	id := producer.NewProducerID(false)
	for seq := uint64(1); seq <= 10_000; seq++ {
		producer.Sent(id, seq)
		producer.Acked(id, seq)
		switch {
		case seq == 5000: // lost
		case seq%2 == 1:
			odd.Observe(Live, id, seq)
		default:
			even.Observe(Live, id, seq)
		}
	}
	states := []*State{exported(t, producer), exported(t, odd), exported(t, even)}
	for _, st := range states[1:] {
		if st.Producers[0].Live.Seen.bitmap == nil {
			t.Fatalf("a consumer's seen set of a gap every other message was written as %d ranges", len(st.Producers[0].Live.Seen.Ranges))
		}
	}
	r := Reconcile(states)
	if want := (Counts{Sent: 10_000, Acked: 10_000, Delivered: 9_999, Lost: 1}); r.Report.Counts != want || r.Report.Producers[0].FirstLost[0] != 5000 {
		t.Fatalf("report %+v, want %+v (first lost 5000)", r.Report, want)
	}
}
