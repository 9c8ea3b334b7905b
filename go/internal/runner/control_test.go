package runner

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/config"
	"github.com/pondigo/natsk6/go/internal/restapi"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

func TestPausedWithoutRESTAPIFailsInsteadOfWaitingForever(t *testing.T) {
	for _, tc := range []struct {
		name         string
		scriptPaused string
		cli          config.Object
	}{
		{"--paused", "false", config.Object{"paused": json.RawMessage(`true`)}}, // the flag wins over the script
		{"options.paused", "true", nil},
	} {
		script := `export const options = { iterations: 1, paused: ` + tc.scriptPaused + ` };
export default function () { console.log('iteration ran'); }`
		r := runFiles(t, map[string]string{"script.js": script}, Config{NoEmbedded: true, Options: config.Layers{CLI: tc.cli}})
		r.wantCode(t, ExitInvalidConfig)
		if !strings.Contains(r.logs, "nothing could resume it") || strings.Contains(r.logs, "iteration ran") {
			t.Errorf("%s without --address: %s", tc.name, r.logs)
		}
	}
}

// freeAddress is a loopback address with a port nothing listens on.
func freeAddress(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// apiStatus reads GET /v1/status; false while nothing answers.
func apiStatus(addr string) (restapi.Status, bool) {
	resp, err := http.Get("http://" + addr + "/v1/status")
	if err != nil {
		return restapi.Status{}, false
	}
	defer resp.Body.Close()
	var doc struct {
		Data struct{ Attributes restapi.Status } `json:"data"`
	}
	return doc.Data.Attributes, json.NewDecoder(resp.Body).Decode(&doc) == nil
}

func TestPausedRunResumesThroughRESTAPI(t *testing.T) {
	addr := freeAddress(t)
	script := `import { Counter } from 'k6/metrics';
const ran = new Counter('ran');
export const options = { vus: 2, iterations: 4 };
export default function () { ran.add(1); }`
	done := make(chan result, 1)
	go func() {
		done <- runFiles(t, map[string]string{"script.js": script}, Config{NoEmbedded: true, Address: addr,
			Options: config.Layers{CLI: config.Object{"paused": json.RawMessage(`true`)}}})
	}()
	status := func() (restapi.Status, bool) { return apiStatus(addr) }
	testsupport.Eventually(t, 30*time.Second, func() bool {
		st, ok := status()
		return ok && st.Paused && st.Status == statusPausedBeforeRun && st.VUsMax == 2
	}, "the run to wait paused with its 2 VUs")
	st, _ := status()
	if st.Running || st.VUs != 0 {
		t.Errorf("paused status %+v: want not running, no active VU", st)
	}
	req, _ := http.NewRequest(http.MethodPatch, "http://"+addr+"/v1/status", strings.NewReader(`{"data":{"attributes":{"paused":false}}}`))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	r := <-done
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "ran", "count"); got != 4 {
		t.Errorf("ran = %v after the resume, want 4", got)
	}
}

func TestLingerKeepsRESTAPIUpAfterTheTest(t *testing.T) {
	addr := freeAddress(t)
	dir := t.TempDir()
	script := filepath.Join(dir, "script.js")
	if err := os.WriteFile(script, []byte(`export const options = { iterations: 1, linger: true };
export default function () {}`), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, Config{ScriptPath: script, NoEmbedded: true, Address: addr, Stdout: io.Discard, Stderr: io.Discard})
	}()
	testsupport.Eventually(t, 30*time.Second, func() bool {
		st, ok := apiStatus(addr)
		return ok && st.Status == statusEnded && !st.Running
	}, "the lingering run to report status 9 (ended)")
	cancel()
	if code := <-done; code != ExitOK {
		t.Errorf("exit %d after the linger, want the test's 0", code)
	}
	if _, ok := apiStatus(addr); ok {
		t.Errorf("the REST API still answers after the run")
	}
}
