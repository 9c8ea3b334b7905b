package outputs

import (
	"fmt"
	"strings"

	"github.com/pondigo/natsk6/go/internal/dashboard"
)

// Spec is one requested output: --out NAME[=ARG].
type Spec struct {
	Name string
	Arg  string
}

// Plan is the outputs a run asked for and the environment their options
// are read from.
type Plan struct {
	Specs []Spec
	Env   map[string]string
	// ResultFile is --out result=FILE, the mergeable result file natsk6
	// merge combines; "" for none. The runner writes it from the
	// aggregated run, not from samples, so it has no constructor.
	ResultFile string
}

// resultOutput names the result file among the outputs.
const resultOutput = "result"

// known reports whether name is an output --out accepts.
func known(name string) bool {
	_, ok := constructors[name]
	return ok || name == resultOutput
}

// outEnv lists outputs, comma-separated, when no --out is given (k6's K6_OUT).
const outEnv = "K6_OUT"

// Parse reads the --out values, or K6_OUT of env when there are none (a
// flag overrides the variable, as in k6), and adds the web dashboard when
// K6_WEB_DASHBOARD is true. An unknown name is an error that lists the
// known ones.
func Parse(flags []string, env map[string]string) (Plan, error) {
	plan := Plan{Env: env}
	entries, source := flags, "--out"
	if len(flags) == 0 && env[outEnv] != "" {
		entries, source = splitOutEnv(env[outEnv]), outEnv
	}
	for _, e := range entries {
		name, arg, _ := strings.Cut(strings.TrimSpace(e), "=")
		switch {
		case !known(name):
			return plan, fmt.Errorf("%s: invalid output type %q, available types are: %s", source, name, knownNames())
		case name == resultOutput && arg == "":
			return plan, fmt.Errorf("%s: the result output needs a file: result=FILE", source)
		case name == resultOutput && plan.ResultFile != "":
			return plan, fmt.Errorf("%s: the result output is given twice", source)
		case name == resultOutput:
			plan.ResultFile = arg
			continue
		}
		plan.Specs = append(plan.Specs, Spec{Name: name, Arg: arg})
	}
	on, err := dashboard.Enabled(env)
	if err != nil {
		return plan, err
	}
	if on && !plan.has("web-dashboard") {
		plan.Specs = append(plan.Specs, Spec{Name: "web-dashboard"})
	}
	return plan, nil
}

// splitOutEnv splits K6_OUT at its commas, except where the text after a
// comma does not start with an output's name: that comma belongs to the
// previous output's argument (csv=file_name=a.csv,save_interval=2s).
func splitOutEnv(v string) []string {
	var entries []string
	for _, part := range strings.Split(v, ",") {
		name, _, _ := strings.Cut(strings.TrimSpace(part), "=")
		if !known(name) && len(entries) > 0 {
			entries[len(entries)-1] += "," + part
			continue
		}
		entries = append(entries, part)
	}
	return entries
}

func (p Plan) has(name string) bool {
	for _, s := range p.Specs {
		if s.Name == name {
			return true
		}
	}
	return false
}
