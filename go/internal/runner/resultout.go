package runner

import (
	"time"

	"github.com/pondigo/natsk6/go/internal/accounting"
	"github.com/pondigo/natsk6/go/internal/merge"
)

// writeResult writes the mergeable result file of --out result=FILE
// from everything flushed so far; natsk6 merge combines such files. It
// carries the tracker's state when the run accounted for messages, so
// the merge reconciles producers and consumers of other processes.
func (t *testRun) writeResult() error {
	if t.cfg.Out.ResultFile == "" {
		return nil
	}
	var state *accounting.State
	if t.accountingReport != nil {
		st := t.accounting.State()
		state = &st
	}
	return merge.Write(t.cfg.Out.ResultFile, merge.Run{
		Aggregator: t.agg, Options: t.optionsJSON, Thresholds: t.opts.Thresholds,
		Tags: t.opts.Tags, Start: t.start, End: time.Now(), Accounting: state,
	})
}
