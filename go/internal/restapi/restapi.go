// Package restapi is the subset of k6's REST API that natsk6 serves on
// --address (localhost:6565 by default, as k6): GET /v1/status, and PATCH
// /v1/status to resume a test started with --paused or to stop it. That
// is what k6-operator's starter uses to start the instances of a
// distributed test together.
package restapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"time"
)

// Status is the attributes of k6's status resource.
type Status struct {
	// Status is k6's execution status number: 0 created, 1 initializing
	// VUs, 3 init done, 4 paused before the run, 5 started, 6 setup,
	// 7 running, 8 teardown, 9 ended, 10 interrupted.
	Status  int   `json:"status"`
	Paused  bool  `json:"paused"`
	VUs     int64 `json:"vus"`
	VUsMax  int64 `json:"vus-max"`
	Stopped bool  `json:"stopped"`
	Running bool  `json:"running"`
	Tainted bool  `json:"tainted"` // a threshold is crossed
}

// Test is the running test the API reads and controls.
type Test interface {
	Status() Status
	// SetPaused pauses or resumes the test; an error says why it cannot.
	SetPaused(paused bool) error
	// Stop ends the test as an interrupt does.
	Stop()
}

// Server is a listening REST API.
type Server struct {
	srv *http.Server
	ln  net.Listener
}

// Listen binds addr (host:port) now, so that a taken port is an error
// here, and serves test's API until Close.
func Listen(addr string, test Test) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("REST API on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/status", func(w http.ResponseWriter, r *http.Request) { serveStatus(w, r, test) })
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "not found", "natsk6 serves only /v1/status of k6's REST API")
	})
	s := &Server{srv: &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}, ln: ln}
	go func() { _ = s.srv.Serve(ln) }() // returns on Close
	return s, nil
}

// Addr is the address the server listens on (the port chosen for :0).
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Close stops the server. A request being answered gets a moment to
// finish: a PATCH that resumed a short test still gets its response.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := s.srv.Shutdown(ctx); err != nil {
		return s.srv.Close()
	}
	return nil
}

// document is a JSON:API document of the status resource.
type document[A any] struct {
	Data resource[A] `json:"data"`
}

type resource[A any] struct {
	Type       string `json:"type"`
	ID         string `json:"id"`
	Attributes A      `json:"attributes"`
}

// patch is the attributes a PATCH may set; nil means unchanged.
type patch struct {
	Paused  *bool            `json:"paused"`
	Stopped *bool            `json:"stopped"`
	VUs     *json.RawMessage `json:"vus"`
	VUsMax  *json.RawMessage `json:"vus-max"`
}

func serveStatus(w http.ResponseWriter, r *http.Request, test Test) {
	switch r.Method {
	case http.MethodGet:
	case http.MethodPatch:
		if status, title, detail := applyPatch(r, test); status != 0 {
			writeError(w, status, title, detail)
			return
		}
	default:
		w.Header().Set("Allow", "GET, PATCH")
		writeError(w, http.StatusMethodNotAllowed, "method not allowed", r.Method+" /v1/status: use GET or PATCH")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(document[Status]{resource[Status]{Type: "status", ID: "default", Attributes: test.Status()}})
}

// applyPatch applies a PATCH body; a non-zero status is the error to send.
func applyPatch(r *http.Request, test Test) (status int, title, detail string) {
	var doc document[patch]
	if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20)).Decode(&doc); err != nil {
		return http.StatusBadRequest, "invalid body", fmt.Sprintf(`want {"data":{"attributes":{"paused":false}}}: %v`, err)
	}
	a := doc.Data.Attributes
	if a.VUs != nil || a.VUsMax != nil {
		return http.StatusBadRequest, "not supported", "natsk6 has no externally-controlled executor: vus and vus-max cannot change during a test"
	}
	if a.Stopped != nil && *a.Stopped {
		test.Stop()
	}
	if a.Paused != nil {
		if err := test.SetPaused(*a.Paused); err != nil {
			return http.StatusBadRequest, "cannot change paused", err.Error()
		}
	}
	return 0, "", ""
}

// writeError sends a JSON:API error document, as k6's API does.
func writeError(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": []map[string]string{{"title": title, "detail": detail}}})
}
