package merge

import (
	"fmt"
	"strings"

	"github.com/pondigo/natsk6/go/internal/accounting"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// reconcileAccounting reconciles the message accounting of the files
// and rewrites their accounting counters to match, before their series
// are merged: a file's nats_msgs_lost and nats_msgs_unacked become those
// of the producers its process ran, judged against every process's
// deliveries (a producer-only process alone would report all it sent as
// lost), and its nats_msgs_duplicated gains its deliveries of sequences
// an earlier file's process delivered. The merged counters then add up
// to the reconciled report. nil when no file accounted for anything.
func reconcileAccounting(files []*File) (*accounting.Report, []string) {
	states := make([]*accounting.State, len(files))
	used := false
	for i, f := range files {
		states[i] = f.Accounting
		used = used || f.Accounting != nil
	}
	if !used {
		return nil, nil
	}
	r := accounting.Reconcile(states)
	for i, f := range files {
		if f.Accounting == nil {
			continue
		}
		share := r.Shares[i]
		tags := f.setCounter(accounting.LostMetric, share.Lost)
		f.setCounter(accounting.UnackedMetric, share.Unacked)
		if share.Duplicated > 0 {
			f.Series = append(f.Series, Series{Metric: accounting.DuplicatedMetric, Tags: tags, Stats: counterState(share.Duplicated)})
		}
	}
	var warnings []string
	if len(r.ReadBackStreams) > 1 {
		warnings = append(warnings, fmt.Sprintf("the result files read back different streams (%s): JetStream losses are judged against all their read-backs together",
			strings.Join(r.ReadBackStreams, ", ")))
	}
	return &r.Report, warnings
}

// setCounter replaces f's series of the counter name with one holding
// value, on the tags of its first series of it (those the run emitted its
// end-of-run counters with), else on the file's test-wide tags; it
// returns the tags. A run that accounted declares the counters, so a file
// that does not fails to merge, naming the metric.
func (f *File) setCounter(name string, value uint64) map[string]string {
	tags, found := f.Tags, false
	kept := f.Series[:0]
	for _, s := range f.Series {
		switch {
		case s.Metric != name:
			kept = append(kept, s)
		case !found:
			tags, found = s.Tags, true
		}
	}
	f.Series = append(kept, Series{Metric: name, Tags: tags, Stats: counterState(value)})
	return tags
}

// counterState is a counter's aggregate of the one sample value.
func counterState(value uint64) metrics.StatsState {
	v := metrics.JSONFloat(value)
	st := metrics.StatsState{Count: 1, Sum: v, Min: v, Max: v, Last: v}
	if value > 0 {
		st.NonZero = 1
	}
	return st
}
