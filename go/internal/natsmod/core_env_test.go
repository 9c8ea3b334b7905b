package natsmod

import (
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/eventloop"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// coreEnv is one VU's host for the module: loop, sink and registry.
type coreEnv struct {
	host   Host
	agg    *metrics.Aggregator
	module *Module
}

func newCoreEnv(t testing.TB, defaultURL string) *coreEnv {
	t.Helper()
	reg := metrics.NewRegistry()
	agg := metrics.NewAggregator(reg)
	tags := reg.Intern(map[string]string{"scenario": "default"})
	host := Host{
		DefaultURL: defaultURL,
		Loop:       eventloop.New(),
		Sink:       agg.NewSink(),
		Registry:   reg,
		Builtin:    metrics.RegisterBuiltin(reg),
		Tags:       func() *metrics.TagSet { return tags },
	}
	e := &coreEnv{host: host, agg: agg, module: New(host)}
	t.Cleanup(e.module.Close)
	return e
}

// connect connects with opts or fails the test.
func (e *coreEnv) connect(t *testing.T, opts ConnectOptions) *Connection {
	t.Helper()
	c, err := e.module.Connect(opts)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	return c
}

// respondPong answers every request on subject with "pong" from its own
// goroutine, on a connection made with opts. It reads through nats.go
// directly, so the VU's sink is never touched off the VU goroutine.
func (e *coreEnv) respondPong(t *testing.T, subject string, opts ConnectOptions) {
	t.Helper()
	responder := e.connect(t, opts)
	rs, err := responder.Subscribe(subject, "", nil, SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := responder.Flush(0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rs.Unsubscribe() }) // ends the goroutine below
	go func() {
		for {
			m, err := rs.ns.NextMsg(10e9)
			if err != nil {
				return
			}
			_ = m.Respond([]byte("pong"))
		}
	}()
}

// stats flushes the VU's sink and returns the aggregate of metric name,
// optionally restricted to series with the given tag pairs.
func (e *coreEnv) stats(name string, tags ...metrics.Tag) metrics.Stats {
	e.host.Sink.Flush()
	return e.agg.Query(e.host.Registry.Get(name), tags...)
}

// runLoopUntil runs the VU's loop until done or the deadline.
func (e *coreEnv) runLoopUntil(t *testing.T, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting on the loop")
		}
		_ = e.host.Loop.RunFor(t.Context(), 10*time.Millisecond)
	}
}

// seq is a JSPublishOptions expected sequence of n.
func seq(n uint64) *uint64 { return &n }

// reconnects is a ConnectOptions.MaxReconnects of n.
func reconnects(n int) *int { return &n }

func wantCode(t *testing.T, err error, code Code) {
	t.Helper()
	if CodeOf(err) != code {
		t.Fatalf("want error code %d, got %v", code, err)
	}
}
