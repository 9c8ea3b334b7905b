package merge_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/merge"
)

func TestWaitForFilesReturnsOnceEveryFileExists(t *testing.T) {
	dir := t.TempDir()
	paths := []string{filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")}
	if err := os.WriteFile(paths[0], nil, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- merge.WaitForFiles(context.Background(), paths, time.Minute) }()
	// b.json appears while the merge waits: the wait ends without error.
	if err := os.WriteFile(paths[1], nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestWaitForFilesNamesTheMissingOnes(t *testing.T) {
	dir := t.TempDir()
	present, absent := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	if err := os.WriteFile(present, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	err := merge.WaitForFiles(context.Background(), []string{present, absent}, time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "no result file yet at "+absent) || strings.Contains(err.Error(), present) {
		t.Fatalf("error %v, want one naming only %s", err, absent)
	}
}
