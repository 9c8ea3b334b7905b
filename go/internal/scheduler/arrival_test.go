package scheduler

import (
	"context"
	"math"
	"testing"
	"time"
)

func TestRateScheduleOffsets(t *testing.T) {
	constant := newRateSchedule(&Scenario{Executor: ConstantArrivalRate, Rate: 4, TimeUnit: time.Second, Duration: time.Second})
	var got []time.Duration
	for k := int64(0); ; k++ {
		at, ok := constant.at(k)
		if !ok {
			break
		}
		got = append(got, at)
	}
	want := []time.Duration{0, 250 * time.Millisecond, 500 * time.Millisecond, 750 * time.Millisecond}
	if len(got) != len(want) {
		t.Fatalf("constant offsets %v, want %v", got, want)
	}
	for i := range want {
		if d := got[i] - want[i]; d < -time.Microsecond || d > time.Microsecond {
			t.Errorf("constant offsets %v, want %v", got, want)
		}
	}

	// 0 → 10/s over 2s, then 10/s for 1s: 10 + 10 iterations; the k-th of
	// the ramp starts at sqrt(2k/5) seconds, where 2.5*t² reaches k.
	ramp := newRateSchedule(&Scenario{Executor: RampingArrivalRate, StartRate: 0, TimeUnit: time.Second,
		Stages: []Stage{{2 * time.Second, 10}, {0, 0}, {time.Second, 0}, {0, 10}, {time.Second, 10}}})
	n := 0
	for k := int64(0); ; k++ {
		at, ok := ramp.at(k)
		if !ok {
			break
		}
		n++
		want := time.Duration(math.Sqrt(float64(2*k)/5) * float64(time.Second))
		if k >= 10 {
			want = 3*time.Second + time.Duration(k-10)*100*time.Millisecond
		}
		if d := at - want; d < -time.Microsecond || d > time.Microsecond {
			t.Errorf("ramp iteration %d at %v, want %v", k, at, want)
		}
	}
	if n != 20 {
		t.Errorf("ramp scheduled %d iterations, want 20", n)
	}
}

// within reports whether got is within ±15% of want.
func within(got, want float64) bool { return math.Abs(got-want) <= 0.15*want }

func TestConstantArrivalRateHoldsRate(t *testing.T) {
	env := newFakeEnv(2, 30*time.Millisecond)
	_, start, err := env.run(t, context.Background(), `{"scenarios": {"c": {"executor": "constant-arrival-rate",
		"rate": 100, "timeUnit": "1s", "duration": "1s", "preAllocatedVUs": 2, "maxVUs": 20}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	recs := env.snapshot()
	// 100/s for 1s: 100 iterations, half of them in each half second.
	firstHalf := 0
	for _, r := range recs {
		if r.start.Sub(start) < 500*time.Millisecond {
			firstHalf++
		}
	}
	if !within(float64(len(recs)), 100) || !within(float64(firstHalf), 50) {
		t.Errorf("started %d iterations (%d in the first 500ms), want 100±15%% (50±15%%)", len(recs), firstHalf)
	}
	// 30ms iterations at one per 10ms need about 3-4 VUs: the pool grew.
	if env.grown == 0 || env.grown > 18 {
		t.Errorf("grew %d VUs, want a few beyond the 2 preallocated", env.grown)
	}
	if env.dropped["c"] != 0 {
		t.Errorf("dropped %d iterations with VUs to spare", env.dropped["c"])
	}
}

func TestRampingArrivalRateRampsRate(t *testing.T) {
	env := newFakeEnv(4, time.Millisecond)
	_, start, err := env.run(t, context.Background(), `{"scenarios": {"r": {"executor": "ramping-arrival-rate",
		"startRate": 0, "timeUnit": "100ms", "preAllocatedVUs": 4, "stages": [
			{"duration": "1s", "target": 20},
			{"duration": "500ms", "target": 20}]}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	// Rate 0 → 200/s over 1s (100 iterations, a quarter of them in the
	// first half), then 200/s for 0.5s (100 iterations).
	windows := [3]int{}
	for _, r := range env.snapshot() {
		switch at := r.start.Sub(start); {
		case at < 500*time.Millisecond:
			windows[0]++
		case at < time.Second:
			windows[1]++
		default:
			windows[2]++
		}
	}
	for i, want := range []float64{25, 75, 100} {
		if !within(float64(windows[i]), want) {
			t.Errorf("iterations per window %v, want 25, 75, 100 (±15%%)", windows)
			break
		}
	}
}

func TestArrivalRateDropsWhenMaxVUsBusy(t *testing.T) {
	env := newFakeEnv(1, 0)
	env.block = true
	_, _, err := env.run(t, context.Background(), `{"scenarios": {"c": {"executor": "constant-arrival-rate",
		"rate": 20, "duration": "500ms", "preAllocatedVUs": 1, "maxVUs": 2, "gracefulStop": "0s"}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	recs := env.snapshot()
	if len(recs) != 2 || env.grown != 1 {
		t.Errorf("ran %d iterations on %d grown VUs, want 2 on 1 grown (maxVUs 2)", len(recs), env.grown)
	}
	// 20/s for 500ms schedules 10 iterations: 2 ran, 8 dropped.
	if env.dropped["c"] != 8 {
		t.Errorf("dropped %d, want 8", env.dropped["c"])
	}
	for _, r := range recs {
		if !r.cancelled {
			t.Errorf("blocked iteration %+v not cancelled at gracefulStop", r)
		}
	}
}

func TestArrivalRateScenarioLastsItsDuration(t *testing.T) {
	// One iteration per second for 1.5s starts iterations at 0s and 1s,
	// each over at once; the scenario still runs until 1.5s, as in k6.
	for _, options := range []string{
		`{"scenarios": {"c": {"executor": "constant-arrival-rate", "rate": 1, "duration": "1500ms", "preAllocatedVUs": 1}}}`,
		`{"scenarios": {"r": {"executor": "ramping-arrival-rate", "startRate": 1, "preAllocatedVUs": 1,
			"stages": [{"duration": "1s", "target": 1}, {"duration": "500ms", "target": 0}]}}}`,
	} {
		env := newFakeEnv(1, 0)
		_, start, err := env.run(t, context.Background(), options)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if elapsed := time.Since(start); elapsed < 1500*time.Millisecond {
			t.Errorf("%s\nended after %s, want its whole 1.5s", options, elapsed)
		}
		if n := len(env.snapshot()); n < 1 || n > 2 {
			t.Errorf("%d iterations, want 1 or 2", n)
		}
	}
}
