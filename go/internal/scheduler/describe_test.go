package scheduler

import "testing"

func TestDescription(t *testing.T) {
	opts, err := Parse([]byte(`{"scenarios": {
		"a": {"executor": "shared-iterations", "vus": 2, "iterations": 20},
		"b": {"executor": "per-vu-iterations", "exec": "pub", "maxDuration": "90s"},
		"c": {"executor": "constant-vus", "vus": 10, "duration": "2h", "startTime": "1s"},
		"d": {"executor": "ramping-vus", "stages": [{"duration": "1m", "target": 10}, {"duration": "30s", "target": 0}]},
		"e": {"executor": "constant-arrival-rate", "rate": 30, "timeUnit": "1m", "duration": "1m", "preAllocatedVUs": 2, "maxVUs": 5},
		"f": {"executor": "ramping-arrival-rate", "startRate": 5, "stages": [{"duration": "10s", "target": 50}], "preAllocatedVUs": 1}}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a": "20 iterations shared among 2 VUs (maxDuration: 10m, gracefulStop: 30s)",
		"b": "1 iterations for each of 1 VUs (maxDuration: 1m30s, exec: pub, gracefulStop: 30s)",
		"c": "10 looping VUs for 2h (startTime: 1s, gracefulStop: 30s)",
		"d": "Up to 10 looping VUs for 1m30s over 2 stages (gracefulRampDown: 30s, gracefulStop: 30s)",
		"e": "0.50 iterations/s for 1m (maxVUs: 2-5, gracefulStop: 30s)",
		"f": "Up to 50.00 iterations/s for 10s over 1 stages (maxVUs: 1-1, gracefulStop: 30s)",
	}
	for _, s := range opts.Scenarios {
		if got := s.Description(); got != want[s.Name] {
			t.Errorf("%s: %q, want %q", s.Name, got, want[s.Name])
		}
	}
}
