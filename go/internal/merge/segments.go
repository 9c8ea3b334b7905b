package merge

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"

	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// span is the part of the test one file's instance ran.
type span struct {
	from, to *big.Rat
	path     string
}

// checkSegments compares the execution segments the files ran: two that
// overlap would count their common share twice, an error; segments that
// leave part of the test out give a warning (the thresholds decide
// whether the rest passes). Files without segments each ran the whole
// test, split some other way, and are not checked.
func checkSegments(paths []string, files []*File) (warnings []string, err error) {
	var spans []span
	for i, f := range files {
		s, ok, err := segmentOf(f.Options)
		if err != nil {
			return nil, fmt.Errorf("result file %s: %w", paths[i], err)
		}
		if ok {
			s.path = paths[i]
			spans = append(spans, s)
		}
	}
	switch {
	case len(spans) == 0:
		return nil, nil
	case len(spans) < len(files):
		return []string{fmt.Sprintf("%d of the %d result files ran an execution segment, the others the whole test", len(spans), len(files))}, nil
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].from.Cmp(spans[j].from) < 0 })
	covered := new(big.Rat)
	var gaps []string
	for i, s := range spans {
		if i > 0 && s.from.Cmp(spans[i-1].to) < 0 {
			return nil, fmt.Errorf("result files %s (%s) and %s (%s) ran overlapping execution segments: their common share would count twice",
				spans[i-1].path, segmentText(spans[i-1]), s.path, segmentText(s))
		}
		if s.from.Cmp(covered) > 0 {
			gaps = append(gaps, covered.RatString()+":"+s.from.RatString())
		}
		covered = s.to
	}
	if one := big.NewRat(1, 1); covered.Cmp(one) < 0 {
		gaps = append(gaps, covered.RatString()+":1")
	}
	if len(gaps) > 0 {
		warnings = append(warnings, fmt.Sprintf("no result file ran the execution segments %s: the merged results leave that part of the test out", strings.Join(gaps, ", ")))
	}
	return warnings, nil
}

// segmentOf reads the executionSegment a file's run had; ok is false for
// a run of the whole test.
func segmentOf(options json.RawMessage) (s span, ok bool, err error) {
	var o struct {
		Segment  string `json:"executionSegment"`
		Sequence string `json:"executionSegmentSequence"`
	}
	if len(options) > 0 {
		if err := json.Unmarshal(options, &o); err != nil {
			return s, false, fmt.Errorf("options: %w", err)
		}
	}
	seg, err := scheduler.ParseSegment(o.Segment, o.Sequence)
	if err != nil || seg == nil {
		return s, false, err
	}
	// The segment's own notation ("1/4:1/2") gives its exact bounds.
	from, to, _ := strings.Cut(seg.String(), ":")
	s.from, _ = new(big.Rat).SetString(from)
	s.to, _ = new(big.Rat).SetString(to)
	return s, true, nil
}

func segmentText(s span) string { return s.from.RatString() + ":" + s.to.RatString() }
