package runner

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	natsgo "github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// The seed's whole "Usage in k6" example runs in natsk6 as written, with
// the server address from NATS_URL, against a real server with a
// responder on test.request.
func TestSeedUsageExampleRunsAsWritten(t *testing.T) {
	srv := testsupport.StartServer(t, nil)
	nc := testsupport.Connect(t, srv.ClientURL())
	if _, err := nc.Subscribe("test.request", func(m *natsgo.Msg) { _ = m.Respond([]byte("pong")) }); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}

	_, self, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(self), "testdata", "xk6-nats-usage.js")
	exportPath := filepath.Join(t.TempDir(), "summary.json")
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), Config{
		ScriptPath:    script,
		Env:           map[string]string{"NATS_URL": srv.ClientURL()},
		SummaryExport: exportPath,
		Stdout:        &stdout,
		Stderr:        &stderr,
	})
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	r.wantCode(t, ExitOK)
	if !strings.Contains(r.stderr, "Reply: pong") {
		t.Errorf("the reply was not logged:\n%s", r.stderr)
	}
	raw, err := os.ReadFile(exportPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &r.export); err != nil {
		t.Fatal(err)
	}
	// One core publish, one request, one JetStream publish, and that
	// message fetched back by the pull consumer.
	for name, want := range map[string]float64{"nats_msgs_published": 1, "nats_requests": 1, "nats_js_msgs_published": 1, "nats_js_msgs_fetched": 1} {
		if got := r.metric(t, name, "count"); got != want {
			t.Errorf("%s count = %v, want %v", name, got, want)
		}
	}
	// The example cleans up after itself: the stream is gone from the server.
	js, err := nc.JetStream()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.StreamInfo("TEST_STREAM"); err == nil {
		t.Error("TEST_STREAM still exists after the example deleted it")
	}
}
