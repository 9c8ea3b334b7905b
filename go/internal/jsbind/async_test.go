package jsbind

import (
	"context"
	"strings"
	"testing"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/eventloop"
)

// A panic in an async call's background work (a bug) rejects its
// Promise with an internal error instead of ending the process, and the
// VU's loop goes on.
func TestAsyncWorkPanicRejectsThePromise(t *testing.T) {
	rt := sobek.New()
	loop := eventloop.New()
	b := NewBinder(rt, loop, func(err error) { t.Fatal(err) })
	var nilMap map[string]int
	promise := b.Async(func() (any, error) { nilMap["x"] = 1; return nil, nil }, rt.ToValue)
	if err := loop.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	p := promise.Export().(*sobek.Promise)
	if p.State() != sobek.PromiseStateRejected {
		t.Fatalf("the Promise is %v, want rejected", p.State())
	}
	reason := p.Result().String()
	for _, want := range []string{"internal error (a natsk6 bug: please report it)", "assignment to entry in nil map"} {
		if !strings.Contains(reason, want) {
			t.Errorf("rejection %q does not say %q", reason, want)
		}
	}
	after := b.Async(func() (any, error) { return "fine", nil }, rt.ToValue)
	if err := loop.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := after.Export().(*sobek.Promise).Result().String(); got != "fine" {
		t.Fatalf("the next async call resolved with %q", got)
	}
}
