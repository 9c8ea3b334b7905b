package testsupport

import (
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
)

// readyTimeout bounds a server's start-up; it normally takes milliseconds.
const readyTimeout = 10 * time.Second

// StartServer runs an in-process nats-server on a loopback port (random
// unless opts names one) without logs or signal handlers, shut down when
// tb ends. opts nil means no auth and JetStream on a temporary store.
func StartServer(tb testing.TB, opts *server.Options) *server.Server {
	tb.Helper()
	if opts == nil {
		opts = &server.Options{JetStream: true, StoreDir: tb.TempDir()}
	}
	if opts.Port == 0 {
		opts.Port = server.RANDOM_PORT
	}
	opts.Host, opts.NoLog, opts.NoSigs = "127.0.0.1", true, true
	s, err := server.NewServer(opts)
	if err != nil {
		tb.Fatalf("nats-server: %v", err)
	}
	go s.Start()
	if !s.ReadyForConnections(readyTimeout) {
		s.Shutdown()
		tb.Fatalf("nats-server: not ready for connections within %s", readyTimeout)
	}
	tb.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
	})
	return s
}

// Connect connects to url with nats.go, closed when tb ends.
func Connect(tb testing.TB, url string) *nats.Conn {
	tb.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		tb.Fatalf("connect to %s: %v", url, err)
	}
	tb.Cleanup(nc.Close)
	return nc
}
