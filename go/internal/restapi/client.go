package restapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// StatusPausedBeforeRun is k6's status number of a test that finished
// initializing and waits, paused, to start: the state a starter waits
// for on every instance before resuming them together.
const StatusPausedBeforeRun = 4

// ReadStatus reads the status of the test at addr (host:port) with
// GET /v1/status.
func ReadStatus(ctx context.Context, addr string) (Status, error) {
	var doc document[Status]
	err := call(ctx, http.MethodGet, addr, nil, &doc)
	return doc.Data.Attributes, err
}

// Resume starts the paused test at addr, as k6 resume does:
// PATCH /v1/status {"data":{"attributes":{"paused":false}}}.
func Resume(ctx context.Context, addr string) error {
	body, _ := json.Marshal(map[string]any{"data": map[string]any{"type": "status", "id": "default", "attributes": map[string]bool{"paused": false}}})
	return call(ctx, http.MethodPatch, addr, body, nil)
}

// call sends one request to addr's /v1/status and decodes the answer
// into out (when not nil); an error status is reported with the API's
// error title and detail.
func call(ctx context.Context, method, addr string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, "http://"+addr+"/v1/status", bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("REST API at %s: %w", addr, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("REST API at %s: %w", addr, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("REST API at %s: %w", addr, err)
	}
	if resp.StatusCode >= 300 {
		var e struct {
			Errors []struct{ Title, Detail string } `json:"errors"`
		}
		var msgs []string
		if json.Unmarshal(raw, &e) == nil {
			for _, x := range e.Errors {
				msgs = append(msgs, x.Title+": "+x.Detail)
			}
		}
		return fmt.Errorf("REST API at %s: %s %s: %s", addr, method, resp.Status, strings.Join(msgs, "; "))
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("REST API at %s: the status is not k6's JSON: %w", addr, err)
		}
	}
	return nil
}
