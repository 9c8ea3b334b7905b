package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/runner"
)

const ombWorkload = `
topics: 1
partitionsPerTopic: 2
messageSize: 256
subscriptionsPerTopic: 1
consumerPerSubscription: 1
producersPerTopic: 1
producerRate: 1000
testDurationMinutes: 1
natsk6: {testDurationSeconds: 2, warmupDurationSeconds: 0, windowSeconds: 1, storage: memory}
`

func TestOMBCommandWritesResultJSONOnTheEmbeddedServer(t *testing.T) {
	dir := t.TempDir()
	workload := filepath.Join(dir, "tiny-workload.yaml")
	if err := os.WriteFile(workload, []byte(ombWorkload), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "result.json")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := execute(ctx, []string{"omb", workload, "--out-json", out}, []string{"NATS_URL="}, &stdout, &stderr, runner.Run)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "embedded nats-server") || !strings.Contains(stderr.String(), "Pub rate") {
		t.Errorf("stderr lacks the embedded server or the progress lines:\n%s", stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Workload    string    `json:"workload"`
		Driver      string    `json:"driver"`
		PublishRate []float64 `json:"publishRate"`
		NATS        struct {
			Published, Consumed int64
		} `json:"natsk6"`
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	if res.Workload != "tiny-workload" || res.Driver != "NATS JetStream (natsk6)" || len(res.PublishRate) != 2 {
		t.Errorf("workload %q, driver %q, %d windows: want the file's name, JetStream and 2", res.Workload, res.Driver, len(res.PublishRate))
	}
	if res.NATS.Published < 1900 || res.NATS.Consumed != res.NATS.Published {
		t.Errorf("published %d, consumed %d: want about 2,000 each", res.NATS.Published, res.NATS.Consumed)
	}
}

func TestOMBCommandRejectsAnInvalidWorkload(t *testing.T) {
	workload := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(workload, []byte("topics: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := execute(context.Background(), []string{"omb", workload}, nil, &stdout, &stderr, runner.Run)
	if code != runner.ExitInvalidConfig || !strings.Contains(stderr.String(), "topics must be at least 1") {
		t.Errorf("exit %d, stderr %q: want 104 and the reason", code, stderr.String())
	}
}

func TestOMBCommandInterruptedExits105WithoutAResult(t *testing.T) {
	dir := t.TempDir()
	workload := filepath.Join(dir, "w.yaml")
	if err := os.WriteFile(workload, []byte(ombWorkload), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "result.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // interrupted before it began
	var stdout, stderr bytes.Buffer
	code := execute(ctx, []string{"omb", workload, "--out-json", out}, []string{"NATS_URL="}, &stdout, &stderr, runner.Run)
	if code != runner.ExitExternalAbort || !strings.Contains(stderr.String(), "no result written") {
		t.Errorf("exit %d, stderr %q: want 105", code, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("result file: %v, want none", err)
	}
}
