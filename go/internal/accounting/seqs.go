package accounting

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"

	"github.com/RoaringBitmap/roaring/v2/roaring64"
)

// Seqs is a set of sequences as a result file carries it, in the smaller
// of two forms. While ranges are smaller (in-order delivery, a few
// gaps) it is a JSON array of inclusive [first, last] ranges, sorted and
// disjoint: the only form files of natsk6 before the bitmap form hold,
// and still read. Else (a gap every few messages: a queue group split
// across processes) it is a JSON string, the base64 of the set's roaring
// bitmap in the 64-bit portable serialization of
// https://github.com/RoaringBitmap/RoaringFormatSpec.
type Seqs struct {
	Ranges Spans
	bitmap *roaring64.Bitmap // the string form, decoded
}

// Spans are inclusive [first, last] sequence ranges, sorted and disjoint.
type Spans [][2]uint64

// IsZero reports an empty set, which a state leaves out.
func (s Seqs) IsZero() bool { return len(s.Ranges) == 0 && s.bitmap == nil }

func (s Seqs) MarshalJSON() ([]byte, error) {
	if s.bitmap == nil {
		return json.Marshal(s.Ranges)
	}
	b, err := s.bitmap.ToBytes()
	if err != nil {
		return nil, err
	}
	return json.Marshal(base64.StdEncoding.EncodeToString(b))
}

func (s *Seqs) UnmarshalJSON(data []byte) error {
	if len(data) == 0 || data[0] != '"' {
		return json.Unmarshal(data, &s.Ranges)
	}
	var encoded string
	if err := json.Unmarshal(data, &encoded); err != nil {
		return err
	}
	raw, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return fmt.Errorf("accounting: a set of sequences is not base64: %w", err)
	}
	b, err := readBitmap(raw)
	if err != nil {
		return fmt.Errorf("accounting: a set of sequences is not a roaring64 bitmap: %w", err)
	}
	s.bitmap = b
	return nil
}

// readBitmap decodes a serialized roaring64 bitmap, refusing a count of
// 32-bit bitmaps its bytes cannot hold before roaring allocates for them.
func readBitmap(raw []byte) (*roaring64.Bitmap, error) {
	const minPerBitmap = 4 + 8 // a key, then at least a cookie and a count
	if len(raw) < 8 || binary.LittleEndian.Uint64(raw) > uint64(len(raw)-8)/minPerBitmap {
		return nil, errors.New("truncated")
	}
	b := roaring64.New()
	n, err := b.ReadFrom(bytes.NewReader(raw))
	switch {
	case err != nil:
		return nil, err
	case n != int64(len(raw)):
		return nil, errors.New("trailing bytes")
	}
	return b, b.Validate()
}

// check reports what a tracker could not have written.
func (s Seqs) check() error {
	if s.bitmap == nil {
		return s.Ranges.check()
	}
	switch {
	case s.bitmap.IsEmpty():
		return errors.New("the bitmap is empty")
	case s.bitmap.Minimum() == 0 || s.bitmap.Maximum() == math.MaxUint64:
		return errors.New("the bitmap holds sequences outside 1 to the top of uint64")
	case s.bitmap.GetCardinality() > MaxSetSize:
		return fmt.Errorf("the bitmap holds more than %d sequences", uint64(MaxSetSize))
	}
	return nil
}

// MaxSetSize bounds the sequences a set read from a file may hold: a
// bitmap costs memory per 65,536 sequences even when they are one range,
// and 2^36 (68.7 billion messages, 19 hours of one producer at 1M/s)
// is past any run; a file that claims more is corrupt.
const MaxSetSize = 1 << 36

func (ss Spans) check() error {
	var n uint64
	for i, sp := range ss {
		switch {
		case sp[0] == 0 || sp[0] > sp[1] || sp[1] == math.MaxUint64:
			return fmt.Errorf("span %v is not a range of sequences from 1", sp)
		case i > 0 && ss[i-1][1] >= sp[0]:
			return fmt.Errorf("span %v overlaps or precedes %v", sp, ss[i-1])
		case sp[1]-sp[0] >= MaxSetSize-n:
			return fmt.Errorf("the spans up to %v hold more than %d sequences", sp, uint64(MaxSetSize))
		}
		n += sp[1] - sp[0] + 1
	}
	return nil
}

// set returns s as a bitmap, to be read only.
func (s Seqs) set() *roaring64.Bitmap {
	if s.bitmap != nil {
		return s.bitmap
	}
	b := roaring64.New()
	for _, sp := range s.Ranges {
		addRange(b, sp[0], sp[1])
	}
	return b
}

// addRange adds lo..hi, inclusive, without computing hi+1 (which wraps
// for a sequence of MaxUint64). A short range goes in one by one: roaring
// adds a range to a run container by merging all its runs, but turns a
// run container into an array or a bitmap on a single add once that is
// smaller, so a gap every few sequences costs a bit each, not a run each.
func addRange(b *roaring64.Bitmap, lo, hi uint64) {
	const short = 16
	if hi-lo >= short {
		b.AddRange(lo, hi)
		b.Add(hi)
		return
	}
	for seq := lo; ; seq++ {
		b.Add(seq)
		if seq == hi {
			return
		}
	}
}

// maxExportedRanges bounds the ranges an exported set may hold: past a
// few, a roaring run container's 4 bytes a run beat a range's JSON.
const maxExportedRanges = 1024

// seqsOf is s in its smaller exported form: ranges while their JSON is no
// longer than the bitmap's base64.
func seqsOf(s *seqSet) Seqs {
	if s.rest == nil || s.rest.IsEmpty() {
		if s.lo == 0 {
			return Seqs{}
		}
		return Seqs{Ranges: Spans{{s.lo, s.hi}}}
	}
	b := s.bitmap()
	b.RunOptimize()
	encoded := base64.StdEncoding.EncodedLen(int(b.GetSerializedSizeInBytes())) + len(`""`)
	// A range takes at least 6 bytes of JSON: [1,2],
	if ranges, ok := rangesOf(b, min(encoded/6, maxExportedRanges)); ok {
		if j, err := json.Marshal(ranges); err == nil && len(j) <= encoded {
			return Seqs{Ranges: ranges}
		}
	}
	return Seqs{bitmap: b}
}

// rangesOf returns b's runs of consecutive sequences, or false when there
// are more than limit (any number for a negative limit). It steps through a short run and finds the end of
// a long one by a binary search on Rank, so a million in-order sequences
// cost a few dozen lookups, not a million steps.
func rangesOf(b *roaring64.Bitmap, limit int) (Spans, bool) {
	const stepped = 64
	var out Spans
	for it := b.Iterator(); it.HasNext(); {
		if len(out) == limit {
			return nil, false
		}
		lo := it.Next()
		hi := lo
		for i := 0; i < stepped && it.HasNext() && it.PeekNext() == hi+1; i++ {
			hi = it.Next()
		}
		if it.HasNext() && it.PeekNext() == hi+1 {
			// hi+k is in the run while the k sequences after hi are all members.
			before := b.Rank(hi)
			longest := min(b.GetCardinality()-before, b.Maximum()-hi)
			hi += uint64(sort.Search(int(longest)+1, func(k int) bool { return b.Rank(hi+uint64(k))-before != uint64(k) }) - 1)
			if hi == math.MaxUint64 {
				return append(out, [2]uint64{lo, hi}), true
			}
			it.AdvanceIfNeeded(hi + 1)
		}
		out = append(out, [2]uint64{lo, hi})
	}
	return out, true
}
