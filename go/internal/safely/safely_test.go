package safely

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

func TestPanicsBecomeErrors(t *testing.T) {
	var nilMap map[string]int
	err := Do(func() error { nilMap["x"] = 1; return nil })
	var p *Panic
	if !errors.As(err, &p) || !strings.Contains(err.Error(), "assignment to entry in nil map") {
		t.Fatalf("Do returned %v, want a *Panic naming the runtime error", err)
	}
	var re runtime.Error
	if !errors.As(err, &re) {
		t.Errorf("the runtime error does not unwrap from %v", err)
	}
	n, err := Call(func() (int, error) { panic("boom") })
	if n != 0 || err == nil || !strings.Contains(err.Error(), "internal error (a natsk6 bug: please report it): panic: boom") {
		t.Fatalf("Call returned %d, %v", n, err)
	}
}

func TestResultsPassThrough(t *testing.T) {
	want := errors.New("plain")
	if err := Do(func() error { return want }); err != want {
		t.Fatalf("Do returned %v, want %v", err, want)
	}
	if n, err := Call(func() (int, error) { return 7, nil }); n != 7 || err != nil {
		t.Fatalf("Call returned %d, %v", n, err)
	}
}

// A *Panic passed on by a second panic (to report it elsewhere) stays
// the one error, not a panic about a panic.
func TestPassedOnPanicStaysOne(t *testing.T) {
	first := Do(func() error { panic("boom") })
	err := Do(func() error { panic(first) })
	if err != first {
		t.Fatalf("got %v, want the first *Panic itself", err)
	}
}
