package scheduler

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseSegmentNotations(t *testing.T) {
	for _, tc := range []struct{ segment, sequence, want string }{
		{"0:1/4", "", "0:1/4"},
		{"1/4:2/4", "", "1/4:1/2"},
		{"25%:50%", "", "1/4:1/2"},
		{"0.25:0.5", "", "1/4:1/2"},
		{"1/2", "", "0:1/2"},
		{"1/4:1/2", "0,1/4,1/2,3/4,1", "1/4:1/2"},
		{"1/4:1/2", "1/4,1/2,3/4", "1/4:1/2"}, // 0 and 1 are implied
		{"0:1", "", "0:1"},
	} {
		seg, err := ParseSegment(tc.segment, tc.sequence)
		if err != nil {
			t.Errorf("ParseSegment(%q, %q): %v", tc.segment, tc.sequence, err)
			continue
		}
		if got := seg.String(); got != tc.want {
			t.Errorf("ParseSegment(%q, %q) = %s, want %s", tc.segment, tc.sequence, got, tc.want)
		}
	}
	for _, tc := range []struct{ segment, sequence, wantErr string }{
		{"1/2:1/4", "", "must start before it ends"},
		{"0:3/2", "", "between 0 and 1"},
		{"a:b", "", "not a fraction"},
		{"0:1/3", "0,1/4,1/2,1", "not one of the segments"},
		{"0:1/4", "0,1/2,1/4,1", "strictly ascending"},
		{"", "0,x,1", "executionSegmentSequence"},
		{"0:0.3333333", "", "common denominator 10000000 is too large"},
	} {
		_, err := ParseSegment(tc.segment, tc.sequence)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("ParseSegment(%q, %q) = %v, want an error with %q", tc.segment, tc.sequence, err, tc.wantErr)
		}
	}
}

// testSequences are sequences of 2, 3, 4 and 7 segments, equal and not.
var testSequences = []string{
	"0,1/2,1",
	"0,1/3,2/3,1",
	"0,1/4,1/2,3/4,1",
	"0,1/7,2/7,3/7,4/7,5/7,6/7,1",
	"0,0.1,0.5,1",
	"0,1/5,1/3,3/4,1",
	"0,10%,20%,25%,60%,61%,99%,1",
}

// segmentsOf returns every segment of sequence.
func segmentsOf(t *testing.T, sequence string) []*Segment {
	t.Helper()
	bounds := strings.Split(sequence, ",")
	var segs []*Segment
	for i := 1; i < len(bounds); i++ {
		seg, err := ParseSegment(bounds[i-1]+":"+bounds[i], sequence)
		if err != nil {
			t.Fatalf("ParseSegment %s:%s in %s: %v", bounds[i-1], bounds[i], sequence, err)
		}
		segs = append(segs, seg)
	}
	return segs
}

func TestSegmentsShareEveryItemOnce(t *testing.T) {
	for _, sequence := range testSequences {
		segs := segmentsOf(t, sequence)
		for n := int64(0); n <= 250; n++ {
			var sum int64
			seen := make([]int, n)
			for _, seg := range segs {
				share := seg.Scale(n)
				sum += share
				for k := range share {
					g := seg.Global(k)
					if g >= n {
						t.Fatalf("%s in %s: item %d of %d is %d, beyond %d", seg, sequence, k, share, g, n)
					}
					seen[g]++
				}
			}
			if sum != n {
				t.Fatalf("%s: shares of %d add up to %d", sequence, n, sum)
			}
			for g, c := range seen {
				if c != 1 {
					t.Fatalf("%s: item %d of %d owned by %d segments", sequence, g, n, c)
				}
			}
		}
	}
}

func TestSegmentShareFollowsItsLength(t *testing.T) {
	// Within one stripe (lcd items) a segment owns exactly its length.
	seg, _ := ParseSegment("1/4:3/4", "0,1/4,3/4,1")
	if got := seg.Scale(4); got != 2 {
		t.Errorf("1/4:3/4 owns %d of 4, want 2", got)
	}
	if got := seg.Scale(400); got != 200 {
		t.Errorf("1/4:3/4 owns %d of 400, want 200", got)
	}
}

// segmentOptions parses options with the segment added.
func segmentOptions(t *testing.T, options string, seg, sequence string) *Options {
	t.Helper()
	options = strings.TrimSuffix(strings.TrimSpace(options), "}")
	options += fmt.Sprintf(`, "executionSegment": %q`, seg)
	if sequence != "" {
		options += fmt.Sprintf(`, "executionSegmentSequence": %q`, sequence)
	}
	options += "}"
	opts, err := Parse([]byte(options))
	if err != nil {
		t.Fatalf("Parse %s: %v", options, err)
	}
	return opts
}

// scheduledIterations counts the iterations of the whole test's
// arrival-rate schedule that a segment starts.
func scheduledIterations(s *Scenario) int64 {
	sched := newRateSchedule(s)
	n := int64(0)
	for ; ; n++ {
		if _, ok := sched.at(s.Segment.Global(n)); !ok {
			return n
		}
	}
}

// rampTargets is a ramping-vus segment's VU target at each step of the
// whole test's ramp.
func rampTargets(s *Scenario) []int64 {
	var targets []int64
	for _, st := range vuSteps(s.StartVUs, s.Stages) {
		targets = append(targets, s.Segment.Scale(int64(st.target)))
	}
	return targets
}

// work is what a scenario does, as numbers that must add up over the
// segments of a sequence.
type work struct {
	vus, maxVUs, iterations int64
	ramp                    []int64
}

func scenarioWork(s *Scenario) work {
	w := work{vus: int64(s.initialVUs())}
	switch s.Executor {
	case SharedIterations:
		w.iterations = s.Iterations
	case PerVUIterations:
		w.iterations = int64(s.VUs) * s.Iterations
	case RampingVUs:
		w.ramp = rampTargets(s)
	case ConstantArrivalRate, RampingArrivalRate:
		w.maxVUs = int64(s.MaxVUs)
		w.iterations = scheduledIterations(s)
	}
	return w
}

func TestSegmentsSplitEveryExecutorExactly(t *testing.T) {
	executors := map[string]string{
		"shared 7 over 4":    `{"scenarios": {"s": {"executor": "shared-iterations", "vus": 3, "iterations": 7}}}`,
		"shared 100/10 VUs":  `{"scenarios": {"s": {"executor": "shared-iterations", "vus": 10, "iterations": 100}}}`,
		"shortcut iters":     `{"iterations": 13, "vus": 5}`,
		"per-vu 10x3":        `{"scenarios": {"s": {"executor": "per-vu-iterations", "vus": 10, "iterations": 3}}}`,
		"constant 10 VUs":    `{"vus": 10, "duration": "10s"}`,
		"ramping odd":        `{"scenarios": {"s": {"executor": "ramping-vus", "startVUs": 1, "stages": [{"duration": "10s", "target": 11}, {"duration": "5s", "target": 3}, {"duration": "5s", "target": 0}]}}}`,
		"constant rate 10/s": `{"scenarios": {"s": {"executor": "constant-arrival-rate", "rate": 10, "duration": "3s", "preAllocatedVUs": 5, "maxVUs": 7}}}`,
		"constant rate 7/m":  `{"scenarios": {"s": {"executor": "constant-arrival-rate", "rate": 7, "timeUnit": "1m", "duration": "5m", "preAllocatedVUs": 1}}}`,
		"ramping rate":       `{"scenarios": {"s": {"executor": "ramping-arrival-rate", "startRate": 3, "preAllocatedVUs": 10, "maxVUs": 13, "stages": [{"duration": "10s", "target": 17}, {"duration": "3s", "target": 17}, {"duration": "7s", "target": 0}]}}}`,
	}
	for name, options := range executors {
		whole, err := Parse([]byte(options))
		if err != nil {
			t.Fatalf("%s: Parse: %v", name, err)
		}
		want := scenarioWork(whole.Scenarios[0])
		for _, sequence := range testSequences {
			bounds := strings.Split(sequence, ",")
			var sum work
			sum.ramp = make([]int64, len(want.ramp))
			for i := 1; i < len(bounds); i++ {
				opts := segmentOptions(t, options, bounds[i-1]+":"+bounds[i], sequence)
				got := scenarioWork(opts.Scenarios[0])
				sum.vus += got.vus
				sum.maxVUs += got.maxVUs
				sum.iterations += got.iterations
				for j, v := range got.ramp {
					sum.ramp[j] += v
				}
			}
			if sum.iterations != want.iterations {
				t.Errorf("%s over %s: %d iterations, want %d", name, sequence, sum.iterations, want.iterations)
			}
			if !slices.Equal(sum.ramp, want.ramp) {
				t.Errorf("%s over %s: ramp targets %v, want %v", name, sequence, sum.ramp, want.ramp)
			}
			// Only a segment left without VUs for its share of the work
			// gets one more, so VUs add up whenever every share has some.
			if sum.vus < want.vus || sum.maxVUs < want.maxVUs {
				t.Errorf("%s over %s: %d VUs (max %d), want at least %d (max %d)", name, sequence, sum.vus, sum.maxVUs, want.vus, want.maxVUs)
			}
		}
	}
}

func TestSegmentsOddNumbers(t *testing.T) {
	// 10 VUs over 3 segments, 7 iterations over 4, rate 10/s over 3.
	third := "0,1/3,2/3,1"
	var vus []int
	for _, seg := range []string{"0:1/3", "1/3:2/3", "2/3:1"} {
		vus = append(vus, segmentOptions(t, `{"vus": 10, "duration": "1m"}`, seg, third).Scenarios[0].VUs)
	}
	if !slices.Equal(vus, []int{4, 3, 3}) {
		t.Errorf("10 VUs over thirds: %v, want [4 3 3]", vus)
	}
	var iters []int64
	for _, seg := range []string{"0:1/4", "1/4:1/2", "1/2:3/4", "3/4:1"} {
		iters = append(iters, segmentOptions(t, `{"vus": 4, "iterations": 7}`, seg, "0,1/4,1/2,3/4,1").Scenarios[0].Iterations)
	}
	if !slices.Equal(iters, []int64{2, 2, 2, 1}) {
		t.Errorf("7 iterations over quarters: %v, want [2 2 2 1]", iters)
	}
	var rate []int64
	for _, seg := range []string{"0:1/3", "1/3:2/3", "2/3:1"} {
		s := segmentOptions(t, `{"scenarios": {"r": {"executor": "constant-arrival-rate", "rate": 10, "duration": "1s", "preAllocatedVUs": 1}}}`, seg, third).Scenarios[0]
		rate = append(rate, scheduledIterations(s))
	}
	if !slices.Equal(rate, []int64{4, 3, 3}) {
		t.Errorf("10/s for 1s over thirds: %v iterations, want [4 3 3]", rate)
	}
}

func TestSegmentedSharedIterationsRunTheWholeTestOnce(t *testing.T) {
	sequence := "0,1/4,1/2,3/4,1"
	var inTest []int64
	for _, seg := range []string{"0:1/4", "1/4:1/2", "1/2:3/4", "3/4:1"} {
		opts := segmentOptions(t, `{"vus": 1, "iterations": 7}`, seg, sequence)
		env := newFakeEnv(opts.InitialVUs(), 0)
		if err := Run(context.Background(), opts, env, env); err != nil {
			t.Fatalf("%s: Run: %v", seg, err)
		}
		recs := env.snapshot()
		if int64(len(recs)) != opts.Scenarios[0].Iterations {
			t.Errorf("%s ran %d iterations, want its share %d", seg, len(recs), opts.Scenarios[0].Iterations)
		}
		var local []int64
		for _, r := range recs {
			inTest = append(inTest, r.it.InTest)
			local = append(local, r.it.InScenario)
		}
		slices.Sort(local)
		for i, n := range local {
			if n != int64(i) {
				t.Errorf("%s: iterationInInstance numbers %v, want 0..%d", seg, local, len(local)-1)
				break
			}
		}
	}
	slices.Sort(inTest)
	if !slices.Equal(inTest, []int64{0, 1, 2, 3, 4, 5, 6}) {
		t.Errorf("iterationInTest over the segments %v, want 0..6 once each", inTest)
	}
}

func TestSegmentedArrivalRateStartsItsShareOfTheSchedule(t *testing.T) {
	// 20 iterations in 200ms, split in thirds: every iteration of the
	// whole schedule is started (or dropped) in exactly one segment.
	sequence := "0,1/3,2/3,1"
	var started []int64
	var dropped int64
	for _, seg := range []string{"0:1/3", "1/3:2/3", "2/3:1"} {
		opts := segmentOptions(t, `{"scenarios": {"r": {"executor": "constant-arrival-rate", "rate": 100, "duration": "200ms", "preAllocatedVUs": 2, "maxVUs": 20, "gracefulStop": "1s"}}}`, seg, sequence)
		env := newFakeEnv(opts.InitialVUs(), 0)
		if err := Run(context.Background(), opts, env, env); err != nil {
			t.Fatalf("%s: Run: %v", seg, err)
		}
		for _, r := range env.snapshot() {
			started = append(started, r.it.InTest)
		}
		dropped += env.dropped["r"]
	}
	if int64(len(started))+dropped != 20 {
		t.Fatalf("the segments started %d and dropped %d iterations, want 20 in all", len(started), dropped)
	}
	slices.Sort(started)
	if len(slices.Compact(slices.Clone(started))) != len(started) || started[len(started)-1] >= 20 {
		t.Errorf("iterationInTest numbers %v, want each of 0..19 at most once", started)
	}
}

func TestSegmentDescriptionShowsItsShare(t *testing.T) {
	s := segmentOptions(t, `{"scenarios": {"r": {"executor": "constant-arrival-rate", "rate": 10, "duration": "1m", "preAllocatedVUs": 6, "maxVUs": 9}}}`, "0:1/3", "").Scenarios[0]
	if got, want := s.Description(), "3.33 iterations/s for 1m (maxVUs: 2-3, gracefulStop: 30s)"; got != want {
		t.Errorf("Description = %q, want %q", got, want)
	}
	if got := s.Segment.Share(); got != 1.0/3 {
		t.Errorf("Share = %v, want 1/3", got)
	}
}

func TestSegmentedRampingVUsRunTheirShareOfVUs(t *testing.T) {
	options := `{"scenarios": {"r": {"executor": "ramping-vus", "startVUs": 5, "gracefulRampDown": "0s", "stages": [{"duration": "100ms", "target": 5}]}}}`
	var used []int
	for _, seg := range []string{"0:1/2", "1/2:1"} {
		opts := segmentOptions(t, options, seg, "")
		env := newFakeEnv(opts.InitialVUs(), time.Millisecond)
		if err := Run(context.Background(), opts, env, env); err != nil {
			t.Fatalf("%s: Run: %v", seg, err)
		}
		vus := map[int]bool{}
		for _, r := range env.snapshot() {
			vus[r.vu] = true
		}
		used = append(used, len(vus))
	}
	if !slices.Equal(used, []int{3, 2}) {
		t.Errorf("VUs iterating in the halves of 5: %v, want [3 2]", used)
	}
}

func TestSegmentIndexPicksASegmentOfTheSequence(t *testing.T) {
	for index, want := range []string{"0:1/4", "1/4:1/2", "1/2:3/4", "3/4:1"} {
		opts, err := Parse([]byte(fmt.Sprintf(`{"executionSegmentSequence": "0,25%%,50%%,75%%,1", "executionSegmentIndex": %d}`, index)))
		if err != nil {
			t.Fatalf("index %d: %v", index, err)
		}
		if got := opts.Segment.String(); got != want {
			t.Errorf("index %d = %s, want %s", index, got, want)
		}
	}
	for options, wantErr := range map[string]string{
		`{"executionSegmentIndex": 0}`:                                                                     "needs executionSegmentSequence",
		`{"executionSegmentSequence": "0,1/2,1", "executionSegmentIndex": 2}`:                              "past the last segment",
		`{"executionSegmentSequence": "0,1/2,1", "executionSegmentIndex": -1}`:                             "non-negative integer",
		`{"executionSegmentSequence": "0,1/2,1", "executionSegmentIndex": 0, "executionSegment": "0:1/2"}`: "cannot be combined",
	} {
		if _, err := Parse([]byte(options)); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("Parse %s = %v, want an error with %q", options, err, wantErr)
		}
	}
}
