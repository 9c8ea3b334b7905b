package outputs

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseTakesRepeatedOutFlagsOverK6Out(t *testing.T) {
	plan, err := Parse([]string{"json=a.json", "json=b.json.gz"}, map[string]string{"K6_OUT": "web-dashboard"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Spec{{"json", "a.json"}, {"json", "b.json.gz"}}
	if !reflect.DeepEqual(plan.Specs, want) {
		t.Fatalf("specs %+v, want %+v (a flag overrides K6_OUT)", plan.Specs, want)
	}
}

func TestParseSplitsK6OutAtCommasBeforeOutputNames(t *testing.T) {
	plan, err := Parse(nil, map[string]string{"K6_OUT": "json=a.json, web-dashboard=port=-1&period=2s,json=x,y.json"})
	if err != nil {
		t.Fatal(err)
	}
	// "y.json" names no output, so its comma belongs to json's argument.
	want := []Spec{{"json", "a.json"}, {"web-dashboard", "port=-1&period=2s"}, {"json", "x,y.json"}}
	if !reflect.DeepEqual(plan.Specs, want) {
		t.Fatalf("specs %+v, want %+v", plan.Specs, want)
	}
}

func TestParseAddsTheDashboardOnceForK6WebDashboard(t *testing.T) {
	env := map[string]string{"K6_WEB_DASHBOARD": "true"}
	plan, err := Parse(nil, env)
	if err != nil || !reflect.DeepEqual(plan.Specs, []Spec{{Name: "web-dashboard"}}) {
		t.Fatalf("specs %+v, err %v, want the dashboard", plan.Specs, err)
	}
	plan, err = Parse([]string{"web-dashboard=port=-1"}, env)
	if err != nil || !reflect.DeepEqual(plan.Specs, []Spec{{"web-dashboard", "port=-1"}}) {
		t.Fatalf("specs %+v, err %v, want the flag's dashboard only", plan.Specs, err)
	}
	if _, err := Parse(nil, map[string]string{"K6_WEB_DASHBOARD": "yes please"}); err == nil || !strings.Contains(err.Error(), "K6_WEB_DASHBOARD") {
		t.Fatalf("err %v, want one naming K6_WEB_DASHBOARD", err)
	}
}

func TestParseRejectsUnknownOutputsListingTheKnownOnes(t *testing.T) {
	_, err := Parse([]string{"json=a", "influxdb=http://x"}, nil)
	if err == nil || !strings.Contains(err.Error(), `--out: invalid output type "influxdb", available types are: `) || !strings.Contains(err.Error(), knownNames()) {
		t.Fatalf("err %v, want an unknown-output error listing %s", err, knownNames())
	}
	_, err = Parse(nil, map[string]string{"K6_OUT": "statsd"})
	if err == nil || !strings.Contains(err.Error(), `K6_OUT: invalid output type "statsd"`) {
		t.Fatalf("err %v, want one naming K6_OUT", err)
	}
}

func TestNamesAreSortedAndIncludeEveryOutput(t *testing.T) {
	names := Names()
	for _, want := range []string{"csv", "experimental-prometheus-rw", "json", "opentelemetry", "result", "web-dashboard"} {
		if !strings.Contains(strings.Join(names, " "), want) {
			t.Errorf("Names() = %v, missing %s", names, want)
		}
	}
	for i := 1; i < len(names); i++ {
		if names[i-1] >= names[i] {
			t.Fatalf("Names() = %v, not sorted", names)
		}
	}
}

func TestPrometheusRemoteWriteIsRegistered(t *testing.T) {
	plan, err := Parse(nil, map[string]string{"K6_OUT": "experimental-prometheus-rw", "K6_PROMETHEUS_RW_SERVER_URL": "ftp://nowhere"})
	if err != nil {
		t.Fatal(err)
	}
	// The bad URL shows the registry reached package prometheusrw's options.
	if _, err := plan.Open(nil); err == nil || !strings.Contains(err.Error(), "--out experimental-prometheus-rw: K6_PROMETHEUS_RW_SERVER_URL") {
		t.Fatalf("err %v, want prometheusrw's option error under its output name", err)
	}
}

func TestParseTakesTheResultFileFromFlagsAndK6Out(t *testing.T) {
	plan, err := Parse(nil, map[string]string{"K6_OUT": "json=a.json,result=r.json"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Spec{{"json", "a.json"}}; !reflect.DeepEqual(plan.Specs, want) || plan.ResultFile != "r.json" {
		t.Fatalf("specs %+v, result %q; want %+v and r.json (result is its own entry, not json's argument)", plan.Specs, plan.ResultFile, want)
	}
	for _, flags := range [][]string{{"result="}, {"result=a", "result=b"}} {
		if _, err := Parse(flags, nil); err == nil || !strings.Contains(err.Error(), "result") {
			t.Errorf("Parse(%q) = %v, want an error about the result output", flags, err)
		}
	}
}
