package accounting

import "sort"

// span is an inclusive run of sequences lo..hi.
type span struct{ lo, hi uint64 }

// spanSet is a set of sequences kept as sorted, disjoint, non-adjacent
// spans: a producer's 10M in-order messages are one span, so memory grows
// with the gaps, not with the messages.
type spanSet struct{ spans []span }

// add inserts seq and reports whether it was new.
func (s *spanSet) add(seq uint64) bool {
	n := len(s.spans)
	// The common case: the next sequence after the last one.
	if n > 0 && s.spans[n-1].hi+1 == seq {
		s.spans[n-1].hi = seq
		return true
	}
	if n == 0 || s.spans[n-1].hi+1 < seq {
		s.spans = append(s.spans, span{seq, seq})
		return true
	}
	// i is the first span that ends at or after seq.
	i := sort.Search(n, func(i int) bool { return s.spans[i].hi >= seq })
	if i < n && s.spans[i].lo <= seq {
		return false
	}
	joinsPrev := i > 0 && s.spans[i-1].hi+1 == seq
	joinsNext := i < n && s.spans[i].lo == seq+1
	switch {
	case joinsPrev && joinsNext:
		s.spans[i-1].hi = s.spans[i].hi
		s.spans = append(s.spans[:i], s.spans[i+1:]...)
	case joinsPrev:
		s.spans[i-1].hi = seq
	case joinsNext:
		s.spans[i].lo = seq
	default:
		s.spans = append(s.spans, span{})
		copy(s.spans[i+1:], s.spans[i:])
		s.spans[i] = span{seq, seq}
	}
	return true
}

// count is the number of sequences in the set.
func (s *spanSet) count() uint64 {
	var n uint64
	for _, sp := range s.spans {
		n += sp.hi - sp.lo + 1
	}
	return n
}

// minus counts the sequences of s that other lacks and returns the first
// `first` of them, in order. Sequences start at 1 and stay far below
// the top of uint64, so hi+1 never wraps.
func (s *spanSet) minus(other *spanSet, first int) (uint64, []uint64) {
	var n uint64
	var firsts []uint64
	j := 0
	for _, sp := range s.spans {
		for cur := sp.lo; cur <= sp.hi; {
			for j < len(other.spans) && other.spans[j].hi < cur {
				j++
			}
			if j < len(other.spans) && other.spans[j].lo <= cur {
				cur = other.spans[j].hi + 1
				continue
			}
			gapEnd := sp.hi
			if j < len(other.spans) && other.spans[j].lo-1 < gapEnd {
				gapEnd = other.spans[j].lo - 1
			}
			n += gapEnd - cur + 1
			for q := cur; q <= gapEnd && len(firsts) < first; q++ {
				firsts = append(firsts, q)
			}
			cur = gapEnd + 1
		}
	}
	return n, firsts
}

// union adds every sequence of o (sorted, disjoint) to s and returns how
// many of them s held already.
func (s *spanSet) union(o []span) (overlap uint64) {
	before := s.count()
	merged := make([]span, 0, len(s.spans)+len(o))
	a, b := s.spans, o
	for len(a) > 0 || len(b) > 0 {
		var next span
		if len(b) == 0 || (len(a) > 0 && a[0].lo <= b[0].lo) {
			next, a = a[0], a[1:]
		} else {
			next, b = b[0], b[1:]
		}
		if n := len(merged); n > 0 && merged[n-1].hi+1 >= next.lo {
			merged[n-1].hi = max(merged[n-1].hi, next.hi)
			continue
		}
		merged = append(merged, next)
	}
	s.spans = merged
	var added uint64
	for _, sp := range o {
		added += sp.hi - sp.lo + 1
	}
	return before + added - s.count()
}
