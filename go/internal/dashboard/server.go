package dashboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// clientBuffer is how many events may wait for a slow page before
// further events to it are dropped; the page catches up from the next
// "state" (the final one carries everything).
const clientBuffer = 64

// shutdownGrace is how long the pages get to read the final events.
const shutdownGrace = 2 * time.Second

// server serves the live page on / and its Server-Sent Events on /events.
type server struct {
	ln    net.Listener
	http  *http.Server
	state func() []byte

	mu      sync.Mutex
	clients map[chan []byte]struct{}
	closed  bool
}

func newServer(ln net.Listener, state func() []byte) *server {
	s := &server{ln: ln, state: state, clients: map[chan []byte]struct{}{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page)
	mux.HandleFunc("GET /events", s.events)
	s.http = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.http.Serve(ln) }() // ends with ErrServerClosed on close
	return s
}

// url is the live page's address.
func (s *server) url() string {
	return "http://" + s.ln.Addr().String()
}

func (s *server) page(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(reportHTML(nil))
}

// events streams a "state" event with everything so far, then one
// "snapshot" event per period, and a final "state" when the run ends.
func (s *server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan []byte, clientBuffer)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "the test run has ended", http.StatusServiceUnavailable)
		return
	}
	s.clients[ch] = struct{}{}
	s.mu.Unlock()
	defer s.remove(ch)

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	if _, err := w.Write(sseEvent("state", s.state())); err != nil {
		return
	}
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, open := <-ch:
			if !open {
				return
			}
			if _, err := w.Write(ev); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

func (s *server) remove(ch chan []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.clients[ch]; ok {
		delete(s.clients, ch)
		close(ch)
	}
}

// broadcast sends v, encoded as JSON, as an event to every page.
func (s *server) broadcast(name string, v any) {
	b, _ := json.Marshal(v) // snapshots are maps of strings and floats
	s.broadcastRaw(name, b)
}

func (s *server) broadcastRaw(name string, data []byte) {
	ev := sseEvent(name, data)
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.clients {
		select {
		case ch <- ev:
		default: // a page that does not read loses this event, never the run's time
		}
	}
}

// close ends every event stream once its queued events are written and
// shuts the server down.
func (s *server) close() error {
	s.mu.Lock()
	s.closed = true
	for ch := range s.clients {
		delete(s.clients, ch)
		close(ch)
	}
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := s.http.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("web dashboard: stop the server: %w", err)
	}
	return nil
}

// sseEvent formats one Server-Sent Event; JSON has no raw newlines.
func sseEvent(name string, data []byte) []byte {
	return fmt.Appendf(nil, "event: %s\ndata: %s\n\n", name, data)
}
