package natsmod

import (
	"context"
	"net"
	"sync"
	"time"
)

// connectDialer dials a connection's sockets. While Connect runs, the
// VU's context ends a dial, and closes a socket still in its handshake,
// when it ends; reconnects later dial on their own timeout only.
type connectDialer struct {
	timeout time.Duration

	mu    sync.Mutex
	vu    context.Context // nil once Connect has returned
	stops []func() bool   // AfterFuncs closing the sockets opened so far
}

func newConnectDialer(vu context.Context, timeout time.Duration) *connectDialer {
	return &connectDialer{vu: vu, timeout: timeout}
}

// Dial is nats.go's CustomDialer.
func (d *connectDialer) Dial(network, address string) (net.Conn, error) {
	d.mu.Lock()
	vu := d.vu
	d.mu.Unlock()
	dialer := net.Dialer{Timeout: d.timeout}
	if vu == nil {
		return dialer.Dial(network, address)
	}
	conn, err := dialer.DialContext(vu, network, address)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.vu != nil {
		d.stops = append(d.stops, context.AfterFunc(vu, func() { conn.Close() }))
	}
	return conn, nil
}

// connected ends Connect's hold on the sockets: from now on only the
// connection's own timeouts apply.
func (d *connectDialer) connected() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.vu = nil
	for _, stop := range d.stops {
		stop()
	}
	d.stops = nil
}
