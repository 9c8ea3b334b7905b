package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

var (
	builtOnce sync.Once
	builtBin  string
	builtErr  string
)

// buildNatsk6 builds the real binary once per test run, as a user runs
// it, for the tests that need a process of its own (signals, terminals).
func buildNatsk6(t *testing.T) string {
	t.Helper()
	builtOnce.Do(func() {
		dir, err := os.MkdirTemp("", "natsk6-bin-")
		if err != nil {
			builtErr = err.Error()
			return
		}
		bin := filepath.Join(dir, "natsk6")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			builtErr = "go build: " + err.Error() + "\n" + string(out)
			return
		}
		builtBin = bin
	})
	if builtErr != "" {
		t.Fatal(builtErr)
	}
	return builtBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}
