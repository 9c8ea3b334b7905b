// Package embedded runs a throwaway in-process nats-server with JetStream,
// the default target of `natsk6 run` when no NATS_URL is given.
package embedded

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Version is the nats-server version built into natsk6.
const Version = server.VERSION

// readyTimeout bounds the wait for the listener; the server normally
// accepts connections within milliseconds.
const readyTimeout = 10 * time.Second

// Server is a running in-process nats-server with its own store.
type Server struct {
	srv      *server.Server
	storeDir string
}

// Start starts a nats-server with JetStream on a free 127.0.0.1 port and a
// fresh temporary store, without logging or signal handlers (natsk6 owns
// the process's signals), and returns once it accepts connections.
func Start() (*Server, error) {
	storeDir, err := os.MkdirTemp("", "natsk6-jetstream-")
	if err != nil {
		return nil, fmt.Errorf("embedded nats-server: store dir: %w", err)
	}
	opts := &server.Options{
		ServerName: "natsk6-embedded",
		Host:       "127.0.0.1",
		Port:       server.RANDOM_PORT,
		JetStream:  true,
		StoreDir:   storeDir,
		NoLog:      true,
		NoSigs:     true,
		// The monitoring port, for nats.sample()'s /varz and /jsz: on
		// loopback only, like the client port.
		HTTPHost: "127.0.0.1",
		HTTPPort: server.RANDOM_PORT,
	}
	srv, err := server.NewServer(opts)
	if err != nil {
		_ = os.RemoveAll(storeDir)
		return nil, fmt.Errorf("embedded nats-server: %w", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(readyTimeout) {
		srv.Shutdown()
		srv.WaitForShutdown()
		_ = os.RemoveAll(storeDir)
		return nil, errors.New("embedded nats-server: not ready for connections within " + readyTimeout.String())
	}
	return &Server{srv: srv, storeDir: storeDir}, nil
}

// URL is the nats:// URL clients connect to.
func (s *Server) URL() string {
	return s.srv.ClientURL()
}

// MonitorURL is the http:// URL of the monitoring endpoints (/varz, /jsz).
func (s *Server) MonitorURL() string {
	return "http://" + s.srv.MonitorAddr().String()
}

// Shutdown stops the server, waits for it to finish and removes its store.
func (s *Server) Shutdown() {
	s.srv.Shutdown()
	s.srv.WaitForShutdown()
	_ = os.RemoveAll(s.storeDir)
}
