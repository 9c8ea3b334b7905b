package merge_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/accounting"
	"github.com/pondigo/natsk6/go/internal/merge"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// writeAccountingFile writes the result file of a run whose tracker is
// tr, with the accounting counters a run emits: its own losses and
// unacked at the end, its duplicates and out-of-order deliveries as they
// came (and a zero for each).
func writeAccountingFile(t *testing.T, dir string, id int, tr *accounting.Tracker, thresholds map[string]json.RawMessage) string {
	t.Helper()
	reg := metrics.NewRegistry()
	agg := metrics.NewAggregator(reg)
	sink := agg.NewSink()
	tags := reg.Intern(map[string]string{"instance_id": strconv.Itoa(id)})
	rep := tr.Report()
	for name, v := range map[string]uint64{accounting.LostMetric: rep.Lost, accounting.UnackedMetric: rep.Unacked,
		accounting.DuplicatedMetric: rep.Duplicated, accounting.OutOfOrderMetric: rep.OutOfOrder} {
		sink.Add(reg.MustNew(name, metrics.Counter, metrics.Default), tags, float64(v))
	}
	sink.Flush()
	start := time.Date(2026, 12, 4, 1, 0, 0, 0, time.UTC).Add(time.Duration(id) * time.Second)
	path := filepath.Join(dir, "result-"+strconv.Itoa(id)+".json")
	st := tr.State()
	err := merge.Write(path, merge.Run{Aggregator: agg, Thresholds: thresholds, Tags: map[string]string{"instance_id": strconv.Itoa(id)},
		Start: start, End: start.Add(time.Second), Accounting: &st})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// A producer's file alone loses everything it sent, a consumer's file
// alone nothing; merged, the counters and the thresholds see what no
// process delivered, and the producer's instance carries the loss.
func TestMergeReconcilesAccountingAcrossFiles(t *testing.T) {
	producer, first, second := accounting.New(), accounting.New(), accounting.New()
	id := producer.NewProducerID(true)
	for seq := uint64(1); seq <= 100; seq++ {
		producer.Sent(id, seq)
		if seq <= 95 {
			producer.Acked(id, seq)
		}
	}
	for seq := uint64(1); seq <= 50; seq++ {
		first.Observe(accounting.Live, id, seq)
	}
	first.Observe(accounting.Live, id, 7)
	for seq := uint64(41); seq <= 80; seq++ {
		second.Observe(accounting.Live, id, seq)
	}
	thresholds := map[string]json.RawMessage{
		"nats_msgs_lost":                      json.RawMessage(`["count==0"]`),
		"nats_msgs_lost{instance_id:0}":       json.RawMessage(`["count==15"]`),
		"nats_msgs_duplicated":                json.RawMessage(`["count==11"]`),
		"nats_msgs_unacked":                   json.RawMessage(`["count==5"]`),
		"nats_msgs_duplicated{instance_id:2}": json.RawMessage(`["count==10"]`),
	}
	dir := t.TempDir()
	files := []string{writeAccountingFile(t, dir, 0, producer, thresholds), writeAccountingFile(t, dir, 1, first, thresholds), writeAccountingFile(t, dir, 2, second, thresholds)}
	m, err := merge.Combine(files)
	if err != nil {
		t.Fatal(err)
	}
	want := accounting.Counts{Sent: 100, Acked: 95, Delivered: 80, Lost: 15, Unacked: 5, Duplicated: 11}
	if m.Accounting == nil || m.Accounting.Counts != want {
		t.Fatalf("accounting = %+v, want %+v", m.Accounting, want)
	}
	reg := m.Aggregator.Registry
	for name, want := range map[string]float64{accounting.LostMetric: 15, accounting.UnackedMetric: 5, accounting.DuplicatedMetric: 11, accounting.OutOfOrderMetric: 0} {
		if got := m.Aggregator.Query(reg.Get(name)).Sum; got != want {
			t.Errorf("merged %s = %v, want %v", name, got, want)
		}
	}
	m.Aggregator.EvaluateThresholds(m.Duration())
	err = m.Aggregator.CrossedThresholds("")
	if err == nil || err.Error() != "thresholds on metrics 'nats_msgs_lost' have been crossed: nats_msgs_lost 'count==0' count=15" {
		t.Fatalf("crossed thresholds: %v", err)
	}
	if text := m.Accounting.Text(); !strings.Contains(text, "producer "+id+" lost 15: 81, 82, 83") {
		t.Fatalf("accounting section:\n%s", text)
	}

	// The producer's file alone: every acknowledged message lost.
	alone, err := merge.Combine(files[:1])
	if err != nil {
		t.Fatal(err)
	}
	if got := alone.Aggregator.Query(alone.Aggregator.Registry.Get(accounting.LostMetric)).Sum; got != 95 {
		t.Fatalf("the producer's file alone: lost %v, want 95", got)
	}
}

func TestMergeRefusesABrokenAccountingState(t *testing.T) {
	tr := accounting.New()
	tr.Observe(accounting.Live, "x-1-c", 3)
	path := writeAccountingFile(t, t.TempDir(), 0, tr, nil)
	f, err := merge.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Accounting.Producers[0].Live.Seen = accounting.Seqs{Ranges: accounting.Spans{{3, 1}}}
	b, _ := json.Marshal(f)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := merge.Combine([]string{path}); err == nil || !strings.Contains(err.Error(), "result file "+path+": accounting: producer x-1-c: live.seen: span [3 1] is not a range of sequences from 1") {
		t.Fatalf("error %v", err)
	}

	// Accounting without the counters a run emits with it.
	f.Accounting.Producers[0].Live.Seen = accounting.Seqs{Ranges: accounting.Spans{{3, 3}}}
	f.Metrics = slices.DeleteFunc(f.Metrics, func(m merge.Metric) bool { return m.Name == accounting.LostMetric })
	f.Series = slices.DeleteFunc(f.Series, func(s merge.Series) bool { return s.Metric == accounting.LostMetric })
	b, _ = json.Marshal(f)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := merge.Combine([]string{path}); err == nil || err.Error() != "result file "+path+": a series of metric nats_msgs_lost, which the file does not declare" {
		t.Fatalf("error %v", err)
	}
}

// Instances that read back different streams: the losses are judged
// against all the read-backs together, and the merge says so.
func TestMergeWarnsOfReadBacksOfDifferentStreams(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, stream := range []string{"ORDERS", "ORDERS", "EVENTS"} {
		tr := accounting.New()
		tr.ReadBack(stream)
		tr.Observe(accounting.Stream, "p-1-js", 1)
		files = append(files, writeAccountingFile(t, dir, i, tr, nil))
	}
	m, err := merge.Combine(files)
	if err != nil {
		t.Fatal(err)
	}
	want := "the result files read back different streams (ORDERS, EVENTS): JetStream losses are judged against all their read-backs together"
	if !slices.Contains(m.Warnings, want) || m.Accounting.ReadBackStream != "ORDERS, EVENTS" || m.Accounting.Duplicated != 0 {
		t.Fatalf("warnings %q, accounting %+v", m.Warnings, m.Accounting)
	}
}
