package runner

import (
	"path/filepath"
	"testing"
)

// examples/request-rate.ts, scaled down: every offered request is sent
// and answered by the responder VUs, each with a raw and a corrected
// latency sample. The latency threshold is the machine's to pass.
func TestRequestRateExample(t *testing.T) {
	script, err := filepath.Abs("../../../examples/request-rate.ts")
	if err != nil {
		t.Fatal(err)
	}
	r := runFiles(t, nil, Config{ScriptPath: script, Env: map[string]string{"RATE": "1000", "SECONDS": "2"}})
	if r.code != ExitThresholdsFailed {
		r.wantCode(t, ExitOK)
	}
	for name, want := range map[string]float64{
		"nats_msgs_offered": 2000, "nats_requests": 2000, "nats_msgs_missed": 0, "nats_request_timeouts": 0,
	} {
		if got := r.metric(t, name, "count"); got != want {
			t.Errorf("%s %v, want %v", name, got, want)
		}
	}
	raw, corrected := r.metric(t, "nats_request_duration", "max"), r.metric(t, "nats_request_duration_corrected", "max")
	if raw <= 0 || corrected < raw {
		t.Errorf("max raw %v ms, corrected %v ms: the corrected latency starts earlier, so it is never below", raw, corrected)
	}
}

// examples/payload-template.ts, scaled down: the checker VU parses every
// rendered order in sequence, with no bad one.
func TestPayloadTemplateExample(t *testing.T) {
	script, err := filepath.Abs("../../../examples/payload-template.ts")
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"core", "jetstream"} {
		t.Run(mode, func(t *testing.T) {
			r := runFiles(t, nil, Config{ScriptPath: script, Env: map[string]string{"RATE": "2000", "SECONDS": "1", "MODE": mode}})
			r.wantCode(t, ExitOK)
			if got := r.metric(t, "nats_msgs_received", "count"); got != 2000 {
				t.Errorf("nats_msgs_received %v, want the 2000 orders", got)
			}
			if got := r.metric(t, "checks", "fails"); got != 0 {
				t.Errorf("%v checks failed\n%s", got, r.stderr)
			}
		})
	}
}
