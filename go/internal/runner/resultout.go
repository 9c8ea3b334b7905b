package runner

import (
	"time"

	"github.com/pondigo/natsk6/go/internal/merge"
)

// writeResult writes the mergeable result file of --out result=FILE
// from everything flushed so far; natsk6 merge combines such files.
func (t *testRun) writeResult() error {
	if t.cfg.Out.ResultFile == "" {
		return nil
	}
	return merge.Write(t.cfg.Out.ResultFile, merge.Run{
		Aggregator: t.agg, Options: t.optionsJSON, Thresholds: t.opts.Thresholds,
		Tags: t.opts.Tags, Start: t.start, End: time.Now(),
	})
}
