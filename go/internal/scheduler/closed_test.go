package scheduler

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func TestSharedIterationsRunsExactCount(t *testing.T) {
	env := newFakeEnv(3, time.Millisecond)
	if _, _, err := env.run(t, context.Background(), `{"vus": 3, "iterations": 20}`); err != nil {
		t.Fatalf("Run: %v", err)
	}
	recs := env.snapshot()
	if len(recs) != 20 {
		t.Fatalf("ran %d iterations, want 20", len(recs))
	}
	var numbers []int64
	perVU := map[int][]int64{}
	for _, r := range recs {
		numbers = append(numbers, r.it.InScenario)
		perVU[r.vu] = append(perVU[r.vu], r.it.InScenarioVU)
	}
	slices.Sort(numbers)
	for i, n := range numbers {
		if n != int64(i) {
			t.Fatalf("InScenario numbers %v, want 0..19 once each", numbers)
		}
	}
	for vu, seq := range perVU {
		slices.Sort(seq)
		for i, n := range seq {
			if n != int64(i) {
				t.Errorf("VU %d InScenarioVU %v, want 0..%d", vu, seq, len(seq)-1)
			}
		}
	}
	if env.grown != 0 || len(env.dropped) != 0 {
		t.Errorf("grown %d dropped %v, want none", env.grown, env.dropped)
	}
	if got := env.activeAt(time.Now()); got != 0 {
		t.Errorf("active VUs at the end = %d, want 0", got)
	}
}

func TestPerVUIterationsRunsEachVUsCount(t *testing.T) {
	env := newFakeEnv(3, time.Millisecond)
	_, _, err := env.run(t, context.Background(), `{"scenarios": {"p": {"executor": "per-vu-iterations", "vus": 3, "iterations": 4}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	perVU := map[int]int{}
	for _, r := range env.snapshot() {
		perVU[r.vu]++
	}
	if len(perVU) != 3 {
		t.Fatalf("iterations per VU %v, want 3 VUs", perVU)
	}
	for vu, n := range perVU {
		if n != 4 {
			t.Errorf("VU %d ran %d iterations, want 4", vu, n)
		}
	}
	if env.maxActive() != 3 {
		t.Errorf("max active VUs %d, want 3", env.maxActive())
	}
}

func TestMaxDurationDropsUnstartedIterations(t *testing.T) {
	for _, executor := range []string{SharedIterations, PerVUIterations} {
		env := newFakeEnv(2, 50*time.Millisecond)
		_, _, err := env.run(t, context.Background(), `{"scenarios": {"s": {"executor": "`+executor+`",
			"vus": 2, "iterations": 40, "maxDuration": "200ms", "gracefulStop": "1s"}}}`)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		total := int64(40)
		if executor == PerVUIterations {
			total = 80
		}
		ran := int64(len(env.snapshot()))
		if ran == 0 || ran >= total/2 {
			t.Errorf("%s: ran %d iterations of 50ms in 200ms on 2 VUs", executor, ran)
		}
		if ran+env.dropped["s"] != total {
			t.Errorf("%s: ran %d + dropped %d, want %d", executor, ran, env.dropped["s"], total)
		}
	}
}

func TestConstantVUsKeepsVUsBusyForDuration(t *testing.T) {
	env := newFakeEnv(3, 20*time.Millisecond)
	_, start, err := env.run(t, context.Background(), `{"vus": 3, "duration": "400ms"}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	elapsed := time.Since(start)
	if elapsed < 400*time.Millisecond || elapsed > 2*time.Second {
		t.Errorf("ran for %v, want about 400ms", elapsed)
	}
	if env.maxActive() != 3 {
		t.Errorf("max active VUs %d, want 3", env.maxActive())
	}
	for _, at := range []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond} {
		if n := env.activeAt(start.Add(at)); n < 2 {
			t.Errorf("active VUs at %v = %d, want 3 (at least 2 between iterations)", at, n)
		}
	}
	// A VU checks the stop signal and then starts its iteration; on a
	// loaded machine that start can land a little past the deadline.
	const jitter = 50 * time.Millisecond
	for _, r := range env.snapshot() {
		if r.start.Sub(start) > 400*time.Millisecond+jitter {
			t.Errorf("iteration started at %v, after the duration", r.start.Sub(start))
		}
	}
}

func TestGracefulStopCancelsBlockedIteration(t *testing.T) {
	env := newFakeEnv(1, 0)
	env.block = true
	_, start, err := env.run(t, context.Background(), `{"scenarios": {"s": {"executor": "constant-vus", "vus": 1,
		"duration": "100ms", "gracefulStop": "150ms"}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	recs := env.snapshot()
	if len(recs) != 1 || !recs[0].cancelled {
		t.Fatalf("records %+v, want one cancelled iteration", recs)
	}
	if ended := recs[0].end.Sub(start); ended < 250*time.Millisecond || ended > 1500*time.Millisecond {
		t.Errorf("iteration cancelled at %v, want at duration+gracefulStop = 250ms", ended)
	}
}

func TestGracefulStopLetsIterationFinish(t *testing.T) {
	env := newFakeEnv(1, 150*time.Millisecond)
	_, _, err := env.run(t, context.Background(), `{"scenarios": {"s": {"executor": "constant-vus", "vus": 1,
		"duration": "100ms", "gracefulStop": "1s"}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	recs := env.snapshot()
	if len(recs) != 1 || recs[0].cancelled {
		t.Fatalf("records %+v, want one iteration finished within gracefulStop", recs)
	}
}

func TestStartTimeDelaysScenario(t *testing.T) {
	env := newFakeEnv(2, 0)
	_, start, err := env.run(t, context.Background(), `{"scenarios": {
		"first": {"executor": "shared-iterations"},
		"second": {"executor": "per-vu-iterations", "startTime": "300ms", "exec": "other"}}}`)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	starts := map[string]time.Duration{}
	for _, r := range env.snapshot() {
		starts[r.scenario] = r.start.Sub(start)
		if r.scenario == "second" && r.it.Scenario.Exec != "other" {
			t.Errorf("second scenario exec %q", r.it.Scenario.Exec)
		}
	}
	if len(starts) != 2 || starts["first"] > 200*time.Millisecond || starts["second"] < 300*time.Millisecond {
		t.Errorf("scenario start offsets %v, want first at once and second after 300ms", starts)
	}
}

func TestAbortCancelsAtOnce(t *testing.T) {
	env := newFakeEnv(2, 0)
	env.block = true
	ctx, cancel := context.WithCancelCause(context.Background())
	abort := errors.New("test.abort()")
	time.AfterFunc(100*time.Millisecond, func() { cancel(abort) })
	_, start, err := env.run(t, ctx, `{"vus": 2, "duration": "10s", "iterations": 100}`)
	if !errors.Is(err, abort) {
		t.Fatalf("Run returned %v, want the abort cause", err)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("Run returned after %v, want soon after the abort", elapsed)
	}
	recs := env.snapshot()
	if len(recs) != 2 || !recs[0].cancelled || !recs[1].cancelled {
		t.Errorf("records %+v, want both running iterations cancelled", recs)
	}
	if len(env.dropped) != 0 {
		t.Errorf("dropped %v reported after abort", env.dropped)
	}
}
