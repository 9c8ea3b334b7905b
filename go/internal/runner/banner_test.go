package runner

import (
	"strings"
	"testing"
)

func TestBannerDescribesTheRunUnlessQuiet(t *testing.T) {
	script := `export const options = { scenarios: {
  a: { executor: 'per-vu-iterations', vus: 2, iterations: 1 },
  b: { executor: 'constant-vus', vus: 1, duration: '100ms', startTime: '50ms' },
} };
export default function () {}`
	r := run(t, script)
	r.wantCode(t, ExitOK)
	for _, want := range []string{
		"script: script.js",
		"2 scenarios, 3 max VUs",
		"* a: 1 iterations for each of 2 VUs",
		"* b: 1 looping VUs for 100ms",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("banner lacks %q:\n%s", want, r.stderr)
		}
	}

	quiet := runFiles(t, map[string]string{"script.js": script}, Config{NoEmbedded: true, Quiet: true})
	quiet.wantCode(t, ExitOK)
	if strings.Contains(quiet.stderr, "scenarios:") {
		t.Errorf("-q printed the banner:\n%s", quiet.stderr)
	}
}

func TestRedactURLHidesCredentials(t *testing.T) {
	got := redactURL("nats://alice:s3cret@10.0.0.1:4222, nats://tok3n@h2:4222,nats://h3:4222")
	if strings.Contains(got, "s3cret") || strings.Contains(got, "tok3n") || strings.Contains(got, "alice") {
		t.Fatalf("credentials left in %q", got)
	}
	if !strings.Contains(got, "h3:4222") || !strings.Contains(got, "10.0.0.1:4222") {
		t.Fatalf("hosts lost in %q", got)
	}
}
