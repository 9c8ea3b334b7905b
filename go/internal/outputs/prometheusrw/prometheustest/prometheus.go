// Package prometheustest starts a real Prometheus server (Debian's
// prometheus package) for the remote-write output's tests and queries it
// over its HTTP API. Only _test.go files import it, so the natsk6 binary
// never links it.
package prometheustest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// Timeout bounds Prometheus' start-up and a written point's
// arrival in queries; both normally take well under a second.
const Timeout = 30 * time.Second

// Server is a real Prometheus server (Debian's package) that a test
// owns: remote-write receiver and native histograms on, on a free
// loopback port, with a temporary store.
type Server struct {
	Base   string // http://127.0.0.1:PORT
	logs   *bytes.Buffer
	exited chan struct{}
}

// Start starts the prometheus binary from PATH, skipping the test when
// there is none (CI installs the Debian package).
func Start(t *testing.T) *Server {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		t.Skip("no prometheus binary on PATH (Debian: apt-get install prometheus); this test needs a real Prometheus")
	}
	dir := t.TempDir()
	configFile := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(configFile, []byte("global:\n  scrape_interval: 1m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The port is picked free and then handed over, so another process
	// can take it in between: then Prometheus exits and we try again.
	for attempt := 0; ; attempt++ {
		p := &Server{logs: &bytes.Buffer{}, exited: make(chan struct{})}
		addr := freeLoopbackAddr(t)
		p.Base = "http://" + addr
		cmd := exec.Command(bin,
			"--config.file="+configFile,
			"--storage.tsdb.path="+filepath.Join(dir, fmt.Sprintf("data%d", attempt)),
			"--web.listen-address="+addr,
			"--web.enable-remote-write-receiver",
			"--enable-feature=native-histograms")
		cmd.Stdout, cmd.Stderr = p.logs, p.logs
		if err := cmd.Start(); err != nil {
			t.Fatalf("start %s: %v", bin, err)
		}
		go func() {
			_ = cmd.Wait()
			close(p.exited)
		}()
		t.Cleanup(func() {
			_ = cmd.Process.Signal(syscall.SIGKILL)
			<-p.exited
		})
		if p.waitReady(t) {
			return p
		}
		if attempt == 2 {
			t.Fatalf("prometheus exited before it was ready:\n%s", p.logs)
		}
	}
}

// waitReady polls /-/ready; false when Prometheus exited first.
func (p *Server) waitReady(t *testing.T) bool {
	t.Helper()
	exited := false
	testsupport.Eventually(t, Timeout, func() bool {
		select {
		case <-p.exited:
			exited = true
			return true
		default:
		}
		resp, err := http.Get(p.Base + "/-/ready")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == http.StatusOK
	}, "prometheus at %s is not ready; its log:\n%s", p.Base, p.logs)
	return !exited
}

func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// WriteURL is the remote-write receiver's endpoint.
func (p *Server) WriteURL() string { return p.Base + "/api/v1/write" }

// Result is one element of an instant query's vector or range
// query's matrix.
type Result struct {
	Metric map[string]string `json:"metric"`
	Value  []json.RawMessage `json:"value"`  // [time, "value"] for floats
	Values [][]any           `json:"values"` // matrix points
}

// Query runs an instant PromQL query (at now) and returns its results;
// a query error fails the test.
func (p *Server) Query(t *testing.T, q string) []Result {
	t.Helper()
	resp, err := http.Get(p.Base + "/api/v1/query?" + url.Values{"query": {q}}.Encode())
	if err != nil {
		t.Fatalf("query %s: %v", q, err)
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []Result `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("query %s: %v", q, err)
	}
	if body.Status != "success" {
		t.Fatalf("query %s: %s: %s", q, body.Status, body.Error)
	}
	return body.Data.Result
}

// Scalar runs a query that must give one float and returns it.
func (p *Server) Scalar(t *testing.T, q string) float64 {
	t.Helper()
	res := p.Query(t, q)
	if len(res) != 1 || len(res[0].Value) != 2 {
		t.Fatalf("query %s: want one float result, got %+v", q, res)
	}
	var s string
	if err := json.Unmarshal(res[0].Value[1], &s); err != nil {
		t.Fatalf("query %s: value %s: %v", q, res[0].Value[1], err)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("query %s: value %q: %v", q, s, err)
	}
	return v
}

// EventuallyScalar waits until q has exactly one result (the output's
// last push has been ingested) and returns its value.
func (p *Server) EventuallyScalar(t *testing.T, q string) float64 {
	t.Helper()
	testsupport.Eventually(t, Timeout, func() bool { return len(p.Query(t, q)) == 1 },
		"query %s gives no single result; prometheus log:\n%s", q, p.logs)
	return p.Scalar(t, q)
}
