package main

import (
	"encoding/json"
	"math"
	"testing"
)

// Output shapes printed by natscli v0.5.0's nats bench.
const (
	natsBenchOneClient = `
NATS JetStream synchronous publisher stats: 11,127 msgs/sec ~ 1.4 MiB/sec ~ min: 25.92us ~ avg: 89.77us ~ max: 5,276.35us ~ P50: 86.80us ~ P90: 124.19us ~ P99: 172.63us ~ P99.9: 797.81us
`
	natsBenchClients = `
  [1] 3,658,005 msgs/sec ~ 56 MiB/sec ~ min: 0.05us ~ avg: 0.14us ~ max: 4,136.25us ~ P50: 0.06us ~ P90: 0.07us ~ P99: 0.07us ~ P99.9: 2.70us (100,000 msgs)
  [2] 3,456,196 msgs/sec ~ 53 MiB/sec ~ min: 0.05us ~ avg: 0.07us ~ max: 172.58us ~ P50: 0.06us ~ P90: 0.06us ~ P99: 0.07us ~ P99.9: 2.66us (100,000 msgs)

 NATS Core NATS publisher aggregated stats: 6,851,227 msgs/sec ~ 104 MiB/sec
 message rates min 3,456,196 | avg 3,557,100 | max 3,658,005 | stddev 100,904 msgs
 latencies per operation min 0.05us | avg 0.10us | max 4,136.25us | stddev 10.09us | P50 0.06us | P90 0.07us | P99 1,234.5us | P99.9: 2.67us
`
	natsBenchNoLatency = `NATS JetStream ordered ephemeral consumer stats: 469,961 msgs/sec ~ 57 MiB/sec`
)

func TestParseNatsBench(t *testing.T) {
	for _, tc := range []struct {
		name, out string
		want      Measurement
	}{
		{"one client", natsBenchOneClient, Measurement{11127, 86.80, 172.63}},
		{"several clients", natsBenchClients, Measurement{6851227, 0.06, 1234.5}},
		{"no latency", natsBenchNoLatency, Measurement{469961, math.NaN(), math.NaN()}},
	} {
		got, err := parseNatsBench(tc.out)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if !sameMeasurement(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := parseNatsBench("nats: error: no servers available"); err == nil {
		t.Error("an error output parsed as a result")
	}
}

func sameMeasurement(a, b Measurement) bool {
	same := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	return same(a.Rate, b.Rate) && same(a.P50, b.P50) && same(a.P99, b.P99)
}

func TestSummaryMeasurement(t *testing.T) {
	raw := []byte(`{"metrics": {
		"bench_msgs_per_sec": {"count": 1025641.5, "rate": 5141633.9},
		"nats_requests": {"count": 100, "rate": 50},
		"nats_request_duration": {"med": 0.25, "p(99)": 1.5, "max": 3},
		"nested": {"values": {"count": 7, "rate": 3}}
	}}`)
	var s Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	m, err := s.Measurement("bench_msgs_per_sec:count", "nats_request_duration")
	if err != nil {
		t.Fatal(err)
	}
	if !sameMeasurement(m, Measurement{1025641.5, 250, 1500}) {
		t.Errorf("got %v", m)
	}
	if m, _ := s.Measurement("nested", ""); m.Rate != 3 || !math.IsNaN(m.P50) {
		t.Errorf("nested values: got %v", m)
	}
	if _, err := s.Measurement("missing", ""); err == nil {
		t.Error("a missing metric gave no error")
	}
}

func TestSummarizeMediansOfPairRatios(t *testing.T) {
	nan := math.NaN()
	pairs := map[int]*Pair{
		1: {Natsk6: Measurement{100, 10, nan}, NatsBench: Measurement{200, 5, nan}},
		2: {Natsk6: Measurement{90, 12, nan}, NatsBench: Measurement{100, 6, nan}},
		3: {Natsk6: Measurement{300, 9, nan}, NatsBench: Measurement{400, 9, nan}},
	}
	row := summarize(Scenario{ID: "x", Goal: "rate>=0.7,p50<=2"}, pairs)
	if row.Natsk6.Rate != 100 || row.NatsBench.Rate != 200 {
		t.Errorf("medians: got %v / %v", row.Natsk6, row.NatsBench)
	}
	if row.Ratio.Rate != 0.75 || row.Ratio.P50 != 2 || !math.IsNaN(row.Ratio.P99) {
		t.Errorf("ratios: got %v", row.Ratio)
	}
	if row.GoalMet != "yes" {
		t.Errorf("goal: got %q", row.GoalMet)
	}
	if got := evaluateGoal("rate>=0.8", row.Ratio); got != "no" {
		t.Errorf("missed goal: got %q", got)
	}
}

func TestShortSymbol(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/pondigo/natsk6/go/internal/natsmod.(*Connection).Publish": "natsmod.(*Connection).Publish",
		"github.com/nats-io/nats.go.(*Conn).publish":                          "nats.go.(*Conn).publish",
		"runtime.mallocgc": "runtime.mallocgc",
		"github.com/pondigo/natsk6/go/internal/eventloop.(*Batch[go.shape.struct { a []int }]).drain": "eventloop.(*Batch[…]).drain",
	} {
		if got := shortSymbol(in); got != want {
			t.Errorf("shortSymbol(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExtraMeetsGoal(t *testing.T) {
	for _, tc := range []struct {
		e         Extra
		ok, known bool
	}{
		{Extra{Value: "0.15", Goal: "<= 2 MiB"}, true, true},
		{Extra{Value: "5.00", Goal: "< 5 s"}, false, true},
		{Extra{Value: "12.5", Goal: "<= 10 %"}, false, true},
		{Extra{Value: "n/a", Goal: "<= 10 %"}, false, false},
	} {
		ok, known := extraMeetsGoal(tc.e)
		if ok != tc.ok || known != tc.known {
			t.Errorf("%+v: got %v %v, want %v %v", tc.e, ok, known, tc.ok, tc.known)
		}
	}
}
