package natsmod

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

func sampleModule(s *Sampler) *Module {
	return New(Host{DefaultURL: "nats://127.0.0.1:4222", Registry: metrics.NewRegistry(), Sampler: s})
}

// Every VU makes the same init-time call: the sampler keeps one plan.
// Once the test started, only a repeat is accepted.
func TestSampleDeduplicatesAcrossVUs(t *testing.T) {
	s := NewSampler(nil)
	o := SampleOptions{Streams: []string{"ORDERS"}, Consumers: []ConsumerRef{{"ORDERS", "billing"}}}
	for range 3 {
		if err := sampleModule(s).Sample(o); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.plans) != 1 {
		t.Fatalf("%d plans, want 1", len(s.plans))
	}
	s.started = true // as Start marks it
	if err := sampleModule(s).Sample(o); err != nil {
		t.Fatalf("a late VU's repeat: %v", err)
	}
	err := sampleModule(s).Sample(SampleOptions{Streams: []string{"OTHER"}})
	wantSampleError(t, err, "sample: new sampling can only be asked for in init code")
}

func TestSampleChecksItsOptions(t *testing.T) {
	s := NewSampler(nil)
	cases := []struct {
		o    SampleOptions
		want string
	}{
		{SampleOptions{}, "sample: nothing to sample"},
		{SampleOptions{Monitors: []string{"http://x:8222"}, NoMonitor: true}, "sample: nothing to sample"},
		{SampleOptions{Streams: []string{"A"}, Interval: 10 * time.Millisecond}, "sample.interval: 10ms is below the minimum of 100ms"},
		{SampleOptions{Monitors: []string{"127.0.0.1:8222"}}, `sample.monitor: "127.0.0.1:8222" is not an http(s)://host:port`},
		{SampleOptions{Monitors: []string{"ftp://u:secret@x"}}, `"(a URL with credentials)"`},
		{SampleOptions{Streams: []string{"a.b"}}, "stream name"},
		{SampleOptions{Consumers: []ConsumerRef{{"S", ""}}}, "Consumer name cannot be empty"},
		{SampleOptions{Streams: []string{"A"}, Connect: ConnectOptions{User: "u"}}, "connect.user: user and pass must be given together"},
	}
	for _, tc := range cases {
		wantSampleError(t, sampleModule(s).Sample(tc.o), tc.want)
	}
	if len(s.plans) != 0 {
		t.Fatalf("refused requests made %d plans", len(s.plans))
	}
}

// The embedded server's monitor is sampled unless the request names
// servers of its own or turns the monitor off.
func TestSampleDefaultsToTheEmbeddedMonitor(t *testing.T) {
	s := NewSampler([]string{"http://127.0.0.1:8222"})
	for _, tc := range []struct {
		o    SampleOptions
		want []string
	}{
		{SampleOptions{}, []string{"http://127.0.0.1:8222"}},
		{SampleOptions{Streams: []string{"A"}, NoMonitor: true}, nil},
		{SampleOptions{Streams: []string{"A"}, Connect: ConnectOptions{URLs: []string{"nats://elsewhere:4222"}}}, nil},
		{SampleOptions{Monitors: []string{"http://b:8222"}}, []string{"http://b:8222"}},
	} {
		p, err := s.newPlan(tc.o, "nats://127.0.0.1:4222")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(p.monitors, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%+v: monitors %v, want %v", tc.o, p.monitors, tc.want)
		}
	}
}

// Start with nothing asked for runs nothing, and marks the test started.
func TestSampleStartWithoutPlans(t *testing.T) {
	s := NewSampler(nil)
	s.Start(SampleRun{})()
	wantSampleError(t, sampleModule(s).Sample(SampleOptions{Streams: []string{"LATE"}}), "in init code")
}

// Without a sampler (natsk6 inspect runs init code too) sample() is a no-op.
func TestSampleWithoutASamplerIsANoOp(t *testing.T) {
	if err := sampleModule(nil).Sample(SampleOptions{}); err != nil {
		t.Fatal(err)
	}
}

func wantSampleError(t *testing.T, err error, want string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), want) {
		t.Errorf("want an error containing %q, got %v", want, err)
	}
}

// Idle time is measured on the server's clock, from the latest of the
// last delivery, the ack floor's last activity and the creation.
func TestConsumerIdle(t *testing.T) {
	created := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	delivered, acked := created.Add(5*time.Second), created.Add(7*time.Second)
	now := created.Add(10 * time.Second)
	for _, tc := range []struct {
		info jetstream.ConsumerInfo
		want time.Duration
	}{
		{jetstream.ConsumerInfo{Created: created, TimeStamp: now}, 10 * time.Second},
		{jetstream.ConsumerInfo{Created: created, TimeStamp: now, Delivered: jetstream.SequenceInfo{Last: &delivered}}, 5 * time.Second},
		{jetstream.ConsumerInfo{Created: created, TimeStamp: now, Delivered: jetstream.SequenceInfo{Last: &delivered}, AckFloor: jetstream.SequenceInfo{Last: &acked}}, 3 * time.Second},
		{jetstream.ConsumerInfo{Created: now.Add(time.Second), TimeStamp: now}, 0}, // clocks never make it negative
	} {
		if got := consumerIdle(&tc.info); got != tc.want {
			t.Errorf("idle %s, want %s", got, tc.want)
		}
	}
}
