package runner

import (
	"strings"
	"testing"
)

// -q hides progress only, as in k6: the summary still prints; only
// --summary-mode=disabled (--no-summary) hides it.
func TestSummaryPrintsUnlessDisabled(t *testing.T) {
	script := map[string]string{"script.js": `export const options = { iterations: 1 };
export default function () {}`}
	for _, cfg := range []Config{{NoEmbedded: true}, {NoEmbedded: true, Quiet: true}} {
		r := runFiles(t, script, cfg)
		r.wantCode(t, ExitOK)
		if !strings.Contains(r.stdout, "█ TOTAL RESULTS") || !strings.Contains(r.stdout, "iterations....") {
			t.Fatalf("quiet=%v: no compact summary on stdout:\n%s", cfg.Quiet, r.stdout)
		}
	}
	disabled := runFiles(t, script, Config{NoEmbedded: true, SummaryMode: "disabled"})
	disabled.wantCode(t, ExitOK)
	if disabled.stdout != "" {
		t.Fatalf("disabled summary printed:\n%s", disabled.stdout)
	}
}

func TestSummaryModes(t *testing.T) {
	script := map[string]string{"script.js": `import { check, group } from 'k6';
export const options = { iterations: 2 };
export default function () {
  group('outer', () => { check(1, { 'one is one': (v) => v === 1 }); });
}`}
	full := runFiles(t, script, Config{NoEmbedded: true, SummaryMode: "full"})
	full.wantCode(t, ExitOK)
	for _, want := range []string{"█ TOTAL RESULTS", "█ GROUP: outer", "█ SCENARIO: default", "    ✓ one is one\n", "checks_succeeded...: 100.00% 2 out of 2"} {
		if !strings.Contains(full.stdout, want) {
			t.Errorf("full summary lacks %q:\n%s", want, full.stdout)
		}
	}
	legacy := runFiles(t, script, Config{NoEmbedded: true, SummaryMode: "legacy"})
	legacy.wantCode(t, ExitOK)
	if strings.Contains(legacy.stdout, "█ TOTAL RESULTS") || !strings.Contains(legacy.stdout, "     █ outer\n") {
		t.Errorf("legacy summary is not the pre-1.0 layout:\n%s", legacy.stdout)
	}
}

// A threshold on a metric that never received a sample is evaluated on
// zero values, as in k6: "count>0" fails the run, and the final error
// names the metric and the expression.
func TestThresholdOnEmptyMetricFails(t *testing.T) {
	r := run(t, `import { Counter } from 'k6/metrics';
const errors = new Counter('never_counted');
export const options = {
  iterations: 1,
  thresholds: { never_counted: ['count>0'], 'checks{check:never}': ['rate>0'], iterations: ['count==1'] },
};
export default function () {}`)
	r.wantCode(t, ExitThresholdsFailed)
	want := "thresholds on metrics 'checks{check:never}, never_counted' have been crossed: checks{check:never} 'rate>0' rate=0.00%, never_counted 'count>0' count=0"
	if !strings.Contains(r.stderr, want) {
		t.Fatalf("stderr lacks %q:\n%s", want, r.stderr)
	}
	if !strings.Contains(r.stdout, "    ✗ 'count>0' count=0\n") || !strings.Contains(r.stdout, "    ✓ 'count==1' count=1\n") {
		t.Fatalf("THRESHOLDS section lacks the marks and values:\n%s", r.stdout)
	}
}

func TestSummaryOptionsAreValidated(t *testing.T) {
	cases := map[string]string{
		`summaryTrendStats: ['p99', 'avg', 'bogus']`: `summaryTrendStats: "p99", "bogus" are not among`,
		`summaryTrendStats: ['p(101)']`:              `"p(101)" is not one of`,
		`summaryTimeUnit: 'm'`:                       `summaryTimeUnit: "m" is not one of "s", "ms" or "us"`,
		`summaryTimeUnit: 5`:                         `summaryTimeUnit: 5 is not one of`,
	}
	for opt, want := range cases {
		r := run(t, `export const options = { iterations: 1, `+opt+` };
export default function () {}`)
		r.wantCode(t, ExitInvalidConfig)
		if !strings.Contains(r.logs, want) {
			t.Errorf("%s: stderr lacks %q:\n%s", opt, want, r.stderr)
		}
	}
}

// summaryTimeUnit prints every time value in one unit, thresholds too.
func TestSummaryTimeUnit(t *testing.T) {
	r := run(t, `import { Trend } from 'k6/metrics';
const lat = new Trend('lat', true);
export const options = { iterations: 1, summaryTimeUnit: 's', summaryTrendStats: ['avg', 'max', 'p(99)'],
  thresholds: { lat: ['max<5000'] } };
export default function () { lat.add(1500); lat.add(250); }`)
	r.wantCode(t, ExitOK)
	for _, want := range []string{"lat...", ": avg=0.88s max=1.5s p(99)=1.49s\n", "✓ 'max<5000' max=1.5s\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
}
