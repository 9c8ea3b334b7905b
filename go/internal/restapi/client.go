package restapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// k6's execution status of a test that waits for its resume with its VUs
// initialized, and the first one of a test that started (setup).
const (
	statusPausedBeforeRun = 4
	statusStarted         = 5
)

// pollEvery is how often Resume asks an instance that is not ready yet.
const pollEvery = 100 * time.Millisecond

// Resume starts the paused instances at addrs together, as k6-operator's
// starter does: it waits until every one answers GET /v1/status and is
// ready (paused with its VUs initialized, or started without pausing), then
// sends each PATCH /v1/status {"paused": false}. ctx bounds the wait.
func Resume(ctx context.Context, addrs []string) error {
	for _, addr := range addrs {
		if err := waitReady(ctx, addr); err != nil {
			return err
		}
	}
	for _, addr := range addrs {
		if err := patchPaused(ctx, addr, false); err != nil {
			return err
		}
	}
	return nil
}

// waitReady polls addr until its test waits to start (or runs).
func waitReady(ctx context.Context, addr string) error {
	var last error
	for {
		st, err := getStatus(ctx, addr)
		// Ready: waiting for the resume, or started without waiting. An
		// instance still initializing may not know yet whether it waits.
		if err == nil && (st.Status == statusPausedBeforeRun || st.Status >= statusStarted) {
			return nil
		}
		if err == nil {
			err = fmt.Errorf("still initializing (status %d)", st.Status)
		}
		last = err
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s is not ready to resume: %w", addr, last)
		case <-time.After(pollEvery):
		}
	}
}

func getStatus(ctx context.Context, addr string) (Status, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+"/v1/status", nil)
	if err != nil {
		return Status{}, err
	}
	var doc document[Status]
	err = do(req, &doc)
	return doc.Data.Attributes, err
}

func patchPaused(ctx context.Context, addr string, paused bool) error {
	body, _ := json.Marshal(document[patch]{resource[patch]{Type: "status", ID: "default", Attributes: patch{Paused: &paused}}}) // plain types always encode
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch, "http://"+addr+"/v1/status", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if err := do(req, nil); err != nil {
		return fmt.Errorf("resume %s: %w", addr, err)
	}
	return nil
}

// do sends req and decodes a 2xx JSON answer into into (unless nil); an
// error answer becomes an error with its JSON:API detail.
func do(req *http.Request, into any) error {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Errors []struct{ Title, Detail string } `json:"errors"`
		}
		if json.Unmarshal(b, &e) == nil && len(e.Errors) > 0 {
			return fmt.Errorf("%s: %s", resp.Status, e.Errors[0].Detail)
		}
		return fmt.Errorf("%s", resp.Status)
	}
	if into == nil {
		return nil
	}
	return json.Unmarshal(b, into)
}
