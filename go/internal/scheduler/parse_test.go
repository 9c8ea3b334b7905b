package scheduler

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseShortcuts(t *testing.T) {
	tests := []struct {
		name    string
		options string
		want    Scenario
	}{
		{"no options", ``,
			Scenario{Executor: PerVUIterations, VUs: 1, Iterations: 1, MaxDuration: 10 * time.Minute}},
		{"null", `null`,
			Scenario{Executor: PerVUIterations, VUs: 1, Iterations: 1, MaxDuration: 10 * time.Minute}},
		{"iterations only", `{"iterations": 5}`,
			Scenario{Executor: SharedIterations, VUs: 1, Iterations: 5, MaxDuration: 10 * time.Minute}},
		{"vus and iterations", `{"vus": 3, "iterations": 9}`,
			Scenario{Executor: SharedIterations, VUs: 3, Iterations: 9, MaxDuration: 10 * time.Minute}},
		{"vus and duration", `{"vus": 4, "duration": "1m30s"}`,
			Scenario{Executor: ConstantVUs, VUs: 4, Duration: 90 * time.Second}},
		{"duration in milliseconds", `{"duration": 1500}`,
			Scenario{Executor: ConstantVUs, VUs: 1, Duration: 1500 * time.Millisecond}},
		{"iterations and duration", `{"iterations": 10, "duration": "2s"}`,
			Scenario{Executor: SharedIterations, VUs: 1, Iterations: 10, MaxDuration: 2 * time.Second}},
		{"stages", `{"vus": 2, "stages": [{"duration": "10s", "target": 5}, {"duration": "1d", "target": 0}]}`,
			Scenario{Executor: RampingVUs, StartVUs: 2, GracefulRampDown: 30 * time.Second,
				Stages: []Stage{{10 * time.Second, 5}, {24 * time.Hour, 0}}}},
		{"k6-only keys ignored, test-wide tags on the scenario", `{"summaryTimeUnit": "ms", "noConnectionReuse": true, "tags": {"a": "b"}, "insecureSkipTLSVerify": true, "iterations": 2}`,
			Scenario{Executor: SharedIterations, VUs: 1, Iterations: 2, MaxDuration: 10 * time.Minute, Tags: map[string]string{"a": "b"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := Parse([]byte(tc.options))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(opts.Scenarios) != 1 {
				t.Fatalf("got %d scenarios, want 1", len(opts.Scenarios))
			}
			want := tc.want
			want.Name, want.Exec, want.GracefulStop = "default", "default", 30*time.Second
			if got := *opts.Scenarios[0]; !reflect.DeepEqual(got, want) {
				t.Errorf("scenario\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestParseScenarios(t *testing.T) {
	opts, err := Parse([]byte(`{
		"setupTimeout": "5s", "teardownTimeout": 2000,
		"summaryTrendStats": ["avg", "p(99)"],
		"thresholds": {"iterations": ["count>1"]},
		"vus": 7,
		"scenarios": {
			"late": {"executor": "ramping-arrival-rate", "startTime": "1s", "startRate": 2, "timeUnit": "1m",
				"stages": [{"duration": "10s", "target": 20}], "preAllocatedVUs": 3, "maxVUs": 9},
			"early": {"executor": "constant-arrival-rate", "rate": 30, "duration": "5s", "preAllocatedVUs": 4,
				"exec": "publish", "env": {"A": "1"}, "tags": {"kind": "pub"}, "gracefulStop": "0s"},
			"pvu": {"executor": "per-vu-iterations", "vus": 2, "iterations": 3, "maxDuration": "20s"}
		}}`))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if opts.SetupTimeout != 5*time.Second || opts.TeardownTimeout != 2*time.Second {
		t.Errorf("timeouts %v %v", opts.SetupTimeout, opts.TeardownTimeout)
	}
	if !reflect.DeepEqual(opts.SummaryTrendStats, []string{"avg", "p(99)"}) || string(opts.Thresholds["iterations"]) != `["count>1"]` {
		t.Errorf("summaryTrendStats %v thresholds %v", opts.SummaryTrendStats, opts.Thresholds)
	}
	var names []string
	for _, s := range opts.Scenarios {
		names = append(names, s.Name)
	}
	if !reflect.DeepEqual(names, []string{"early", "pvu", "late"}) {
		t.Fatalf("order %v, want by startTime then declaration", names)
	}
	early := Scenario{Name: "early", Executor: ConstantArrivalRate, Exec: "publish", Env: map[string]string{"A": "1"},
		Tags: map[string]string{"kind": "pub"}, Rate: 30, Duration: 5 * time.Second, TimeUnit: time.Second,
		PreAllocatedVUs: 4, MaxVUs: 4}
	if !reflect.DeepEqual(*opts.Scenarios[0], early) {
		t.Errorf("early\n got %+v\nwant %+v", *opts.Scenarios[0], early)
	}
	late := Scenario{Name: "late", Executor: RampingArrivalRate, Exec: "default", StartTime: time.Second,
		GracefulStop: 30 * time.Second, StartRate: 2, TimeUnit: time.Minute,
		Stages: []Stage{{10 * time.Second, 20}}, PreAllocatedVUs: 3, MaxVUs: 9}
	if !reflect.DeepEqual(*opts.Scenarios[2], late) {
		t.Errorf("late\n got %+v\nwant %+v", *opts.Scenarios[2], late)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ options, want string }{
		{`{"scenarios": {"load": {"executor": "constant-foo"}}}`, `scenarios.load.executor: unknown executor "constant-foo"`},
		{`{"duration": "10x"}`, `duration: invalid duration "10x"`},
		{`{"duration": "10"}`, `duration: invalid duration "10"`},
		{`{"duration": true}`, `duration: invalid duration true`},
		{`{"scenarios": {"s1": {"executor": "constant-vus", "vus": -2, "duration": "1s"}}}`, `scenarios.s1.vus: must be a positive integer, got -2`},
		{`{"vus": 1.5, "duration": "1s"}`, `vus: must be a positive integer, got 1.5`},
		{`{"iterations": "3"}`, `iterations: must be a positive integer, got "3"`},
		{`{"scenarios": {"s": {"executor": "constant-vus", "duration": "1s", "iterations": 3}}}`, `scenarios.s.iterations: unknown option for executor constant-vus`},
		{`{"scenarios": {"s": {"executor": "shared-iterations", "tpyo": 1}}}`, `scenarios.s.tpyo: unknown option for executor shared-iterations`},
		{`{"scenarios": {"s": {"vus": 1}}}`, `scenarios.s.executor: is required`},
		{`{"scenarios": {"s": {"executor": "constant-vus"}}}`, `scenarios.s.duration: is required`},
		{`{"scenarios": {"s": {"executor": "shared-iterations", "vus": 5, "iterations": 2}}}`, `scenarios.s.iterations: 2 is less than vus (5)`},
		{`{"scenarios": {"s": {"executor": "ramping-vus", "stages": []}}}`, `scenarios.s.stages: at least one stage is required`},
		{`{"scenarios": {"s": {"executor": "ramping-vus", "startVUs": 0, "stages": [{"duration": "1s", "target": 0}]}}}`, `scenarios.s.stages: startVUs or a stage target must be above 0`},
		{`{"scenarios": {"s": {"executor": "ramping-vus", "stages": [{"duration": "1s", "target": -1}]}}}`, `scenarios.s.stages[0].target: must be a non-negative integer, got -1`},
		{`{"scenarios": {"s": {"executor": "ramping-vus", "stages": [{"duration": "1q", "target": 1}]}}}`, `scenarios.s.stages[0].duration: invalid duration "1q"`},
		{`{"scenarios": {"s": {"executor": "ramping-vus", "stages": [{"target": 1}]}}}`, `scenarios.s.stages[0].duration: is required`},
		{`{"scenarios": {"s": {"executor": "constant-arrival-rate", "rate": 5, "duration": "1s"}}}`, `scenarios.s.preAllocatedVUs: is required`},
		{`{"scenarios": {"s": {"executor": "constant-arrival-rate", "duration": "1s", "preAllocatedVUs": 1}}}`, `scenarios.s.rate: is required`},
		{`{"scenarios": {"s": {"executor": "constant-arrival-rate", "rate": 0, "duration": "1s", "preAllocatedVUs": 1}}}`, `scenarios.s.rate: must be a positive integer, got 0`},
		{`{"scenarios": {"s": {"executor": "constant-arrival-rate", "rate": 5, "duration": "1s", "preAllocatedVUs": 4, "maxVUs": 2}}}`, `scenarios.s.maxVUs: 2 is less than preAllocatedVUs (4)`},
		{`{"scenarios": {"s": {"executor": "ramping-arrival-rate", "stages": [{"duration": "1s", "target": 1}], "preAllocatedVUs": 1, "timeUnit": "0s"}}}`, `scenarios.s.timeUnit: must be a positive duration, got "0s"`},
		{`{"scenarios": {"s": {"executor": "per-vu-iterations", "env": {"A": 1}}}}`, `scenarios.s.env: must be an object of strings, got {"A": 1}`},
		{`{"scenarios": {"s": {"executor": "per-vu-iterations", "startTime": "-1s"}}}`, `scenarios.s.startTime: invalid duration "-1s"`},
		{`{"scenarios": {"bad name": {"executor": "per-vu-iterations"}}}`, `scenarios.bad name: invalid name`},
		{`{"scenarios": {}}`, `scenarios: must name at least one scenario`},
		{`{"scenarios": []}`, `scenarios: must be an object, got []`},
		{`{"duration": "1s", "scenarios": {"s": {"executor": "per-vu-iterations"}}}`, `duration: cannot be combined with scenarios`},
		{`{"iterations": 2, "stages": [{"duration": "1s", "target": 1}]}`, `stages: cannot be combined with iterations`},
		{`{"setupTimeout": "soon"}`, `setupTimeout: invalid duration "soon"`},
		{`[1]`, `options: must be an object, got [1]`},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.options))
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Parse(%s)\n got error %v\nwant prefix %s", tc.options, err, tc.want)
		}
	}
}

func TestParseShortcutValueErrors(t *testing.T) {
	for options, want := range map[string]string{
		`{"vus": 0}`:         "vus: ",
		`{"iterations": -1}`: "iterations: ",
	} {
		if _, err := Parse([]byte(options)); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("Parse(%s): %v, want an error starting %q", options, err, want)
		}
	}
}

func TestVUCounts(t *testing.T) {
	tests := []struct {
		name             string
		options          string
		initial, maximum int
	}{
		{"shortcut", `{"vus": 4, "duration": "1s"}`, 4, 4},
		{"stages peak", `{"vus": 2, "stages": [{"duration": "1s", "target": 9}, {"duration": "1s", "target": 3}]}`, 9, 9},
		{"arrival rate", `{"scenarios": {"a": {"executor": "constant-arrival-rate", "rate": 1, "duration": "1s", "preAllocatedVUs": 2, "maxVUs": 10}}}`, 2, 10},
		{"overlapping scenarios add up", `{"scenarios": {
			"a": {"executor": "constant-vus", "vus": 3, "duration": "10s"},
			"b": {"executor": "constant-vus", "vus": 5, "duration": "10s", "startTime": "5s"}}}`, 8, 8},
		{"sequential scenarios do not", `{"scenarios": {
			"a": {"executor": "constant-vus", "vus": 3, "duration": "10s", "gracefulStop": "1s"},
			"b": {"executor": "constant-vus", "vus": 5, "duration": "10s", "startTime": "11s"},
			"c": {"executor": "constant-arrival-rate", "rate": 1, "duration": "1s", "preAllocatedVUs": 1, "maxVUs": 4, "startTime": "2s", "gracefulStop": 0}}}`, 5, 7},
	}
	for _, tc := range tests {
		opts, err := Parse([]byte(tc.options))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := opts.InitialVUs(); got != tc.initial {
			t.Errorf("%s: InitialVUs = %d, want %d", tc.name, got, tc.initial)
		}
		if got := opts.MaxVUs(); got != tc.maximum {
			t.Errorf("%s: MaxVUs = %d, want %d", tc.name, got, tc.maximum)
		}
	}
}
