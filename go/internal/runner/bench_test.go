package runner

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/pondigo/natsk6/go/internal/scheduler"
)

// typicalScript is a NATS test script as the README recommends writing
// it: module imports, a custom metric and a default function with a
// group and checks (the connection is made per iteration here, so the
// benchmark measures the runtime, not nats.go's buffers).
const typicalScript = `import nats from 'k6/x/nats';
import { check, group, sleep } from 'k6';
import { Trend, Counter } from 'k6/metrics';
import exec from 'k6/execution';

const latency = new Trend('bench_latency', true);
const sent = new Counter('bench_sent');
const payload = JSON.stringify({ id: 1, name: 'natsk6', tags: ['a', 'b', 'c'] });

export const options = { vus: 10, duration: '10s' };

export default function () {
  group('publish', () => {
    const conn = nats.connect({});
    const start = Date.now();
    conn.publish('bench.' + exec.vu.idInTest, payload);
    conn.flush();
    latency.add(Date.now() - start);
    sent.add(1);
    check(conn, { connected: (c) => c.isConnected() });
    conn.close();
  });
  sleep(0.1);
}
`

// benchTest prepares a run of typicalScript up to the point where VUs
// are created.
func benchTest(b *testing.B) *testRun {
	b.Helper()
	path := filepath.Join(b.TempDir(), "script.js")
	if err := os.WriteFile(path, []byte(typicalScript), 0o644); err != nil {
		b.Fatal(err)
	}
	t := &testRun{
		cfg:     Config{ScriptPath: path, Stdout: io.Discard, Stderr: io.Discard},
		console: newConsoleWriter(io.Discard, false, false),
		env:     map[string]string{},
		natsURL: "nats://127.0.0.1:1",
		opts:    &scheduler.Options{}, // newEvents reads the test-wide tags
	}
	if err := t.load(); err != nil {
		b.Fatal(err)
	}
	return t
}

// benchmarkVUMemory reports the heap retained per initialized VU.
func benchmarkVUMemory(b *testing.B, n int) {
	t := benchTest(b)
	var perVU float64
	for b.Loop() {
		t.vus = nil
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		p := &pool{t: t, events: newEvents(t)}
		if err := p.initialize(context.Background(), n); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perVU = float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
		runtime.KeepAlive(p)
	}
	b.ReportMetric(perVU, "B/VU")
}

func BenchmarkVUMemory100(b *testing.B)  { benchmarkVUMemory(b, 100) }
func BenchmarkVUMemory1000(b *testing.B) { benchmarkVUMemory(b, 1000) }

// BenchmarkInit1000VUs measures initializing 1000 VUs in parallel.
func BenchmarkInit1000VUs(b *testing.B) {
	t := benchTest(b)
	for b.Loop() {
		t.vus = nil
		p := &pool{t: t, events: newEvents(t)}
		if err := p.initialize(context.Background(), 1000); err != nil {
			b.Fatal(err)
		}
	}
}
