package restapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// recordingTest is a Test that records what the API asked of it.
type recordingTest struct {
	status  Status
	stopped bool
	refuse  error
}

func (r *recordingTest) Status() Status { return r.status }

func (r *recordingTest) SetPaused(p bool) error {
	if r.refuse != nil {
		return r.refuse
	}
	r.status.Paused = p
	return nil
}

func (r *recordingTest) Stop() { r.stopped = true }

func request(t *testing.T, s *Server, method, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+s.Addr()+"/v1/status", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestStatusResource(t *testing.T) {
	test := &recordingTest{status: Status{Status: 4, Paused: true, VUsMax: 3}}
	s, err := Listen("127.0.0.1:0", test)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	code, body := request(t, s, http.MethodGet, "")
	var doc map[string]map[string]any
	if err := json.Unmarshal([]byte(body), &doc); code != 200 || err != nil {
		t.Fatalf("GET = %d %s (%v)", code, body, err)
	}
	attrs := doc["data"]["attributes"].(map[string]any)
	if doc["data"]["type"] != "status" || doc["data"]["id"] != "default" || attrs["paused"] != true || attrs["vus-max"] != float64(3) || attrs["status"] != float64(4) {
		t.Errorf("GET /v1/status = %s", body)
	}
	for _, key := range []string{"running", "tainted", "vus", "stopped"} {
		if _, ok := attrs[key]; !ok {
			t.Errorf("GET /v1/status has no %s: %s", key, body)
		}
	}

	if code, body := request(t, s, http.MethodPatch, `{"data":{"attributes":{"paused":false}}}`); code != 200 || !strings.Contains(body, `"paused":false`) || test.status.Paused {
		t.Errorf("PATCH paused:false = %d %s", code, body)
	}
	if code, _ := request(t, s, http.MethodPatch, `{"data":{"attributes":{"stopped":true}}}`); code != 200 || !test.stopped {
		t.Errorf("PATCH stopped:true = %d, stopped %v", code, test.stopped)
	}
	test.refuse = errors.New("no pausing now")
	if code, body := request(t, s, http.MethodPatch, `{"data":{"attributes":{"paused":true}}}`); code != 400 || !strings.Contains(body, "no pausing now") {
		t.Errorf("refused PATCH = %d %s, want 400 with the reason", code, body)
	}
	for _, tc := range []struct {
		method, body string
		want         int
	}{
		{http.MethodPatch, `{"data":`, 400},
		{http.MethodPatch, `{"data":{"attributes":{"vus-max":9}}}`, 400},
		{http.MethodPost, ``, 405},
	} {
		if code, body := request(t, s, tc.method, tc.body); code != tc.want || !strings.Contains(body, `"errors"`) {
			t.Errorf("%s %q = %d %s, want %d with a JSON:API error", tc.method, tc.body, code, body, tc.want)
		}
	}
	resp, err := http.Get("http://" + s.Addr() + "/v1/metrics")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("GET /v1/metrics = %d, want 404", resp.StatusCode)
	}
}

func TestListenReportsATakenAddress(t *testing.T) {
	s, err := Listen("127.0.0.1:0", &recordingTest{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Listen(s.Addr(), &recordingTest{}); err == nil || !strings.Contains(err.Error(), s.Addr()) {
		t.Errorf("second Listen on %s: %v, want an error naming the address", s.Addr(), err)
	}
}

// initializingTest reports init (status 1) for its first polls, then
// waits paused (4); it records when it was resumed.
type initializingTest struct {
	mu       sync.Mutex
	polls    int
	resumeAt int // the poll count when SetPaused(false) came; 0 before
}

func (i *initializingTest) Status() Status {
	i.mu.Lock()
	defer i.mu.Unlock()
	i.polls++
	if i.polls <= 3 {
		return Status{Status: 1, Paused: true}
	}
	return Status{Status: statusPausedBeforeRun, Paused: i.resumeAt == 0}
}

func (i *initializingTest) SetPaused(p bool) error {
	i.mu.Lock()
	defer i.mu.Unlock()
	if !p {
		i.resumeAt = i.polls
	}
	return nil
}

func (i *initializingTest) Stop() {}

func TestResumeWaitsUntilEveryInstanceIsReady(t *testing.T) {
	slow := &initializingTest{}
	ready := &recordingTest{status: Status{Status: statusPausedBeforeRun, Paused: true}}
	var addrs []string
	for _, test := range []Test{ready, slow} {
		s, err := Listen("127.0.0.1:0", test)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		addrs = append(addrs, s.Addr())
	}
	if err := Resume(context.Background(), addrs); err != nil {
		t.Fatal(err)
	}
	slow.mu.Lock()
	defer slow.mu.Unlock()
	if slow.resumeAt < 4 || ready.status.Paused {
		t.Errorf("resumed the initializing instance after %d polls (want after its 4th, when it waits), the ready one paused=%v", slow.resumeAt, ready.status.Paused)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if err := Resume(ctx, []string{"127.0.0.1:1"}); err == nil || !strings.Contains(err.Error(), "not ready to resume") {
		t.Errorf("Resume of nothing = %v, want not ready", err)
	}
}
