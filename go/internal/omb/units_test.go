package omb

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOMBWorkloadsLoadWithOMBDefaults(t *testing.T) {
	w := writeWorkload(t, `
name: 1 producer / 1 consumers on 1 topic
topics: 1
partitionsPerTopic: 16
messageSize: 1024
payloadFile: "payload/payload-1Kb.data"
subscriptionsPerTopic: 1
consumerPerSubscription: 1
producersPerTopic: 1
producerRate: 50000
consumerBacklogSizeGB: 0
testDurationMinutes: 15
`)
	if w.testDuration() != 15*time.Minute || w.warmup() != time.Minute || w.window() != 10*time.Second {
		t.Errorf("test %v, warm-up %v, window %v: want OMB's 15m, default 1m and 10s", w.testDuration(), w.warmup(), w.window())
	}
	if w.NATS.Mode != ModeJetStream || w.NATS.Storage != "file" || w.NATS.Replicas != 1 || w.drainRatio() != 1 {
		t.Errorf("defaults: %+v, drain ratio %v", w.NATS, w.drainRatio())
	}
}

func TestInvalidWorkloadsAreRejectedWithEveryReason(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	text := `
topics: 0
messageSize: 4
producersPerTopic: 1
subscriptionsPerTopic: 1
consumerPerSubscription: 1
producerRate: 0
consumerBacklogSizeGB: 1
testDurationMinutes: 1
natsk6: {mode: core}
`
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadWorkload(path)
	if err == nil {
		t.Fatal("want an error")
	}
	for _, want := range []string{"topics must be at least 1", "messageSize must be at least 8", "needs a producerRate", "core NATS keeps no backlog"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if err := os.WriteFile(path, []byte("topic: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadWorkload(path); err == nil || !strings.Contains(err.Error(), `unknown field "topic"`) {
		t.Errorf("a misspelt key: %v", err)
	}
}

func TestRandomizedPayloadsAreRandomThenZeros(t *testing.T) {
	w := &Workload{MessageSize: 1000, UseRandomizedPayloads: true, RandomBytesRatio: 0.25, RandomizedPayloadPoolSize: 3}
	pool, err := w.payloads("")
	if err != nil {
		t.Fatal(err)
	}
	if len(pool) != 3 {
		t.Fatalf("pool of %d, want 3", len(pool))
	}
	for i, p := range pool {
		if len(p) != 1000 || !bytes.Equal(p[250:], make([]byte, 750)) || bytes.Equal(p[:250], make([]byte, 250)) {
			t.Errorf("payload %d: want 250 random bytes then 750 zeros", i)
		}
	}
	if bytes.Equal(pool[0], pool[1]) {
		t.Error("the pool's payloads are alike")
	}
}

func TestPayloadFileMustMatchMessageSize(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "p.data"), bytes.Repeat([]byte("x"), 100), 0o644); err != nil {
		t.Fatal(err)
	}
	w := &Workload{MessageSize: 100, PayloadFile: "p.data"}
	if pool, err := w.payloads(dir); err != nil || len(pool) != 1 || len(pool[0]) != 100 {
		t.Fatalf("pool %d, err %v", len(pool), err)
	}
	w.MessageSize = 200
	if _, err := w.payloads(dir); err == nil || !strings.Contains(err.Error(), "holds 100 bytes, messageSize is 200") {
		t.Errorf("size mismatch: %v", err)
	}
}

func TestStampRoundTrips(t *testing.T) {
	p := make([]byte, 16)
	now := time.Now()
	stamp(p, now)
	if got, ok := stampedAt(p); !ok || !got.Equal(time.Unix(0, now.UnixNano())) {
		t.Errorf("stamped %v, read %v", now, got)
	}
	if _, ok := stampedAt(p[:7]); ok {
		t.Error("a 7-byte payload has no stamp")
	}
}

func TestPercentileKeysAreWrittenAsJavaDoubles(t *testing.T) {
	for p, want := range map[float64]string{50: "50.0", 100: "100.0", 99.90234375: "99.90234375", 0: "0.0"} {
		if got := percentileKey(p); got != want {
			t.Errorf("percentileKey(%v) = %q, want %q", p, got, want)
		}
	}
}

func TestRateSearchRaisesWhileKeptUpAndFallsBackToAchieved(t *testing.T) {
	s := &rateSearch{step: searchMaxStep, subscriptions: 1}
	period := 2 * time.Second
	// Kept up: 10,000 msgs/s for 2 s all sent and received: double.
	if got := s.next(10_000, period, 20_000, 20_000); got != 20_000 {
		t.Fatalf("kept up at 10,000: next %v, want 20,000", got)
	}
	// At 20,000 the consumers fell 5,000 behind: back to the lower
	// achieved rate (35,000-20,000 received in 2 s), step halved.
	if got := s.next(20_000, period, 60_000, 55_000); got != 17_500 {
		t.Fatalf("behind: next %v, want 17,500 (consumed per second)", got)
	}
	if s.step != searchMaxStep/2 {
		t.Errorf("step %v, want halved", s.step)
	}
	// Caught up again: raise by the halved step.
	if got := s.next(17_500, period, 95_000, 95_000); got != 17_500*1.5 {
		t.Errorf("kept up at 17,500: next %v, want %v", got, 17_500*1.5)
	}
}

func TestExampleWorkloadsLoadAndBuildTheirPayloads(t *testing.T) {
	paths, err := filepath.Glob("../../../examples/omb/*.yaml")
	if err != nil || len(paths) < 4 {
		t.Fatalf("examples/omb: %v %v", paths, err)
	}
	for _, path := range paths {
		w, err := LoadWorkload(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		pool, err := w.payloads(filepath.Dir(path))
		if err != nil || len(pool) == 0 || len(pool[0]) != w.MessageSize {
			t.Errorf("%s: payloads %d, err %v", path, len(pool), err)
		}
	}
}
