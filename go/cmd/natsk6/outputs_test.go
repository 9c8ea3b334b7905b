package main

import (
	"reflect"
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/outputs"
	"github.com/pondigo/natsk6/go/internal/runner"
)

func TestK6OutListsOutputsUnlessOutIsGiven(t *testing.T) {
	env := []string{"K6_OUT=csv=a.csv,json=b.json"}
	r := executeArgs(t, env, "run", "s.js")
	if want := []outputs.Spec{{Name: "csv", Arg: "a.csv"}, {Name: "json", Arg: "b.json"}}; !r.ran || !reflect.DeepEqual(r.cfg.Out.Specs, want) {
		t.Fatalf("ran=%v outputs %+v, want %+v\n%s", r.ran, r.cfg.Out.Specs, want, r.stderr)
	}
	r = executeArgs(t, env, "run", "-o", "json=c.json", "--out", "csv=d.csv.gz", "s.js")
	if want := []outputs.Spec{{Name: "json", Arg: "c.json"}, {Name: "csv", Arg: "d.csv.gz"}}; !reflect.DeepEqual(r.cfg.Out.Specs, want) {
		t.Fatalf("outputs %+v, want the flags' %+v", r.cfg.Out.Specs, want)
	}
	r = executeArgs(t, []string{"K6_OUT=kafka=x"}, "run", "s.js")
	if r.ran || r.code != runner.ExitInvalidConfig || !strings.Contains(r.stderr, `K6_OUT: invalid output type "kafka", available types are: `+strings.Join(outputs.Names(), ", ")) {
		t.Fatalf("ran=%v code=%d stderr=%q, want 104 naming K6_OUT and the known outputs", r.ran, r.code, r.stderr)
	}
}
