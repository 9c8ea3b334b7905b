package accounting

import "github.com/RoaringBitmap/roaring/v2/roaring64"

// seqSet is a set of sequences: the run being extended now, lo..hi, and a
// roaring bitmap of the sequences before and around it. In-order
// delivery only moves hi, so a producer's 10M in-order messages cost two
// words; gaps and out-of-order arrivals go to the bitmap, whose run,
// array and bitmap containers keep any pattern within 2 bits per
// sequence number (16 KB per 65,536), where a span per gap cost 16 bytes.
type seqSet struct {
	lo, hi uint64 // the current run; lo == 0: none (sequences start at 1)
	// rest is nil until the first gap. While there is a run, it holds
	// only sequences below lo, so a sequence past hi is new.
	rest *roaring64.Bitmap
}

// add inserts seq (at least 1) and reports whether it was new.
func (s *seqSet) add(seq uint64) bool {
	switch {
	case s.lo != 0 && seq == s.hi+1: // the common case: the next sequence
		s.hi = seq
		return true
	case s.lo != 0 && seq >= s.lo && seq <= s.hi:
		return false
	case s.lo != 0 && seq > s.hi, s.lo == 0 && (s.rest == nil || s.rest.IsEmpty() || seq > s.rest.Maximum()):
		// Past the run and everything else: a new run.
		s.flush()
		s.lo, s.hi = seq, seq
		return true
	}
	if s.rest == nil {
		s.rest = roaring64.New()
	}
	return s.rest.CheckedAdd(seq)
}

// flush moves the current run into the bitmap.
func (s *seqSet) flush() {
	if s.lo == 0 {
		return
	}
	if s.rest == nil {
		s.rest = roaring64.New()
	}
	addRange(s.rest, s.lo, s.hi)
	s.lo, s.hi = 0, 0
}

func (s *seqSet) empty() bool {
	return s.lo == 0 && (s.rest == nil || s.rest.IsEmpty())
}

// count is the number of sequences in the set.
func (s *seqSet) count() uint64 {
	var n uint64
	if s.lo != 0 {
		n = s.hi - s.lo + 1
	}
	if s.rest != nil {
		n += s.rest.GetCardinality()
	}
	return n
}

// bitmap returns a new bitmap of the whole set.
func (s *seqSet) bitmap() *roaring64.Bitmap {
	b := roaring64.New()
	if s.rest != nil {
		b = s.rest.Clone()
	}
	if s.lo != 0 {
		addRange(b, s.lo, s.hi)
	}
	return b
}

// minus counts the sequences of s that other lacks and returns the first
// `first` of them, in order.
func (s *seqSet) minus(other *seqSet, first int) (uint64, []uint64) {
	missing := s.bitmap()
	missing.AndNot(other.bitmap())
	var firsts []uint64
	for it := missing.Iterator(); it.HasNext() && len(firsts) < first; {
		firsts = append(firsts, it.Next())
	}
	return missing.GetCardinality(), firsts
}

// union adds every sequence of o to s and returns how many of them s
// held already.
func (s *seqSet) union(o *roaring64.Bitmap) (overlap uint64) {
	s.flush()
	if s.rest == nil {
		s.rest = roaring64.New()
	}
	overlap = s.rest.AndCardinality(o)
	s.rest.Or(o)
	return overlap
}
