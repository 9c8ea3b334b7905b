package omb

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// chartFields are the result fields OMB's bin/create_charts.py reads.
var chartFields = []string{
	"workload", "driver",
	"publishLatency99pct", "publishDelayLatency99pct", "publishRate", "publishErrorRate",
	"endToEndLatency95pct", "consumeRate", "endToEndLatencyAvg",
	"aggregatedPublishLatencyQuantiles", "aggregatedPublishDelayLatencyQuantiles",
	"aggregatedEndToEndLatencyQuantiles",
}

// resultFields are the rest of OMB's TestResult fields.
var resultFields = []string{
	"messageSize", "topics", "partitions", "producersPerTopic", "consumersPerTopic", "backlog",
	"publishLatencyAvg", "publishLatency50pct", "publishLatency75pct", "publishLatency95pct",
	"publishLatency999pct", "publishLatency9999pct", "publishLatencyMax",
	"publishDelayLatencyAvg", "publishDelayLatency50pct", "publishDelayLatency75pct", "publishDelayLatency95pct",
	"publishDelayLatency999pct", "publishDelayLatency9999pct", "publishDelayLatencyMax",
	"aggregatedPublishLatencyAvg", "aggregatedPublishLatency50pct", "aggregatedPublishLatency75pct",
	"aggregatedPublishLatency95pct", "aggregatedPublishLatency99pct", "aggregatedPublishLatency999pct",
	"aggregatedPublishLatency9999pct", "aggregatedPublishLatencyMax",
	"aggregatedPublishDelayLatencyAvg", "aggregatedPublishDelayLatency50pct", "aggregatedPublishDelayLatency75pct",
	"aggregatedPublishDelayLatency95pct", "aggregatedPublishDelayLatency99pct", "aggregatedPublishDelayLatency999pct",
	"aggregatedPublishDelayLatency9999pct", "aggregatedPublishDelayLatencyMax",
	"endToEndLatency50pct", "endToEndLatency75pct", "endToEndLatency99pct", "endToEndLatency999pct",
	"endToEndLatency9999pct", "endToEndLatencyMax",
	"aggregatedEndToEndLatencyAvg", "aggregatedEndToEndLatency50pct", "aggregatedEndToEndLatency75pct",
	"aggregatedEndToEndLatency95pct", "aggregatedEndToEndLatency99pct", "aggregatedEndToEndLatency999pct",
	"aggregatedEndToEndLatency9999pct", "aggregatedEndToEndLatencyMax",
}

// scaledDown is OMB's 1-topic workload shape at 2,000 msgs/s for 10 s
// after a 2 s warm-up, in 2 s windows.
const scaledDown = `
name: scaled-down 1 topic / 2 partitions
topics: 1
partitionsPerTopic: 2
messageSize: 1024
useRandomizedPayloads: true
randomBytesRatio: 0.5
randomizedPayloadPoolSize: 100
subscriptionsPerTopic: 1
consumerPerSubscription: 1
producersPerTopic: 1
producerRate: 2000
consumerBacklogSizeGB: 0
testDurationMinutes: 15
natsk6:
  testDurationSeconds: 10
  warmupDurationSeconds: 2
  windowSeconds: 2
  keepStreams: true
  # Headroom for a busy machine: a server slow to ack must not hold
  # the open-loop producer back.
  maxInFlight: 20000
  storage: memory
`

func writeWorkload(t *testing.T, text string) *Workload {
	t.Helper()
	path := filepath.Join(t.TempDir(), "workload.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := LoadWorkload(path)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestScaledDownWorkloadWritesOMBResult(t *testing.T) {
	srv := testsupport.StartServer(t, nil)
	w := writeWorkload(t, scaledDown)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	start := time.Now()
	res, err := Run(ctx, w, Config{URL: srv.ClientURL(), Log: testLog{t}})
	took := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}

	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatal(err)
	}
	for _, f := range append(chartFields, resultFields...) {
		if v, ok := fields[f]; !ok || v == nil {
			t.Errorf("result JSON lacks %s", f)
		}
	}

	if len(res.PublishRate) != 5 || len(res.ConsumeRate) != 5 || len(res.Backlog) != 5 {
		t.Fatalf("want 5 windows of 2 s, got publishRate %v consumeRate %v backlog %v", res.PublishRate, res.ConsumeRate, res.Backlog)
	}
	// Messages count as published when acked, as in OMB: a stall of the
	// server (a busy CI machine) moves some into the next window, while
	// the open-loop schedule keeps the mean.
	var sum float64
	for i, r := range res.PublishRate {
		sum += r
		if r < 1000 || r > 3000 {
			t.Errorf("publishRate window %d: %.1f msgs/s, want near 2000", i, r)
		}
	}
	if mean := sum / 5; mean < 1800 || mean > 2200 {
		t.Errorf("publishRate %v: mean %.1f msgs/s, want 2000 ± 10%%", res.PublishRate, mean)
	}

	js, err := jetstream.New(testsupport.Connect(t, srv.ClientURL()))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.NATS.Streams) != 1 {
		t.Fatalf("streams %v, want one", res.NATS.Streams)
	}
	s, err := js.Stream(ctx, res.NATS.Streams[0])
	if err != nil {
		t.Fatal(err)
	}
	stored := int64(s.CachedInfo().State.Msgs)
	// 12 s at 2,000 msgs/s, warm-up included, or more when windows ran
	// late, but not more than the run's time allows.
	if most := int64(2000 * took.Seconds()); stored < 23_000 || stored > most {
		t.Errorf("stream holds %d messages, want 24,000 or more, at most %d (2,000/s for %v)", stored, most, took)
	}
	if res.NATS.Published != stored || res.NATS.Consumed != stored {
		t.Errorf("published %d, consumed %d, stream holds %d: want all equal", res.NATS.Published, res.NATS.Consumed, stored)
	}
	if res.NATS.PublishErrors != 0 {
		t.Errorf("%d publish errors", res.NATS.PublishErrors)
	}

	if !(res.AggregatedEndToEndLatency50pct <= res.AggregatedEndToEndLatency99pct &&
		res.AggregatedEndToEndLatency99pct <= res.AggregatedEndToEndLatencyMax && res.AggregatedEndToEndLatencyMax > 0) {
		t.Errorf("e2e quantiles out of order: p50 %v p99 %v max %v",
			res.AggregatedEndToEndLatency50pct, res.AggregatedEndToEndLatency99pct, res.AggregatedEndToEndLatencyMax)
	}
	if !(res.AggregatedPublishLatency50pct <= res.AggregatedPublishLatency99pct &&
		res.AggregatedPublishLatency99pct <= res.AggregatedPublishLatencyMax && res.AggregatedPublishLatencyMax > 0) {
		t.Errorf("publish latency quantiles out of order: p50 %v p99 %v max %v",
			res.AggregatedPublishLatency50pct, res.AggregatedPublishLatency99pct, res.AggregatedPublishLatencyMax)
	}
	// The chart script sorts each quantile map by float(key) and plots
	// the values: keys must parse, values must not decrease.
	for name, m := range map[string]map[string]float64{
		"aggregatedPublishLatencyQuantiles":  res.AggregatedPublishLatencyQuantiles,
		"aggregatedEndToEndLatencyQuantiles": res.AggregatedEndToEndLatencyQuantiles,
	} {
		checkQuantiles(t, name, m)
	}
	delays := map[string]float64{}
	for k, v := range res.AggregatedPublishDelayLatencyQuantiles {
		delays[k] = float64(v)
	}
	checkQuantiles(t, "aggregatedPublishDelayLatencyQuantiles", delays)
	if len(res.AggregatedEndToEndLatencyQuantiles) == 0 || res.AggregatedEndToEndLatencyQuantiles["100.0"] != res.AggregatedEndToEndLatencyMax {
		t.Errorf("e2e quantile map ends at %v, want the max %v (%d entries)",
			res.AggregatedEndToEndLatencyQuantiles["100.0"], res.AggregatedEndToEndLatencyMax, len(res.AggregatedEndToEndLatencyQuantiles))
	}
}

// checkQuantiles asserts a quantile map is what the chart script can plot.
func checkQuantiles(t *testing.T, name string, m map[string]float64) {
	t.Helper()
	type point struct{ p, v float64 }
	var points []point
	for k, v := range m {
		p, err := strconv.ParseFloat(k, 64)
		if err != nil || p < 0 || p > 100 {
			t.Errorf("%s: key %q is not a percentile", name, k)
			continue
		}
		points = append(points, point{p, v})
	}
	if len(points) < 10 {
		t.Fatalf("%s: %d quantiles, want many", name, len(points))
	}
	sort.Slice(points, func(i, j int) bool { return points[i].p < points[j].p })
	for i := 1; i < len(points); i++ {
		if points[i].v < points[i-1].v {
			t.Errorf("%s: %v at p%v after %v at p%v", name, points[i].v, points[i].p, points[i-1].v, points[i-1].p)
			return
		}
	}
}
