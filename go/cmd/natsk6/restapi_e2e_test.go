package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// pausedScript publishes one message per iteration, so the test reads
// back from the server whether any iteration ran.
const pausedScript = `
import nats from 'k6/x/nats';
export const options = { iterations: 3 };
export default function () {
  const conn = nats.connect();
  conn.publish('e2e.paused', 'x');
  conn.flush();
  conn.close();
}
`

// freeAddress is a loopback address with a port nothing listens on.
func freeAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

type statusDoc struct {
	Data struct {
		Type       string `json:"type"`
		ID         string `json:"id"`
		Attributes struct {
			Status  int   `json:"status"`
			Paused  bool  `json:"paused"`
			VUsMax  int64 `json:"vus-max"`
			Stopped bool  `json:"stopped"`
			Running bool  `json:"running"`
		} `json:"attributes"`
	} `json:"data"`
}

// getStatus reads GET /v1/status; ok is false while nothing listens.
func getStatus(t *testing.T, addr string) (doc statusDoc, ok bool) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/v1/status")
	if err != nil {
		return doc, false
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatalf("GET /v1/status: %v", err)
	}
	return doc, true
}

// patchStatus sends PATCH /v1/status with the given attributes.
func patchStatus(t *testing.T, addr, attributes string) (int, string) {
	t.Helper()
	body := fmt.Sprintf(`{"data":{"type":"status","id":"default","attributes":%s}}`, attributes)
	req, err := http.NewRequest(http.MethodPatch, "http://"+addr+"/v1/status", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// startPaused starts natsk6 --paused on a free address and waits until
// the REST API says it is paused with its VU initialized.
func startPaused(t *testing.T) (p *process, addr string, msgs func() int) {
	t.Helper()
	url, nc := startServer(t)
	sub, err := nc.SubscribeSync("e2e.paused")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	addr = freeAddress(t)
	script := writeScript(t, "paused.js", pausedScript)
	p = start(t, buildNatsk6(t), "run", "-q", "--paused", "--address", addr, "-e", "NATS_URL="+url, script)
	testsupport.Eventually(t, 30*time.Second, func() bool {
		doc, ok := getStatus(t, addr)
		return ok && doc.Data.Attributes.Paused && doc.Data.Attributes.Status == 4 && doc.Data.Attributes.VUsMax == 1
	}, "natsk6 --paused to report status 4 (paused before the run) with 1 VU")
	return p, addr, func() int {
		if err := nc.Flush(); err != nil {
			t.Fatal(err)
		}
		n, _, err := sub.Pending()
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
}

func TestPausedRunWaitsForResumeThroughRESTAPI(t *testing.T) {
	p, addr, msgs := startPaused(t)
	doc, _ := getStatus(t, addr)
	if doc.Data.Type != "status" || doc.Data.ID != "default" || doc.Data.Attributes.Running {
		t.Errorf("GET /v1/status = %+v, want a status resource id default, not running", doc.Data)
	}
	if n := msgs(); n != 0 {
		t.Fatalf("%d iterations ran while paused", n)
	}
	if code, body := patchStatus(t, addr, `{"vus": 5}`); code != http.StatusBadRequest || !strings.Contains(body, "errors") {
		t.Errorf("PATCH vus = %d %s, want 400 with a JSON:API error", code, body)
	}
	if code, body := patchStatus(t, addr, `{"paused": false}`); code != http.StatusOK || !strings.Contains(body, `"paused":false`) {
		t.Fatalf("PATCH paused:false = %d %s, want 200 with paused false", code, body)
	}
	if code := p.waitExit(t, 30*time.Second); code != 0 {
		t.Fatalf("exit %d after resume, want 0\nstderr:\n%s", code, p.stderr.text())
	}
	if n := msgs(); n != 3 {
		t.Errorf("%d iterations published after resume, want 3", n)
	}
}

func TestPausedRunStoppedThroughRESTAPI(t *testing.T) {
	p, addr, msgs := startPaused(t)
	if code, body := patchStatus(t, addr, `{"stopped": true}`); code != http.StatusOK {
		t.Fatalf("PATCH stopped:true = %d %s, want 200", code, body)
	}
	if code := p.waitExit(t, 30*time.Second); code != 105 {
		t.Fatalf("exit %d after stop, want 105\nstderr:\n%s", code, p.stderr.text())
	}
	if n := msgs(); n != 0 {
		t.Errorf("%d iterations ran, want none", n)
	}
	if !p.stderr.waitFor("stopped through the REST API") {
		t.Errorf("stderr does not say why the run stopped:\n%s", p.stderr.text())
	}
}

// natsk6 resume called at once waits for an instance that does not
// listen yet, then initializes: it says it is paused from the start.
func TestResumeWaitsForInstancesStillInitializing(t *testing.T) {
	url, _ := startServer(t)
	addr := freeAddress(t)
	script := writeScript(t, "paused.js", pausedScript)
	p := start(t, buildNatsk6(t), "run", "-q", "--paused", "--address", addr, "-e", "NATS_URL="+url, script)
	// At once: the instance may not even listen yet.
	if code, _, stderr := natsk6(context.Background(), t, "resume", "--address", addr, "--wait", "1m"); code != 0 {
		t.Fatalf("natsk6 resume: exit %d\n%s", code, stderr)
	}
	if code := p.waitExit(t, 30*time.Second); code != 0 {
		t.Fatalf("exit %d after resume, want 0\nstderr:\n%s", code, p.stderr.text())
	}
	// Resumed only once it waited, not by a PATCH during its init.
	if !p.stderr.waitFor("Execution is paused") {
		t.Errorf("the instance never waited paused:\n%s", p.stderr.text())
	}
	code, _, stderr := natsk6(context.Background(), t, "resume", "-a", freeAddress(t), "--wait", "300ms")
	if code != exitResumeFailed || !strings.Contains(stderr, "is not ready to resume") {
		t.Errorf("resume with nothing listening: exit %d, stderr %q; want %d and why", code, stderr, exitResumeFailed)
	}
}
