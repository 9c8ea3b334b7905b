package scheduler

import (
	"context"
	"reflect"
	"testing"
	"time"
)

func TestVUStepsRampLinearly(t *testing.T) {
	ms := time.Millisecond
	got := vuSteps(1, []Stage{{400 * ms, 5}, {100 * ms, 5}, {0, 2}, {200 * ms, 0}})
	want := []vuStep{
		{0, 1},
		{100 * ms, 2}, {200 * ms, 3}, {300 * ms, 4}, {400 * ms, 5},
		{500 * ms, 2},
		{600 * ms, 1}, {700 * ms, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("vuSteps\n got %v\nwant %v", got, want)
	}
}

func TestRampingVUsFollowsStages(t *testing.T) {
	env := newFakeEnv(4, 10*time.Millisecond)
	_, start, err := env.run(t, context.Background(), `{"scenarios": {"r": {"executor": "ramping-vus", "startVUs": 0,
		"gracefulRampDown": "0s", "stages": [
			{"duration": "400ms", "target": 4},
			{"duration": "400ms", "target": 4},
			{"duration": "400ms", "target": 0}]}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if env.maxActive() != 4 {
		t.Errorf("max active VUs %d, want 4", env.maxActive())
	}
	// The VUs that ran iterations in a window show the target there.
	vusIn := func(from, to time.Duration) int {
		seen := map[int]bool{}
		for _, r := range env.snapshot() {
			if at := r.start.Sub(start); at >= from && at < to {
				seen[r.vu] = true
			}
		}
		return len(seen)
	}
	checks := []struct {
		from, to time.Duration
		min, max int
	}{
		{0, 90 * time.Millisecond, 0, 1},                         // target 0 until 100ms
		{500 * time.Millisecond, 700 * time.Millisecond, 4, 4},   // plateau
		{1110 * time.Millisecond, 1300 * time.Millisecond, 0, 1}, // last VU leaves at 1200ms
	}
	for _, c := range checks {
		if n := vusIn(c.from, c.to); n < c.min || n > c.max {
			t.Errorf("VUs iterating in [%v, %v) = %d, want %d..%d", c.from, c.to, n, c.min, c.max)
		}
	}
	if env.grown != 0 {
		t.Errorf("grew %d VUs, want none beyond the peak target", env.grown)
	}
}

func TestGracefulRampDownCancelsRampedDownIteration(t *testing.T) {
	env := newFakeEnv(1, 0)
	env.block = true
	_, start, err := env.run(t, context.Background(), `{"scenarios": {"r": {"executor": "ramping-vus", "startVUs": 1,
		"gracefulRampDown": "100ms", "gracefulStop": "2s", "stages": [
			{"duration": "100ms", "target": 1},
			{"duration": "0s", "target": 0},
			{"duration": "600ms", "target": 0}]}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	recs := env.snapshot()
	if len(recs) != 1 || !recs[0].cancelled {
		t.Fatalf("records %+v, want one cancelled iteration", recs)
	}
	if ended := recs[0].end.Sub(start); ended < 200*time.Millisecond || ended > 650*time.Millisecond {
		t.Errorf("iteration cancelled at %v, want at ramp-down (100ms) + gracefulRampDown (100ms)", ended)
	}
}

func TestRampedUpAgainSlotKeepsItsIteration(t *testing.T) {
	env := newFakeEnv(1, 250*time.Millisecond)
	_, _, err := env.run(t, context.Background(), `{"scenarios": {"r": {"executor": "ramping-vus", "startVUs": 1,
		"gracefulRampDown": "100ms", "stages": [
			{"duration": "50ms", "target": 1},
			{"duration": "0s", "target": 0},
			{"duration": "50ms", "target": 0},
			{"duration": "0s", "target": 1},
			{"duration": "200ms", "target": 1}]}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	recs := env.snapshot()
	if len(recs) == 0 || recs[0].cancelled {
		t.Errorf("records %+v, want the first iteration to finish: its VU was ramped up again before gracefulRampDown", recs)
	}
}
