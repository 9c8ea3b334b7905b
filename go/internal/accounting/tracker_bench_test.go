package accounting

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
)

// The consume path's cost per message: in-order deliveries of one producer.
func BenchmarkObserveInOrder(b *testing.B) {
	tr := New()
	id := tr.NewProducerID(false)
	var seq uint64
	for b.Loop() {
		seq++
		tr.Observe(Live, id, seq)
	}
}

// randomHalf is a random half of 1..n, in increasing order: what one of
// two processes of a core queue group receives.
func randomHalf(n uint64) []uint64 {
	rng := rand.New(rand.NewPCG(1, 2))
	var seqs []uint64
	for seq := uint64(1); seq <= n; seq++ {
		if rng.IntN(2) == 0 {
			seqs = append(seqs, seq)
		}
	}
	return seqs
}

// One op: a process's share of a 1M-message queue group, observed.
func BenchmarkObserveRandomHalfOf1M(b *testing.B) {
	seqs := randomHalf(1_000_000)
	for b.Loop() {
		tr := New()
		for _, seq := range seqs {
			tr.Observe(Live, "p-1-c", seq)
		}
	}
}

// One op: 100k messages delivered in random order (out of order heavy).
func BenchmarkObserveShuffled100k(b *testing.B) {
	seqs := make([]uint64, 100_000)
	for i := range seqs {
		seqs[i] = uint64(i + 1)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(seqs), func(i, j int) { seqs[i], seqs[j] = seqs[j], seqs[i] })
	for b.Loop() {
		tr := New()
		for _, seq := range seqs {
			tr.Observe(Live, "p-1-c", seq)
		}
	}
}

// The exported state of what a consumer saw of 1M messages: json-bytes
// is its size in the result file.
func BenchmarkExportedState(b *testing.B) {
	var inOrder, everyOther []uint64
	for seq := uint64(1); seq <= 1_000_000; seq++ {
		inOrder = append(inOrder, seq)
		if seq%2 == 0 {
			everyOther = append(everyOther, seq)
		}
	}
	for _, c := range []struct {
		name string
		seqs []uint64
	}{{"in-order-1M", inOrder}, {"every-other-1M", everyOther}, {"random-half-1M", randomHalf(1_000_000)}} {
		b.Run(c.name, func(b *testing.B) {
			tr := New()
			for _, seq := range c.seqs {
				tr.Observe(Live, "p-1-c", seq)
			}
			var size int
			for b.Loop() {
				j, err := json.Marshal(tr.State())
				if err != nil {
					b.Fatal(err)
				}
				size = len(j)
			}
			b.ReportMetric(float64(size), "json-bytes")
		})
	}
}
