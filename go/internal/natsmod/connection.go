package natsmod

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nkeys"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// Connection is one VU's NATS connection. Its methods are called from the
// VU goroutine; nats.go's goroutines only touch the atomics and the loop.
type Connection struct {
	module *Module
	host   *Host
	m      *Metrics
	nc     *nats.Conn
	opts   *connOptions
	// stamper numbers published messages; nil without accounting.
	stamper *stamper

	tagCache map[tagKey]*metrics.TagSet // VU goroutine only
	// checkedSubject is the last subject a plain publish (no reply, no
	// headers) passed checkPublish with; VU goroutine only.
	checkedSubject string

	// Events counted on nats.go goroutines, emitted on the VU goroutine.
	reconnects, disconnects, slowConsumers, asyncPublishErrors atomic.Int64
	// closeAsked is set before natsk6 or the script closes or drains the
	// connection: nats.go reports that close as a disconnect too, and it
	// is not one.
	closeAsked atomic.Bool

	subsMu    sync.Mutex
	subs      map[*Subscription]struct{} // nil once closed
	drainHold func()                     // releases the loop once a drain closed the connection
	closeOnce sync.Once
}

// Stats are the connection's counters, as conn.stats() returns them.
type Stats struct {
	InMsgs     uint64 `json:"inMsgs"`
	OutMsgs    uint64 `json:"outMsgs"`
	InBytes    uint64 `json:"inBytes"`
	OutBytes   uint64 `json:"outBytes"`
	Reconnects uint64 `json:"reconnects"`
}

// Connect opens a connection with the options of nats.connect(options).
func (m *Module) Connect(opts ConnectOptions) (*Connection, error) {
	o, err := newConnOptions(opts, m.host.DefaultURL)
	if err != nil {
		return nil, err
	}
	natsOpts, err := o.natsOptions()
	if err != nil {
		return nil, err
	}
	stamper, err := m.newStamper(o)
	if err != nil {
		return nil, err
	}
	c := &Connection{
		module: m, host: &m.host, m: m.metrics, opts: o, stamper: stamper, subs: map[*Subscription]struct{}{},
	}
	vu := m.host.vuContext()
	dialer := newConnectDialer(vu, o.dialTimeout())
	natsOpts = append(natsOpts,
		nats.SetCustomDialer(dialer),
		nats.DisconnectErrHandler(func(*nats.Conn, error) { c.disconnected() }),
		nats.ReconnectHandler(func(*nats.Conn) { c.event(&c.reconnects) }),
		nats.ClosedHandler(func(*nats.Conn) { c.closed() }),
		nats.ErrorHandler(c.asyncError),
	)
	nc, err := nats.Connect(strings.Join(o.urls, ","), natsOpts...)
	dialer.connected()
	if ierr := interruption(vu, "connect to %s", o.redactedURLs()); ierr != nil {
		if nc != nil {
			c.closeAsked.Store(true)
			nc.Close()
		}
		return nil, ierr
	}
	if err != nil {
		return nil, newError(CodeConnectionClosed, err, "cannot connect to %s", o.redactedURLs())
	}
	c.nc = nc
	m.track(c)
	return c, nil
}

func nkeySeedOption(seed string) (nats.Option, error) {
	kp, err := nkeys.FromSeed([]byte(seed))
	if err != nil {
		return nil, invalidConfig("connect.nkeySeed", "not a valid nkey seed")
	}
	pub, err := kp.PublicKey()
	if err != nil {
		return nil, invalidConfig("connect.nkeySeed", "not a valid nkey seed")
	}
	return nats.Nkey(pub, kp.Sign), nil
}

// event counts an event seen on a nats.go goroutine and asks the VU's
// loop to emit it.
func (c *Connection) event(counter *atomic.Int64) {
	counter.Add(1)
	c.host.Loop.Enqueue(c.emitEvents)
}

// disconnected counts a lost connection, unless the loss is a close
// that was asked for. A server lost with reconnects disabled still
// counts: nats.go closes the connection itself then.
func (c *Connection) disconnected() {
	if !c.closeAsked.Load() {
		c.event(&c.disconnects)
	}
}

func (c *Connection) asyncError(_ *nats.Conn, _ *nats.Subscription, err error) {
	switch {
	case errors.Is(err, nats.ErrSlowConsumer):
		c.event(&c.slowConsumers)
	case errors.Is(err, nats.ErrPermissionViolation) && strings.Contains(err.Error(), "publish"):
		c.event(&c.asyncPublishErrors)
	}
}

// closed runs once when the connection closes, by Close or by nats.go
// giving up: subscriptions stop holding the VU's loop.
func (c *Connection) closed() {
	c.closeOnce.Do(func() {
		c.subsMu.Lock()
		subs := make([]*Subscription, 0, len(c.subs))
		for s := range c.subs {
			subs = append(subs, s)
		}
		c.subs = nil
		drainHold := c.drainHold
		c.subsMu.Unlock()
		if drainHold != nil {
			drainHold()
		}
		for _, s := range subs {
			s.finish()
		}
		c.module.untrack(c)
	})
}

// Close closes the connection; closing twice is harmless.
func (c *Connection) Close() {
	c.closeAsked.Store(true)
	c.nc.Close()
	c.closed()
	c.emitEvents()
}

// IsConnected reports whether the connection is currently connected.
func (c *Connection) IsConnected() bool {
	return c.nc.IsConnected()
}

// Stats returns the connection's message and byte counters.
func (c *Connection) Stats() Stats {
	s := c.nc.Stats()
	return Stats{InMsgs: s.InMsgs, OutMsgs: s.OutMsgs, InBytes: s.InBytes, OutBytes: s.OutBytes, Reconnects: s.Reconnects}
}

// Flush waits until the server has processed everything published so
// far. No answer in time is 1006, as for requests; a closed connection is
// 1002, as for every call; a flush a disconnect cut off is 1013.
func (c *Connection) Flush(timeout time.Duration) error {
	timeout = callTimeout(timeout, DefaultFlushTimeout)
	vu := c.host.vuContext()
	ctx, cancel := context.WithTimeout(vu, timeout)
	defer cancel()
	err := c.nc.FlushWithContext(ctx)
	if err == nil {
		return nil
	}
	if ierr := interruption(vu, "flush"); ierr != nil {
		return ierr
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return newError(CodeTimeout, err, "flush: the server did not answer within %v", timeout)
	case errors.Is(err, nats.ErrConnectionClosed) && !c.nc.IsClosed():
		// nats.go words a flush cut off by a disconnect as "closed",
		// though the connection is reconnecting: the flush failed.
		return newError(CodeFlushFailed, err, "flush interrupted by a disconnect")
	}
	return c.fail(CodeFlushFailed, err, "flush within %v", timeout)
}

// Drain stops new deliveries, lets handlers finish what is pending and
// then closes the connection. It returns at once; the iteration keeps
// running until the drain has closed the connection. A drain while
// reconnecting fails with 1012, and nats.go closes the connection.
func (c *Connection) Drain() error {
	release := c.host.Loop.Hold(nil)
	c.subsMu.Lock()
	closed := c.subs == nil
	if !closed && c.drainHold == nil {
		c.drainHold = release
		release = nil
	}
	c.subsMu.Unlock()
	if release != nil { // closed already, or a drain is under way
		release()
	}
	c.closeAsked.Store(true)
	if err := c.nc.Drain(); err != nil {
		return c.fail(CodeDrainFailed, err, "drain connection")
	}
	return nil
}

// fail maps a nats.go error to an *Error, with 1002 for a closed connection.
func (c *Connection) fail(code Code, err error, format string, args ...any) error {
	if errors.Is(err, nats.ErrConnectionClosed) {
		code = CodeConnectionClosed
	}
	err = withPayloadLimit(c.nc, err)
	return newError(code, err, format, args...)
}

// track records an active subscription; false if the connection closed.
func (c *Connection) track(s *Subscription) bool {
	c.subsMu.Lock()
	defer c.subsMu.Unlock()
	if c.subs == nil {
		return false
	}
	c.subs[s] = struct{}{}
	return true
}

func (c *Connection) untrack(s *Subscription) {
	c.subsMu.Lock()
	delete(c.subs, s) // no-op on the nil map of a closed connection
	c.subsMu.Unlock()
}
