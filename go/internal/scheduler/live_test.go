package scheduler

import (
	"context"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/progress"
)

func runLive(t *testing.T, env *fakeEnv, options string) *Live {
	t.Helper()
	opts, err := Parse([]byte(options))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	live := NewLive(opts)
	if err := live.Run(context.Background(), env, env); err != nil {
		t.Fatalf("Run: %v", err)
	}
	return live
}

func TestLiveCountsCompleteIterationsAndIterationBars(t *testing.T) {
	env := newFakeEnv(2, time.Millisecond)
	live := runLive(t, env, `{"scenarios": {
		"each": {"executor": "per-vu-iterations", "vus": 2, "iterations": 3},
		"pile": {"executor": "shared-iterations", "vus": 2, "iterations": 5}}}`)
	if c, i := live.Iterations(); c != 11 || i != 0 {
		t.Errorf("Iterations() = %d complete, %d interrupted; want 11, 0", c, i)
	}
	if n := live.ActiveVUs(); n != 0 {
		t.Errorf("ActiveVUs() after the run = %d, want 0", n)
	}
	bars := live.Bars(time.Now())
	want := map[string]string{"each": "6/6 iters, 3 per VU", "pile": "5/5 shared iters"}
	for _, b := range bars {
		if b.State != progress.Done || b.Fraction != 1 || !b.ByIterations || b.VUs != 2 || b.Detail != want[b.Name] {
			t.Errorf("bar %s = %+v, want done at 1.0 with 2 VUs and %q", b.Name, b, want[b.Name])
		}
		if b.Duration != 10*time.Minute {
			t.Errorf("bar %s duration %s, want maxDuration 10m", b.Name, b.Duration)
		}
	}
}

func TestLiveCountsIterationsCutByGracefulStopAsInterrupted(t *testing.T) {
	env := newFakeEnv(3, 0)
	env.block = true // each iteration lasts until its ctx is cancelled
	live := runLive(t, env, `{"scenarios": {"hang": {"executor": "constant-vus", "vus": 3, "duration": "50ms", "gracefulStop": "0s"}}}`)
	if c, i := live.Iterations(); c != 0 || i != 3 {
		t.Errorf("Iterations() = %d complete, %d interrupted; want 0, 3", c, i)
	}
	b := live.Bars(time.Now())[0]
	if b.State != progress.Done || b.Fraction != 1 || b.VUs != 3 || b.Duration != 50*time.Millisecond {
		t.Errorf("bar = %+v, want a done constant-vus bar of 3 VUs over 50ms", b)
	}
}

func TestLiveBarsBeforeAndDuringTheRun(t *testing.T) {
	opts, err := Parse([]byte(`{"scenarios": {
		"now": {"executor": "constant-arrival-rate", "rate": 20, "timeUnit": "1s", "duration": "1s", "preAllocatedVUs": 1, "maxVUs": 4},
		"later": {"executor": "ramping-vus", "startTime": "30s", "stages": [{"duration": "10s", "target": 5}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	live := NewLive(opts)
	bars := live.Bars(time.Now())
	if bars[0].State != progress.Waiting || bars[1].State != progress.Waiting || bars[1].Elapsed != 30*time.Second {
		t.Errorf("before Run: %+v", bars)
	}
	if bars[0].Detail != "20.00 iters/s" || bars[0].MaxVUs != 4 || bars[1].MaxVUs != 5 {
		t.Errorf("arrival-rate and ramping bars: %+v", bars)
	}
}

func TestRampingArrivalRateAt(t *testing.T) {
	s := &Scenario{StartRate: 10, Stages: []Stage{{10 * time.Second, 30}, {10 * time.Second, 30}}}
	for _, tc := range []struct {
		at   time.Duration
		want int64
	}{{0, 10}, {5 * time.Second, 20}, {15 * time.Second, 30}, {time.Minute, 30}} {
		if got := s.rateAt(tc.at); got != tc.want {
			t.Errorf("rateAt(%s) = %d, want %d", tc.at, got, tc.want)
		}
	}
}
