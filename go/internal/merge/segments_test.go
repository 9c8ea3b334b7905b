package merge_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/merge"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// segmentFiles writes one result file per segment ("" for a run of the
// whole test) within sequence.
func segmentFiles(t *testing.T, sequence string, segments ...string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, seg := range segments {
		opts := map[string]string{}
		if seg != "" {
			opts["executionSegment"] = seg
			if sequence != "" {
				opts["executionSegmentSequence"] = sequence
			}
		}
		raw, _ := json.Marshal(opts)
		start := time.Date(2026, 12, 3, 14, 0, i, 0, time.UTC)
		path := filepath.Join(dir, fmt.Sprintf("r%d.json", i))
		run := merge.Run{Aggregator: metrics.NewAggregator(metrics.NewRegistry()), Options: raw, Start: start, End: start.Add(time.Second)}
		if err := merge.Write(path, run); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

func TestCombineChecksTheSegmentsCoverTheTestOnce(t *testing.T) {
	const quarters = "0,1/4,2/4,3/4,1"
	cases := map[string]struct {
		paths    []string
		warnings []string
		err      string
	}{
		"every segment":       {paths: segmentFiles(t, quarters, "0:1/4", "2/4:3/4", "1/4:2/4", "3/4:1")},
		"percentages":         {paths: segmentFiles(t, "", "0:50%", "50%:100%")},
		"no segments":         {paths: segmentFiles(t, "", "", "")},
		"the last one absent": {paths: segmentFiles(t, quarters, "0:1/4", "1/4:2/4", "2/4:3/4"), warnings: []string{"no result file ran the execution segments 3/4:1: the merged results leave that part of the test out"}},
		"two absent":          {paths: segmentFiles(t, quarters, "1/4:2/4", "3/4:1"), warnings: []string{"no result file ran the execution segments 0:1/4, 1/2:3/4: the merged results leave that part of the test out"}},
		"some without":        {paths: segmentFiles(t, quarters, "0:1/4", ""), warnings: []string{"1 of the 2 result files ran an execution segment, the others the whole test"}},
		"overlapping":         {paths: segmentFiles(t, "", "0:1/2", "1/4:3/4"), err: "ran overlapping execution segments: their common share would count twice"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			m, err := merge.Combine(c.paths)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(m.Warnings, c.warnings) {
				t.Fatalf("warnings %q, want %q", m.Warnings, c.warnings)
			}
		})
	}
}
