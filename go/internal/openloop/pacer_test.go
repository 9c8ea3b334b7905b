package openloop

import (
	"testing"
	"time"
)

func TestPacerSendsALateMessageAtOnce(t *testing.T) {
	p := NewPacer()
	defer p.Stop()
	due := time.Now().Add(-time.Second)
	now, ok := p.Until(due, make(chan struct{}))
	if !ok || now.Before(due.Add(time.Second)) {
		t.Fatalf("woke at %v (ok %v) for a message due a second ago", now, ok)
	}
}

func TestPacerWaitsForTheDueTime(t *testing.T) {
	p := NewPacer()
	defer p.Stop()
	due := time.Now().Add(20 * time.Millisecond)
	if now, ok := p.Until(due, make(chan struct{})); !ok || now.Before(due) {
		t.Fatalf("woke at %v (ok %v), before the due time %v", now, ok, due)
	}
}

func TestPacerStopsWhenDone(t *testing.T) {
	p := NewPacer()
	defer p.Stop()
	done := make(chan struct{})
	close(done)
	for _, due := range []time.Time{time.Now().Add(-time.Second), time.Now().Add(time.Hour)} {
		if _, ok := p.Until(due, done); ok {
			t.Fatalf("due %v: went on after done was closed", due)
		}
	}
}
