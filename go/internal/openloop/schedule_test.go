package openloop

import (
	"testing"
	"time"
)

// The timetable of a ramp: up to 1000 msgs/s over a second, a second at
// 1000, down to 0 over a second.
func TestScheduleIntegratesARamp(t *testing.T) {
	s := NewSchedule(0, []Stage{{1000, time.Second}, {1000, time.Second}, {0, time.Second}})
	if s.total != 2000 || s.length != 3*time.Second {
		t.Fatalf("%d messages over %v, want 2000 over 3s", s.total, s.length)
	}
	// In map order: earlier messages after later ones too.
	for i, want := range map[int64]time.Duration{
		0: 0, 125: 500 * time.Millisecond, 500: time.Second, 1000: 1500 * time.Millisecond,
		1500: 2 * time.Second, 1875: 2500 * time.Millisecond,
	} {
		if got := s.At(i); (got - want).Abs() > time.Microsecond {
			t.Errorf("message %d at %v, want %v", i, got, want)
		}
	}
	prev := time.Duration(-1)
	for i := range s.total {
		at := s.At(i)
		if at <= prev || at >= s.length {
			t.Fatalf("message %d at %v after %v: not increasing within the schedule", i, at, prev)
		}
		prev = at
	}
	if got := MessagesBefore(s.CountAt(1500 * time.Millisecond)); got != 1000 {
		t.Fatalf("%d messages before 1.5s, want 1000", got)
	}
}

func TestScheduleOfAConstantRate(t *testing.T) {
	s := NewSchedule(20000, []Stage{{20000, 2 * time.Second}})
	if s.total != 40000 {
		t.Fatalf("%d messages, want 40000", s.total)
	}
	if got := s.At(39999); got != 2*time.Second-50*time.Microsecond {
		t.Fatalf("the last message at %v", got)
	}
}
