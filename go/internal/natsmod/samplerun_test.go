package natsmod

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// The sampler's goroutine on its own: the first sample as it starts,
// polled until the aggregator has it, then the stream's new state in the
// last sample stop takes; a server gone meanwhile makes stop's sample
// fail (warned once) without keeping stop from returning.
func TestSamplerRunAgainstAServer(t *testing.T) {
	srv := testsupport.StartServer(t, nil)
	nc := testsupport.Connect(t, srv.ClientURL())
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "RUN", Subjects: []string{"run.>"}, Storage: jetstream.MemoryStorage}); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := js.Publish(ctx, "run.x", []byte("m")); err != nil {
			t.Fatal(err)
		}
	}

	reg := metrics.NewRegistry()
	agg := metrics.NewAggregator(reg)
	s := NewSampler(nil)
	if err := sampleModule(s).Sample(SampleOptions{Streams: []string{"RUN"}, Connect: ConnectOptions{URLs: []string{srv.ClientURL()}}, Interval: time.Hour}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var warnings []string
	warn := func(msg string) {
		mu.Lock()
		warnings = append(warnings, msg)
		mu.Unlock()
	}
	stop := s.Start(SampleRun{Registry: reg, Sink: agg.NewSink(), Tags: reg.Intern(map[string]string{"testid": "t1"}), Warn: warn})
	m := RegisterSampleMetrics(reg)
	msgs := func() metrics.Stats {
		return agg.Query(m.StreamMsgs, metrics.Tag{Key: "stream", Value: "RUN"}, metrics.Tag{Key: "testid", Value: "t1"})
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return msgs().Count == 1 }, "no first sample")
	if got := msgs().Last; got != 3 {
		t.Fatalf("first sample %v, want 3", got)
	}
	for range 2 {
		if _, err := js.Publish(ctx, "run.x", []byte("m")); err != nil {
			t.Fatal(err)
		}
	}
	stop()
	if st := msgs(); st.Count != 2 || st.Last != 5 || st.Min != 3 {
		t.Fatalf("after stop: %d samples, last %v, min %v; want 2, 5, 3", st.Count, st.Last, st.Min)
	}
	if len(warnings) != 0 {
		t.Fatalf("warnings: %v", warnings)
	}

	// A second run whose server is gone by the time stop samples.
	s2 := NewSampler(nil)
	if err := sampleModule(s2).Sample(SampleOptions{Streams: []string{"RUN"}, Connect: ConnectOptions{URLs: []string{srv.ClientURL()}}, Interval: time.Hour}); err != nil {
		t.Fatal(err)
	}
	stop2 := s2.Start(SampleRun{Registry: reg, Sink: agg.NewSink(), Tags: reg.Intern(map[string]string{"testid": "t2"}), Warn: warn})
	second := func() int64 {
		return agg.Query(m.StreamMsgs, metrics.Tag{Key: "testid", Value: "t2"}).Count
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return second() == 1 }, "no first sample in the second run")
	srv.Shutdown()
	srv.WaitForShutdown()
	stop2()
	if second() != 1 {
		t.Fatalf("%d samples with the server gone, want the first only", second())
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "nats.sample: stream RUN:") {
		t.Fatalf("warnings %q, want one for stream RUN", warnings)
	}
}
