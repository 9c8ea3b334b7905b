package main

import "testing"

// The tail of natscli v0.5.0's `nats latency` output.
const natsLatencyOut = `01:24:12 HDR Percentiles:
01:24:12 10:       41µs
01:24:12 50:       91µs
01:24:12 75:       178µs
01:24:12 90:       409µs
01:24:12 99:       1.056ms
01:24:12 99.9:     1.343ms
01:24:12 100:      4.206ms
01:24:12 ==============================
01:24:12 Actual Msgs/Sec: 10008
01:24:12 Median Latency : 91µs
`

func TestParseNatsLatency(t *testing.T) {
	got, err := parseNatsLatency(natsLatencyOut)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Measurement{10008, 91, 1056}); !sameMeasurement(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if _, err := parseNatsLatency("nats: error: no servers available"); err == nil {
		t.Error("an error output parsed as a result")
	}
}
