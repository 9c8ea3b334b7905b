package metrics

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordingOutput keeps what it receives; gate, when set, holds every
// AddSamples call until it is closed (a stalled endpoint).
type recordingOutput struct {
	mu      sync.Mutex
	samples []Sample
	stopped int
	gate    chan struct{}
}

func (o *recordingOutput) Description() string { return "recording" }

func (o *recordingOutput) AddSamples(batch []Sample) {
	if o.gate != nil {
		<-o.gate
	}
	o.mu.Lock()
	o.samples = append(o.samples, batch...)
	o.mu.Unlock()
}

func (o *recordingOutput) Stop() error {
	o.stopped++
	return nil
}

// Every sample of every sink reaches the output, timestamped, with its
// metric and tags, and Close stops the output once.
func TestOutputReceivesEverySample(t *testing.T) {
	f := newFixture()
	out := &recordingOutput{}
	f.agg.AddOutput(out)
	tags := f.reg.Intern(map[string]string{"scenario": "default"})
	const vus, iters = 4, 300
	var wg sync.WaitGroup
	for range vus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := f.agg.NewSink()
			for i := 1; i <= iters; i++ {
				s.Add(f.b.Iterations, tags, 1)
				if i%50 == 0 {
					s.Flush()
				}
			}
			s.Flush()
		}()
	}
	wg.Wait()
	if err := f.agg.Close(); err != nil {
		t.Fatal(err)
	}
	if len(out.samples) != vus*iters || out.stopped != 1 {
		t.Fatalf("output got %d samples and %d stops, want %d and 1", len(out.samples), out.stopped, vus*iters)
	}
	for _, s := range out.samples {
		if s.Metric != f.b.Iterations || s.Tags != tags || s.Value != 1 || s.UnixNs == 0 {
			t.Fatalf("sample %+v: want iterations{scenario=default} = 1 with a timestamp", s)
		}
	}
}

// A stalled output never blocks a flush: batches past the queue's bound
// are dropped, and Close reports how many samples were lost.
func TestStalledOutputDropsAndReports(t *testing.T) {
	f := newFixture()
	out := &recordingOutput{gate: make(chan struct{})}
	f.agg.AddOutput(out)
	s := f.agg.NewSink()
	const flushes = outputBuffer + 100 // one batch waits in AddSamples, 4096 queue
	for range flushes {
		s.Add(f.b.Iterations, nil, 1)
		s.Flush()
	}
	close(out.gate)
	err := f.agg.Close()
	if err == nil || !strings.Contains(err.Error(), "samples were dropped") {
		t.Fatalf("Close() = %v, want a report of dropped samples", err)
	}
	delivered := len(out.samples)
	if delivered < outputBuffer || delivered >= flushes {
		t.Fatalf("delivered %d of %d samples, want between the queue bound %d and all", delivered, flushes, outputBuffer)
	}
	if want := fmt.Sprintf("output recording fell behind: %d samples were dropped", flushes-delivered); !strings.Contains(err.Error(), want) {
		t.Fatalf("Close() = %q, want %q: every sample is delivered or counted", err, want)
	}
}

// A VU that records many samples without ever flushing (one iteration
// looping over publishes) hands them to outputs along the way: its sink
// never holds more than maxSamples of them, and none is lost.
func TestSinkWithOutputsFlushesPastMaxSamples(t *testing.T) {
	f := newFixture()
	out := &recordingOutput{}
	f.agg.AddOutput(out)
	s := f.agg.NewSink()
	const n = 3*maxSamples + 7
	for range n {
		s.Add(f.b.Iterations, nil, 1)
		if len(s.samples) >= maxSamples {
			t.Fatalf("the sink holds %d samples, want fewer than %d", len(s.samples), maxSamples)
		}
	}
	s.Flush()
	if err := f.agg.Close(); err != nil {
		t.Fatal(err)
	}
	if len(out.samples) != n {
		t.Fatalf("the output received %d samples, want %d", len(out.samples), n)
	}
}

// Samples carry wall-clock times although sinks read the monotonic clock
// (within a microsecond: the clocks are paired at each flush).
func TestSampleTimesAreWallClockTimes(t *testing.T) {
	f := newFixture()
	out := &recordingOutput{}
	f.agg.AddOutput(out)
	s := f.agg.NewSink()
	before := time.Now().UnixNano()
	s.Add(f.b.Iterations, nil, 1)
	s.Flush()
	s.Add(f.b.Iterations, nil, 1)
	after := time.Now().UnixNano()
	s.Flush()
	if err := f.agg.Close(); err != nil {
		t.Fatal(err)
	}
	for _, smp := range out.samples {
		if smp.UnixNs < before-int64(time.Microsecond) || smp.UnixNs > after+int64(time.Microsecond) {
			t.Fatalf("sample at %d, want within [%d, %d]", smp.UnixNs, before, after)
		}
	}
}
