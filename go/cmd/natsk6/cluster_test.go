package main

import (
	"strings"
	"testing"

	"github.com/pondigo/natsk6/go/internal/runner"
)

// --embedded-cluster N reaches the runner; a negative N is 104 naming the flag.
func TestEmbeddedClusterFlag(t *testing.T) {
	r := executeArgs(t, nil, "run", "--embedded-cluster", "3", "s.js")
	if !r.ran || r.cfg.EmbeddedCluster != 3 {
		t.Fatalf("ran=%v EmbeddedCluster=%d stderr=%s", r.ran, r.cfg.EmbeddedCluster, r.stderr)
	}
	if r := executeArgs(t, nil, "run", "s.js"); r.cfg.EmbeddedCluster != 0 {
		t.Fatalf("EmbeddedCluster=%d without the flag", r.cfg.EmbeddedCluster)
	}
	bad := executeArgs(t, nil, "run", "--embedded-cluster", "-1", "s.js")
	if bad.ran || bad.code != runner.ExitInvalidConfig || !strings.Contains(bad.stderr, "embedded-cluster") {
		t.Fatalf("ran=%v code=%d stderr=%q, want 104 naming --embedded-cluster", bad.ran, bad.code, bad.stderr)
	}
}
