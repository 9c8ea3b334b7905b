// Package nats is natsk6's NATS module in plain Go over nats.go: the
// seed's API (connections, core messaging, JetStream, consumers, KV and
// Object Store) with validation, structured error codes and metrics. It
// knows nothing of the JS engine; package jsbind exposes it to scripts at
// the import paths k6/x/nats and k6/Pondigo/nats.
package natsmod

import (
	"context"
	"sync"

	"github.com/pondigo/natsk6/go/internal/accounting"
	"github.com/pondigo/natsk6/go/internal/eventloop"
	"github.com/pondigo/natsk6/go/internal/metrics"
)

// Host is what the runner gives each VU's instance of the module.
type Host struct {
	// DefaultURL is used by connect() without urls: the runner's NATS_URL,
	// the embedded server's address unless the user set one.
	DefaultURL string
	// Loop runs callbacks (handlers, Promise settlements) on the VU goroutine.
	Loop *eventloop.Loop
	// Sink receives this VU's samples; only the VU goroutine may use it.
	Sink *metrics.Sink
	// Registry interns tag sets and registers the nats_* metrics.
	Registry *metrics.Registry
	// Builtin holds data_sent and data_received, which NATS traffic feeds.
	Builtin *metrics.Builtin
	// Tags returns the VU's current tags (scenario, group, scenario tags).
	Tags func() *metrics.TagSet
	// Context returns the VU's current context: the iteration's, setup's
	// or teardown's. Every call that waits ends when it ends, whatever
	// the call's own timeout. Nil: calls end only by their timeout.
	Context func() context.Context
	// Accounting is the run's message tracker (connect's accounting
	// option); nil: the option is refused.
	Accounting *accounting.Tracker
	// Sampler is the run's nats.sample() plans; nil: sample() is a no-op.
	Sampler *Sampler
	// Metrics are the nats_* metrics, registered once per run so that
	// each VU's module need not look up every one of them again; nil:
	// New registers them on Registry.
	Metrics *Metrics
}

// Module is one VU's instance of the NATS module.
type Module struct {
	host    Host
	metrics *Metrics

	mu    sync.Mutex
	conns map[*Connection]struct{}
}

// New returns the module for one VU.
func New(host Host) *Module {
	m := host.Metrics
	if m == nil {
		m = RegisterMetrics(host.Registry)
	}
	return &Module{host: host, metrics: m, conns: map[*Connection]struct{}{}}
}

// Close closes every connection of this VU that is still open; the runner
// calls it at the end of the test.
func (m *Module) Close() {
	m.mu.Lock()
	conns := make([]*Connection, 0, len(m.conns))
	for c := range m.conns {
		conns = append(conns, c)
	}
	m.mu.Unlock()
	for _, c := range conns {
		c.Close()
	}
}

func (m *Module) track(c *Connection) {
	m.mu.Lock()
	m.conns[c] = struct{}{}
	m.mu.Unlock()
}

func (m *Module) untrack(c *Connection) {
	m.mu.Lock()
	delete(m.conns, c)
	m.mu.Unlock()
}
