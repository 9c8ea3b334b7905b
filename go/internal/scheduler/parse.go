package scheduler

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"time"
)

// DefaultScenarioName names the scenario derived from the shortcuts.
const DefaultScenarioName = "default"

// shortcuts are the top-level options that describe the default scenario.
type shortcuts struct {
	vus        *int64
	duration   *time.Duration
	iterations *int64
	stages     []Stage
}

// Parse validates the consolidated options (raw JSON; empty or `null`
// means no options: package config merges the config file, the script's
// `options`, K6_* variables and flags into it). Errors name the option
// path and the bad value.
func Parse(raw []byte) (*Options, error) {
	if isNull(raw) {
		raw = []byte("{}")
	}
	top, err := decodeObject("", raw)
	if err != nil {
		return nil, err
	}
	opts := &Options{}
	if opts.SetupTimeout, err = top.positiveDuration("setupTimeout", 60*time.Second); err != nil {
		return nil, err
	}
	if opts.TeardownTimeout, err = top.positiveDuration("teardownTimeout", 60*time.Second); err != nil {
		return nil, err
	}
	if opts.SummaryTrendStats, err = top.strings("summaryTrendStats"); err != nil {
		return nil, err
	}
	if opts.Thresholds, err = thresholds(top); err != nil {
		return nil, err
	}
	if err := readRunControls(opts, top); err != nil {
		return nil, err
	}

	sc, err := readShortcuts(top)
	if err != nil {
		return nil, err
	}
	if top.has("scenarios") {
		if used := sc.used(); used != "" {
			return nil, fmt.Errorf("%s: cannot be combined with scenarios", used)
		}
		opts.Scenarios, err = readScenarios(top)
	} else {
		var s *Scenario
		s, err = sc.scenario()
		opts.Scenarios = []*Scenario{s}
	}
	if err != nil {
		return nil, err
	}
	if opts.Segment, err = readSegment(top); err != nil {
		return nil, err
	}
	for _, s := range opts.Scenarios {
		s.Tags = mergeTags(opts.Tags, s.Tags)
		s.applySegment(opts.Segment)
	}
	return opts, nil
}

// readRunControls reads tags, minIterationDuration, noSetup, noTeardown,
// throw, linger, paused and systemTags.
func readRunControls(opts *Options, top *object) error {
	var err error
	if opts.Tags, err = top.stringMap("tags"); err != nil {
		return err
	}
	if opts.MinIterationDuration, err = top.duration("minIterationDuration", 0); err != nil {
		return err
	}
	for key, dest := range map[string]*bool{
		"noSetup": &opts.NoSetup, "noTeardown": &opts.NoTeardown, "throw": &opts.Throw, "linger": &opts.Linger,
		"paused": &opts.Paused,
	} {
		if *dest, err = top.boolean(key); err != nil {
			return err
		}
	}
	if top.has("systemTags") {
		if opts.SystemTags, err = top.strings("systemTags"); err != nil {
			return err
		}
		if opts.SystemTags == nil {
			opts.SystemTags = []string{}
		}
	}
	return nil
}

// mergeTags is base overlaid by over (nil when both are empty).
func mergeTags(base, over map[string]string) map[string]string {
	if len(base) == 0 && len(over) == 0 {
		return nil
	}
	m := make(map[string]string, len(base)+len(over))
	maps.Copy(m, base)
	maps.Copy(m, over)
	return m
}

func thresholds(top *object) (map[string]json.RawMessage, error) {
	if !top.has("thresholds") {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(top.vals["thresholds"], &m); err != nil {
		return nil, fmt.Errorf("thresholds: must be an object, got %s", top.vals["thresholds"])
	}
	return m, nil
}

func readShortcuts(top *object) (shortcuts, error) {
	var sc shortcuts
	if top.has("vus") {
		n, err := top.integer("vus", 1, 1)
		if err != nil {
			return sc, err
		}
		sc.vus = &n
	}
	if top.has("duration") {
		d, err := top.positiveDuration("duration", 0)
		if err != nil {
			return sc, err
		}
		sc.duration = &d
	}
	if top.has("iterations") {
		n, err := top.integer("iterations", 1, 1)
		if err != nil {
			return sc, err
		}
		sc.iterations = &n
	}
	stages, err := top.stages("stages")
	if err != nil {
		return sc, err
	}
	sc.stages = stages
	return sc, nil
}

// used names a shortcut that defines the execution, or "" (vus alone
// only sizes the shortcut scenario and is ignored next to scenarios).
func (sc *shortcuts) used() string {
	switch {
	case sc.iterations != nil:
		return "iterations"
	case sc.duration != nil:
		return "duration"
	case len(sc.stages) > 0:
		return "stages"
	}
	return ""
}

// scenario derives the default scenario: iterations → shared-iterations
// (duration, if any, as maxDuration); duration → constant-vus; stages →
// ramping-vus starting at vus; nothing → one VU running one iteration.
func (sc *shortcuts) scenario() (*Scenario, error) {
	vus := int64(1)
	if sc.vus != nil {
		vus = *sc.vus
	}
	s := &Scenario{Name: DefaultScenarioName, Exec: "default", GracefulStop: defaultGracefulStop}
	switch {
	case sc.iterations != nil && len(sc.stages) > 0:
		return nil, fmt.Errorf("stages: cannot be combined with iterations")
	case sc.duration != nil && len(sc.stages) > 0:
		return nil, fmt.Errorf("stages: cannot be combined with duration")
	case sc.iterations != nil:
		s.Executor, s.VUs, s.Iterations, s.MaxDuration = SharedIterations, int(vus), *sc.iterations, defaultMaxDuration
		if sc.duration != nil {
			s.MaxDuration = *sc.duration
		}
		if s.Iterations < int64(s.VUs) {
			return nil, fmt.Errorf("iterations: %d is less than vus (%d)", s.Iterations, s.VUs)
		}
	case sc.duration != nil:
		s.Executor, s.VUs, s.Duration = ConstantVUs, int(vus), *sc.duration
	case len(sc.stages) > 0:
		s.Executor, s.StartVUs, s.Stages, s.GracefulRampDown = RampingVUs, int(vus), sc.stages, defaultGracefulStop
		if err := checkRampingVUs(s, "stages"); err != nil {
			return nil, err
		}
	default:
		s.Executor, s.VUs, s.Iterations, s.MaxDuration = PerVUIterations, 1, 1, defaultMaxDuration
	}
	return s, nil
}

var scenarioName = regexp.MustCompile(`^[0-9A-Za-z_-]+$`)

// readScenarios reads `scenarios`, sorted by startTime (declaration order
// among equal start times).
func readScenarios(top *object) ([]*Scenario, error) {
	all, err := decodeObject("scenarios", top.vals["scenarios"])
	if err != nil {
		return nil, err
	}
	if len(all.keys) == 0 {
		return nil, fmt.Errorf("scenarios: must name at least one scenario")
	}
	list := make([]*Scenario, 0, len(all.keys))
	for _, name := range all.keys {
		if !scenarioName.MatchString(name) {
			return nil, fmt.Errorf("scenarios.%s: invalid name (letters, digits, _ and - only)", name)
		}
		obj, err := decodeObject(all.name(name), all.vals[name])
		if err != nil {
			return nil, err
		}
		s, err := readScenario(name, obj)
		if err != nil {
			return nil, err
		}
		list = append(list, s)
	}
	slices.SortStableFunc(list, func(a, b *Scenario) int { return cmp.Compare(a.StartTime, b.StartTime) })
	return list, nil
}
