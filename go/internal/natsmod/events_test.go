package natsmod

import (
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// TestReconnectAndDisconnectCounted restarts the server on the same port
// under a live connection: one disconnect and one reconnect are counted.
func TestReconnectAndDisconnectCounted(t *testing.T) {
	s := startCoreServer(t, &server.Options{})
	port := s.Addr().(*net.TCPAddr).Port
	e := newCoreEnv(t, s.ClientURL())
	c := e.connect(t, ConnectOptions{ReconnectWait: 50 * time.Millisecond, MaxReconnects: reconnects(-1)})
	s.Shutdown()
	e.runLoopUntil(t, func() bool { return e.stats("nats_disconnects").Sum == 1 })
	if c.IsConnected() {
		t.Fatal("connected with the server down")
	}
	startCoreServer(t, &server.Options{Port: port})
	e.runLoopUntil(t, func() bool { return e.stats("nats_reconnects").Sum == 1 })
	if !c.IsConnected() || c.Stats().Reconnects != 1 {
		t.Fatalf("connected %v, reconnects %d", c.IsConnected(), c.Stats().Reconnects)
	}
	roundTrip(t, c)
	// Closing afterwards is no second disconnect. nats.go would report
	// one on its callback goroutine: give it a moment to.
	c.Close()
	_ = e.host.Loop.RunFor(t.Context(), 200*time.Millisecond)
	if got := e.stats("nats_disconnects").Sum; got != 1 {
		t.Fatalf("nats_disconnects %v, want 1", got)
	}
	if got := e.stats("nats_reconnects").Sum; got != 1 {
		t.Fatalf("nats_reconnects %v, want 1", got)
	}
}

// With reconnects disabled, losing the server still counts one
// disconnect, though nats.go reports it as it closes the connection.
func TestDisconnectCountedWithoutReconnects(t *testing.T) {
	s := startCoreServer(t, &server.Options{})
	e := newCoreEnv(t, s.ClientURL())
	c := e.connect(t, ConnectOptions{MaxReconnects: reconnects(0)})
	s.Shutdown()
	e.runLoopUntil(t, func() bool { return e.stats("nats_disconnects").Sum == 1 })
	if !c.nc.IsClosed() {
		t.Fatal("without reconnects, losing the server closes the connection")
	}
}

// TestSlowConsumerCounted lets a handler subscription fall behind until
// nats.go drops messages: nats_slow_consumers counts it and every message
// is either handled or dropped.
func TestSlowConsumerCounted(t *testing.T) {
	e := newCoreEnv(t, startCoreServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	handled := 0
	sub, err := c.Subscribe("slow", "", func(*Msg) { handled++ }, SubscribeOptions{PendingMsgs: 10})
	if err != nil {
		t.Fatal(err)
	}
	// The loop does not run yet, so at most maxInFlight messages wait for
	// it and nats.go's queue of ten overflows.
	const n = maxInFlight + 200
	if _, err := c.PublishBulk("slow", []byte("x"), n); err != nil {
		t.Fatal(err)
	}
	if err := c.Flush(0); err != nil {
		t.Fatal(err)
	}
	dropped := func() int { d, _ := sub.ns.Dropped(); return d }
	e.runLoopUntil(t, func() bool { return handled+dropped() == n && e.stats("nats_slow_consumers").Sum > 0 })
	if dropped() == 0 || handled == 0 {
		t.Fatalf("handled %d, dropped %d", handled, dropped())
	}
	_ = sub.Unsubscribe()
}

// TestDrainWhileReconnecting: draining a connection that is reconnecting
// fails with 1012 (nats.go closes it). Drain's other failure is a closed
// connection, 1002 as for every call (TestPublishErrors).
func TestDrainWhileReconnecting(t *testing.T) {
	s := startCoreServer(t, &server.Options{})
	e := newCoreEnv(t, s.ClientURL())
	c := e.connect(t, ConnectOptions{ReconnectWait: 10 * time.Second, MaxReconnects: reconnects(-1)})
	if _, err := c.Subscribe("d", "", func(*Msg) {}, SubscribeOptions{}); err != nil {
		t.Fatal(err)
	}
	s.Shutdown()
	e.runLoopUntil(t, func() bool { return c.nc.IsReconnecting() })
	wantCode(t, c.Drain(), CodeDrainFailed)
	if !c.nc.IsClosed() {
		t.Fatal("a drain while reconnecting closes the connection")
	}
	// Closing releases the loop that the handler subscription held.
	e.runLoopUntil(t, func() bool { return !e.host.Loop.Busy() })
}

// TestFlushFailures: no answer in time is 1006, a flush a disconnect
// cuts off is 1013, a closed connection 1002.
func TestFlushFailures(t *testing.T) {
	s := startCoreServer(t, &server.Options{})
	p := newCutProxy(t, s.Addr().String())
	e := newCoreEnv(t, p.url())
	c := e.connect(t, ConnectOptions{ReconnectWait: 10 * time.Second, MaxReconnects: reconnects(-1)})

	p.holdReplies()
	flushed := make(chan error, 1)
	go func() { flushed <- c.Flush(10 * time.Second) }()
	<-p.withheld // the server's PONG, held back
	p.cut()
	wantCode(t, <-flushed, CodeFlushFailed)

	// Reconnecting for a while (reconnectWait 10 s): nobody answers.
	wantCode(t, c.Flush(50*time.Millisecond), CodeTimeout)
	c.Close()
	wantCode(t, c.Flush(50*time.Millisecond), CodeConnectionClosed)
}

// cutProxy forwards TCP between clients and a real nats-server and can
// hold back the server's bytes or cut the clients off: a network fault
// under a real server, not a fake one.
type cutProxy struct {
	ln       net.Listener
	target   string
	held     atomic.Bool
	withheld chan struct{} // receives once the server sent bytes while held

	mu    sync.Mutex
	conns []net.Conn
}

func newCutProxy(t *testing.T, target string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, target: target, withheld: make(chan struct{}, 1)}
	t.Cleanup(func() { _ = ln.Close(); p.cut() })
	go p.accept()
	return p
}

func (p *cutProxy) url() string {
	return "nats://127.0.0.1:" + strconv.Itoa(p.ln.Addr().(*net.TCPAddr).Port)
}

func (p *cutProxy) accept() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		upstream, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = client.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, client, upstream)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(upstream, client) }()
		go p.serverToClient(upstream, client)
	}
}

// serverToClient copies the server's bytes, except while held: then the
// first read is reported on withheld and never delivered.
func (p *cutProxy) serverToClient(upstream, client net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := upstream.Read(buf)
		if err != nil {
			return
		}
		if p.held.Load() {
			select {
			case p.withheld <- struct{}{}:
			default:
			}
			continue
		}
		if _, err := client.Write(buf[:n]); err != nil {
			return
		}
	}
}

func (p *cutProxy) holdReplies() { p.held.Store(true) }

// cut closes every proxied connection and stops holding replies, so the
// clients see a disconnect and may reconnect through the proxy.
func (p *cutProxy) cut() {
	p.mu.Lock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
	p.mu.Unlock()
	p.held.Store(false)
}
