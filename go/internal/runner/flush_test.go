package runner

import (
	"sync"
	"testing"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// batchRecorder is an output that remembers, per metric, the index of the
// first batch that carried it.
type batchRecorder struct {
	mu      sync.Mutex
	batches int
	first   map[string]int
}

func (b *batchRecorder) Description() string { return "batch recorder" }

func (b *batchRecorder) AddSamples(batch []metrics.Sample) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, s := range batch {
		if _, seen := b.first[s.Metric.Name]; !seen {
			b.first[s.Metric.Name] = b.batches
		}
	}
	b.batches++
}

func (b *batchRecorder) Stop() error { return nil }

// A VU whose one iteration lives in the event loop (callbacks firing while
// it sleeps) must deliver their samples while it runs, not only when the
// iteration ends: outputs and the dashboard chart them over time.
func TestSamplesFromCallbacksAreFlushedDuringALongIteration(t *testing.T) {
	rec := &batchRecorder{first: map[string]int{}}
	r := runFiles(t, map[string]string{"script.js": `
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { setInterval, clearInterval } from 'k6/timers';

const ticks = new Counter('ticks');
export const options = { vus: 1, iterations: 1 };

export default function () {
	const id = setInterval(() => ticks.add(1), 50);
	sleep(3);
	clearInterval(id);
}
`}, Config{NoEmbedded: true, Outputs: []metrics.Output{rec}})
	r.wantCode(t, 0)
	if got := r.metric(t, "ticks", "count"); got < 20 {
		t.Fatalf("ticks count = %v, want at least 20 in 3 s at 50 ms", got)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	ticks, ok := rec.first["ticks"]
	if !ok {
		t.Fatal("the output never received a ticks sample")
	}
	if iters := rec.first["iterations"]; ticks >= iters {
		t.Fatalf("ticks first arrived in batch %d, the iteration's end in batch %d: callbacks' samples waited for the iteration to end", ticks, iters)
	}
}
