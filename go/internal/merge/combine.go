package merge

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/pondigo/natsk6/go/internal/accounting"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// Merged is the combination of the result files of one test's instances:
// an aggregator holding every series of every file, with the test's
// thresholds installed on it, and what its summary needs.
type Merged struct {
	Aggregator *metrics.Aggregator
	// Start is the earliest instance's start, End the latest one's end:
	// the merged test's duration, which counters' rates divide by.
	Start, End time.Time
	// TrendStats and TimeUnit are the summary options of the first file.
	TrendStats []string
	TimeUnit   string
	// Files are how many files were merged.
	Files int
	// Warnings are about the merge itself, such as execution segments
	// that no file ran.
	Warnings []string
	// Accounting is the message accounting of every file's process
	// reconciled, nil when none accounted for anything.
	Accounting *accounting.Report
}

// Duration is the merged test's duration.
func (m *Merged) Duration() time.Duration { return m.End.Sub(m.Start) }

// Combine reads the result files at paths and merges them. Files of one
// test must agree on every metric's type and contents and on the
// thresholds; anything else is an error naming the file. Gauges keep the
// last file's last value (min and max are over all files). The files'
// message accounting is reconciled across them (reconcileAccounting).
func Combine(paths []string) (*Merged, error) {
	if len(paths) == 0 {
		return nil, errors.New("no result files to merge")
	}
	files := make([]*File, len(paths))
	for i, p := range paths {
		f, err := Read(p)
		if err != nil {
			return nil, err
		}
		files[i] = f
	}
	if err := distinctInstances(paths, files); err != nil {
		return nil, err
	}
	warnings, err := checkSegments(paths, files)
	if err != nil {
		return nil, err
	}
	accountingReport, accountingWarnings := reconcileAccounting(files)
	warnings = append(warnings, accountingWarnings...)
	reg := metrics.NewRegistry()
	for i, f := range files {
		if err := register(reg, f); err != nil {
			return nil, fmt.Errorf("result file %s: %w", paths[i], err)
		}
		if i > 0 && !sameJSON(f.Thresholds, files[0].Thresholds) {
			return nil, fmt.Errorf("result file %s has other thresholds than %s: the files are not from one test", paths[i], paths[0])
		}
	}
	agg := metrics.NewAggregator(reg)
	ths, err := metrics.ParseThresholds(files[0].Thresholds, reg)
	if err != nil {
		return nil, fmt.Errorf("result file %s: %w", paths[0], err)
	}
	agg.SetThresholds(ths)
	m := &Merged{Aggregator: agg, Start: files[0].Start, End: files[0].End, Files: len(files), Warnings: warnings, Accounting: accountingReport}
	for i, f := range files {
		if err := addSeries(agg, f); err != nil {
			return nil, fmt.Errorf("result file %s: %w", paths[i], err)
		}
		if f.Start.Before(m.Start) {
			m.Start = f.Start
		}
		if f.End.After(m.End) {
			m.End = f.End
		}
	}
	if m.TrendStats, m.TimeUnit, err = summaryOptions(files[0].Options); err != nil {
		return nil, fmt.Errorf("result file %s: %w", paths[0], err)
	}
	return m, nil
}

// distinctInstances refuses the same instance's result twice (the same
// start to the nanosecond and the same tags), which would count its
// share twice.
func distinctInstances(paths []string, files []*File) error {
	seen := map[string]string{}
	for i, f := range files {
		tags, _ := json.Marshal(f.Tags) // a map of strings always encodes, keys sorted
		key := f.Start.Format(time.RFC3339Nano) + " " + string(tags)
		if first, ok := seen[key]; ok {
			return fmt.Errorf("result files %s and %s are from the same instance (same start and tags): its share would count twice", first, paths[i])
		}
		seen[key] = paths[i]
	}
	return nil
}

// register registers f's metrics in reg; a metric another file declared
// with another type or contents is an error.
func register(reg *metrics.Registry, f *File) error {
	for _, m := range f.Metrics {
		typ, err := parseType(m.Type)
		if err != nil {
			return fmt.Errorf("metric %s: %w", m.Name, err)
		}
		contains, err := parseContains(m.Contains)
		if err != nil {
			return fmt.Errorf("metric %s: %w", m.Name, err)
		}
		if _, err := reg.New(m.Name, typ, contains); err != nil {
			return err
		}
	}
	return nil
}

// addSeries merges every series of f into agg.
func addSeries(agg *metrics.Aggregator, f *File) error {
	for _, s := range f.Series {
		m := agg.Registry.Get(s.Metric)
		if m == nil {
			return fmt.Errorf("a series of metric %s, which the file does not declare", s.Metric)
		}
		st, err := metrics.StatsFromState(m.Type, s.Stats)
		if err != nil {
			return fmt.Errorf("metric %s: %w", s.Metric, err)
		}
		agg.AddSeries(m, agg.Registry.Intern(s.Tags), &st)
	}
	return nil
}

func parseType(s string) (metrics.Type, error) {
	for _, t := range []metrics.Type{metrics.Counter, metrics.Gauge, metrics.Rate, metrics.Trend} {
		if t.String() == s {
			return t, nil
		}
	}
	return 0, fmt.Errorf("type %q is not counter, gauge, rate or trend", s)
}

func parseContains(s string) (metrics.Contains, error) {
	for _, c := range []metrics.Contains{metrics.Default, metrics.Time, metrics.Data} {
		if c.String() == s {
			return c, nil
		}
	}
	return 0, fmt.Errorf("contains %q is not default, time or data", s)
}

// sameJSON reports whether two thresholds options are equal as JSON
// values, whatever their spacing or key order.
func sameJSON(a, b map[string]json.RawMessage) bool {
	ja, errA := canonical(a)
	jb, errB := canonical(b)
	return errA == nil && errB == nil && bytes.Equal(ja, jb)
}

func canonical(v map[string]json.RawMessage) ([]byte, error) {
	generic := map[string]any{}
	for k, raw := range v {
		var x any
		if err := json.Unmarshal(raw, &x); err != nil {
			return nil, err
		}
		generic[k] = x
	}
	return json.Marshal(generic) // map keys are sorted
}

// summaryOptions reads summaryTrendStats and summaryTimeUnit from a
// file's options; the run validated them already.
func summaryOptions(options json.RawMessage) ([]string, string, error) {
	if len(options) == 0 {
		return nil, "", nil
	}
	var o struct {
		SummaryTrendStats []string `json:"summaryTrendStats"`
		SummaryTimeUnit   string   `json:"summaryTimeUnit"`
	}
	if err := json.Unmarshal(options, &o); err != nil {
		return nil, "", fmt.Errorf("options: %w", err)
	}
	return o.SummaryTrendStats, o.SummaryTimeUnit, nil
}
