package scheduler

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// Segment is the part of the whole test one instance runs (k6's
// execution segments: --execution-segment 1/4:2/4 within the sequence
// 0,1/4,1/2,3/4,1). A nil *Segment is the whole test.
//
// The split follows k6's striping: the sequence's boundaries share a
// least common denominator lcd, so every segment owns a whole number of
// the lcd slots of a repeating stripe. Item j of anything countable
// (the j-th VU, the j-th iteration of the unsegmented schedule) belongs
// to the segment that owns slot j mod lcd. Every item then belongs to
// exactly one segment, so the union of a sequence's segments does
// exactly the work of one unsegmented run, and each segment's share is
// spread evenly over time instead of bunched up at the start.
type Segment struct {
	from, to *big.Rat
	sequence []*big.Rat // boundaries, from 0 to 1
	lcd      int64
	offsets  []int64 // the slots this segment owns, ascending
}

// ParseSegment reads k6's --execution-segment (a:b, or b meaning 0:b;
// each value a fraction 1/4, a percentage 25% or a decimal 0.25) within
// sequence, --execution-segment-sequence's comma-separated boundaries
// ("" means 0, a, b, 1). A segment of the whole test (0:1) is nil.
func ParseSegment(segment, sequence string) (*Segment, error) {
	if strings.TrimSpace(segment) == "" {
		if strings.TrimSpace(sequence) != "" {
			if _, err := parseSequence(sequence); err != nil {
				return nil, err
			}
		}
		return nil, nil
	}
	from, to, err := parseSegmentBounds(segment)
	if err != nil {
		return nil, err
	}
	bounds := []*big.Rat{from, to}
	if strings.TrimSpace(sequence) != "" {
		if bounds, err = parseSequence(sequence); err != nil {
			return nil, err
		}
		i := slices.IndexFunc(bounds, func(r *big.Rat) bool { return r.Cmp(from) == 0 })
		if i < 0 || i+1 >= len(bounds) || bounds[i+1].Cmp(to) != 0 {
			return nil, fmt.Errorf("executionSegment: %s is not one of the segments of executionSegmentSequence %s", segment, sequence)
		}
	}
	bounds = fillSequence(bounds)
	if from.Sign() == 0 && to.Cmp(big.NewRat(1, 1)) == 0 {
		return nil, nil
	}
	seg := &Segment{from: from, to: to, sequence: bounds}
	if err := seg.stripe(); err != nil {
		return nil, err
	}
	return seg, nil
}

// maxStripe bounds the stripe's length: dealing its slots takes that
// many steps, so fractions like 0.3333333 are refused rather than slow.
const maxStripe = 1 << 20

// parseSegmentBounds reads a:b or b.
func parseSegmentBounds(text string) (from, to *big.Rat, err error) {
	a, b, ok := strings.Cut(text, ":")
	if !ok {
		a, b = "0", a
	}
	if from, err = parseFraction(a); err != nil {
		return nil, nil, fmt.Errorf("executionSegment: %w", err)
	}
	if to, err = parseFraction(b); err != nil {
		return nil, nil, fmt.Errorf("executionSegment: %w", err)
	}
	if from.Cmp(to) >= 0 {
		return nil, nil, fmt.Errorf("executionSegment: %q must start before it ends", text)
	}
	return from, to, nil
}

// parseSequence reads ascending boundaries between 0 and 1.
func parseSequence(text string) ([]*big.Rat, error) {
	var bounds []*big.Rat
	for _, item := range strings.Split(text, ",") {
		r, err := parseFraction(item)
		if err != nil {
			return nil, fmt.Errorf("executionSegmentSequence: %w", err)
		}
		if n := len(bounds); n > 0 && bounds[n-1].Cmp(r) >= 0 {
			return nil, fmt.Errorf("executionSegmentSequence: %q must be strictly ascending", text)
		}
		bounds = append(bounds, r)
	}
	return bounds, nil
}

// parseFraction reads 1/4, 25% or 0.25, between 0 and 1.
func parseFraction(text string) (*big.Rat, error) {
	text = strings.TrimSpace(text)
	r, ok := new(big.Rat), false
	if pct, isPct := strings.CutSuffix(text, "%"); isPct {
		if _, ok = r.SetString(pct); ok {
			r.Quo(r, big.NewRat(100, 1))
		}
	} else {
		_, ok = r.SetString(text)
	}
	if !ok || r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return nil, fmt.Errorf("%q is not a fraction between 0 and 1 (e.g. 1/4, 25%% or 0.25)", text)
	}
	return r, nil
}

// fillSequence adds the 0 and 1 boundaries a sequence leaves out.
func fillSequence(bounds []*big.Rat) []*big.Rat {
	if bounds[0].Sign() != 0 {
		bounds = slices.Insert(bounds, 0, new(big.Rat))
	}
	if bounds[len(bounds)-1].Cmp(big.NewRat(1, 1)) != 0 {
		bounds = append(bounds, big.NewRat(1, 1))
	}
	return bounds
}

// stripe finds lcd and the slots this segment owns. Each segment's
// share is its length times lcd. The slots are dealt one by one, each to
// the first segment, biggest first (then in sequence order), that has
// not yet had its proportional share of the slots dealt so far; every
// segment thus ends with exactly its share, evenly spread.
func (s *Segment) stripe() error {
	type part struct {
		index int
		share int64
		dealt int64
	}
	lcd := big.NewInt(1)
	for i := 1; i < len(s.sequence); i++ {
		d := new(big.Rat).Sub(s.sequence[i], s.sequence[i-1]).Denom()
		g := new(big.Int).GCD(nil, nil, lcd, d)
		lcd.Mul(lcd, new(big.Int).Quo(d, g))
	}
	if !lcd.IsInt64() || lcd.Int64() > maxStripe {
		return fmt.Errorf("executionSegmentSequence: the segments' common denominator %s is too large (at most %d): use simpler fractions such as 1/3", lcd, maxStripe)
	}
	s.lcd = lcd.Int64()
	parts := make([]*part, 0, len(s.sequence)-1)
	mine := -1
	for i := 1; i < len(s.sequence); i++ {
		length := new(big.Rat).Sub(s.sequence[i], s.sequence[i-1])
		share := new(big.Rat).Mul(length, new(big.Rat).SetInt(lcd))
		parts = append(parts, &part{index: i - 1, share: share.Num().Int64()})
		if s.sequence[i-1].Cmp(s.from) == 0 {
			mine = i - 1
		}
	}
	slices.SortStableFunc(parts, func(a, b *part) int { return int(b.share - a.share) })
	for slot := range s.lcd {
		for _, p := range parts {
			// Due: dealt/share <= slot/lcd, in integers.
			if p.dealt*s.lcd <= slot*p.share && p.dealt < p.share {
				p.dealt++
				if p.index == mine {
					s.offsets = append(s.offsets, slot)
				}
				break
			}
		}
	}
	return nil
}

// Scale is how many of n items (VUs, iterations) the segment owns: the
// items j < n whose slot j mod lcd is the segment's. Over the segments of
// a sequence the scaled values add up to n exactly.
func (s *Segment) Scale(n int64) int64 {
	if s == nil {
		return n
	}
	owned := n / s.lcd * int64(len(s.offsets))
	rest := n % s.lcd
	for _, o := range s.offsets {
		if o < rest {
			owned++
		}
	}
	return owned
}

// Global is the index in the whole test of the segment's k-th item
// (from 0): unique across the segments of a sequence.
func (s *Segment) Global(k int64) int64 {
	if s == nil {
		return k
	}
	n := int64(len(s.offsets))
	return k/n*s.lcd + s.offsets[k%n]
}

// Share is the segment's length, the fraction of the test it runs: 1
// when nil.
func (s *Segment) Share() float64 {
	if s == nil {
		return 1
	}
	f, _ := new(big.Rat).Sub(s.to, s.from).Float64()
	return f
}

// String is the segment as k6 writes it, e.g. 1/4:1/2; "0:1" when nil.
func (s *Segment) String() string {
	if s == nil {
		return "0:1"
	}
	return s.from.RatString() + ":" + s.to.RatString()
}

// readSegment reads executionSegment and executionSegmentSequence, or,
// natsk6's own, executionSegmentIndex: the index of the segment within
// the sequence (0 for its first), which a pod of a Kubernetes Indexed Job
// gets from its JOB_COMPLETION_INDEX without computing a fraction.
func readSegment(top *object) (*Segment, error) {
	segment, err := top.str("executionSegment", "")
	if err != nil {
		return nil, err
	}
	sequence, err := top.str("executionSegmentSequence", "")
	if err != nil {
		return nil, err
	}
	if top.has("executionSegmentIndex") {
		index, err := top.integer("executionSegmentIndex", 0, 0)
		if err != nil {
			return nil, err
		}
		if segment, err = segmentAt(sequence, index); err != nil {
			return nil, err
		}
		if top.has("executionSegment") {
			return nil, fmt.Errorf("executionSegmentIndex: cannot be combined with executionSegment")
		}
	}
	return ParseSegment(segment, sequence)
}

// segmentAt is the index-th segment of sequence, as from:to.
func segmentAt(sequence string, index int64) (string, error) {
	if strings.TrimSpace(sequence) == "" {
		return "", fmt.Errorf("executionSegmentIndex: needs executionSegmentSequence")
	}
	bounds, err := parseSequence(sequence)
	if err != nil {
		return "", err
	}
	bounds = fillSequence(bounds)
	if index+1 >= int64(len(bounds)) {
		return "", fmt.Errorf("executionSegmentIndex: %d is past the last segment of %s (%d segments, from 0)", index, sequence, len(bounds)-1)
	}
	return bounds[index].RatString() + ":" + bounds[index+1].RatString(), nil
}

// applySegment scales the scenario's VU and iteration counts to seg's
// share. A segment that owns some iterations gets at least one VU to
// run them (shared-iterations) or start them (arrival rates), so that
// the union of the segments still does all the work.
func (s *Scenario) applySegment(seg *Segment) {
	s.Segment = seg
	if seg == nil {
		return
	}
	switch s.Executor {
	case SharedIterations:
		s.Iterations = seg.Scale(s.Iterations)
		s.VUs = int(seg.Scale(int64(s.VUs)))
		if s.Iterations > 0 {
			s.VUs = max(s.VUs, 1)
		}
	case PerVUIterations, ConstantVUs:
		s.VUs = int(seg.Scale(int64(s.VUs)))
	case ConstantArrivalRate, RampingArrivalRate:
		s.PreAllocatedVUs = int(seg.Scale(int64(s.PreAllocatedVUs)))
		s.MaxVUs = max(int(seg.Scale(int64(s.MaxVUs))), 1)
	}
}
