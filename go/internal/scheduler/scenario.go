package scheduler

import (
	"fmt"
	"slices"
	"time"
)

// Executor names, as k6 spells them.
const (
	SharedIterations    = "shared-iterations"
	PerVUIterations     = "per-vu-iterations"
	ConstantVUs         = "constant-vus"
	RampingVUs          = "ramping-vus"
	ConstantArrivalRate = "constant-arrival-rate"
	RampingArrivalRate  = "ramping-arrival-rate"
)

const (
	defaultGracefulStop = 30 * time.Second
	defaultMaxDuration  = 10 * time.Minute
	defaultTimeUnit     = time.Second
)

var commonKeys = []string{"executor", "startTime", "gracefulStop", "exec", "env", "tags"}

// executorKeys lists the options each executor accepts besides commonKeys.
var executorKeys = map[string][]string{
	SharedIterations:    {"vus", "iterations", "maxDuration"},
	PerVUIterations:     {"vus", "iterations", "maxDuration"},
	ConstantVUs:         {"vus", "duration"},
	RampingVUs:          {"startVUs", "stages", "gracefulRampDown"},
	ConstantArrivalRate: {"rate", "timeUnit", "duration", "preAllocatedVUs", "maxVUs"},
	RampingArrivalRate:  {"startRate", "timeUnit", "stages", "preAllocatedVUs", "maxVUs"},
}

// readScenario validates one entry of `scenarios`.
func readScenario(name string, o *object) (*Scenario, error) {
	s := &Scenario{Name: name}
	if !o.has("executor") {
		return nil, fmt.Errorf("%s: is required", o.name("executor"))
	}
	var err error
	if s.Executor, err = o.str("executor", ""); err != nil {
		return nil, err
	}
	keys, ok := executorKeys[s.Executor]
	if !ok {
		return nil, fmt.Errorf("%s: unknown executor %q", o.name("executor"), s.Executor)
	}
	if err := o.onlyKeys(slices.Concat(keys, commonKeys), "executor "+s.Executor); err != nil {
		return nil, err
	}
	if err := readCommon(s, o); err != nil {
		return nil, err
	}
	switch s.Executor {
	case SharedIterations, PerVUIterations:
		err = readIterations(s, o)
	case ConstantVUs:
		err = readConstantVUs(s, o)
	case RampingVUs:
		err = readRampingVUs(s, o)
	default:
		err = readArrivalRate(s, o)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

func readCommon(s *Scenario, o *object) (err error) {
	if s.StartTime, err = o.duration("startTime", 0); err != nil {
		return err
	}
	if s.GracefulStop, err = o.duration("gracefulStop", defaultGracefulStop); err != nil {
		return err
	}
	if s.Exec, err = o.str("exec", "default"); err != nil {
		return err
	}
	if s.Env, err = o.stringMap("env"); err != nil {
		return err
	}
	s.Tags, err = o.stringMap("tags")
	return err
}

func readIterations(s *Scenario, o *object) error {
	vus, err := o.integer("vus", 1, 1)
	if err != nil {
		return err
	}
	if s.Iterations, err = o.integer("iterations", 1, 1); err != nil {
		return err
	}
	if s.MaxDuration, err = o.positiveDuration("maxDuration", defaultMaxDuration); err != nil {
		return err
	}
	s.VUs = int(vus)
	if s.Executor == SharedIterations && s.Iterations < vus {
		return fmt.Errorf("%s: %d is less than vus (%d); every VU needs an iteration", o.name("iterations"), s.Iterations, vus)
	}
	return nil
}

func readConstantVUs(s *Scenario, o *object) error {
	vus, err := o.integer("vus", 1, 1)
	if err != nil {
		return err
	}
	s.VUs = int(vus)
	if !o.has("duration") {
		return fmt.Errorf("%s: is required", o.name("duration"))
	}
	s.Duration, err = o.positiveDuration("duration", 0)
	return err
}

func readRampingVUs(s *Scenario, o *object) error {
	start, err := o.integer("startVUs", 1, 0)
	if err != nil {
		return err
	}
	s.StartVUs = int(start)
	if s.GracefulRampDown, err = o.duration("gracefulRampDown", defaultGracefulStop); err != nil {
		return err
	}
	if s.Stages, err = o.stages("stages"); err != nil {
		return err
	}
	return checkRampingVUs(s, o.name("stages"))
}

// checkRampingVUs requires stages and at least one VU at some point.
func checkRampingVUs(s *Scenario, stagesPath string) error {
	if len(s.Stages) == 0 {
		return fmt.Errorf("%s: at least one stage is required", stagesPath)
	}
	if s.maxStageVUs() == 0 {
		return fmt.Errorf("%s: startVUs or a stage target must be above 0", stagesPath)
	}
	return nil
}

func readArrivalRate(s *Scenario, o *object) error {
	var err error
	if s.TimeUnit, err = o.positiveDuration("timeUnit", defaultTimeUnit); err != nil {
		return err
	}
	if s.Executor == ConstantArrivalRate {
		for _, key := range []string{"rate", "duration"} {
			if !o.has(key) {
				return fmt.Errorf("%s: is required", o.name(key))
			}
		}
		if s.Rate, err = o.integer("rate", 0, 1); err != nil {
			return err
		}
		if s.Duration, err = o.positiveDuration("duration", 0); err != nil {
			return err
		}
	} else {
		if s.StartRate, err = o.integer("startRate", 0, 0); err != nil {
			return err
		}
		if s.Stages, err = o.stages("stages"); err != nil {
			return err
		}
		if len(s.Stages) == 0 {
			return fmt.Errorf("%s: at least one stage is required", o.name("stages"))
		}
	}
	if !o.has("preAllocatedVUs") {
		return fmt.Errorf("%s: is required", o.name("preAllocatedVUs"))
	}
	pre, err := o.integer("preAllocatedVUs", 0, 0)
	if err != nil {
		return err
	}
	maxVUs, err := o.integer("maxVUs", pre, 0)
	if err != nil {
		return err
	}
	if maxVUs < pre {
		return fmt.Errorf("%s: %d is less than preAllocatedVUs (%d)", o.name("maxVUs"), maxVUs, pre)
	}
	if maxVUs == 0 {
		return fmt.Errorf("%s: must be a positive integer, got 0 (and preAllocatedVUs is 0)", o.name("maxVUs"))
	}
	s.PreAllocatedVUs, s.MaxVUs = int(pre), int(maxVUs)
	return nil
}

// maxStageVUs is the most VUs a ramping-vus scenario asks for.
func (s *Scenario) maxStageVUs() int {
	top := int64(s.StartVUs)
	for _, st := range s.Stages {
		top = max(top, st.Target)
	}
	return int(top)
}
