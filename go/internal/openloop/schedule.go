// Package openloop is the timetable of an open-loop publisher, shared by
// natsk6's publishRate and its OMB producers: message i is due when the
// integral of the offered rate reaches i, whatever happened to the
// messages before it, and a Pacer waits for each due time.
package openloop

import (
	"math"
	"time"
)

// Stage is one step of a ramp: the rate moves linearly
// from the previous stage's target (0 before the first) to Target over
// Duration, as k6's ramping-arrival-rate stages do for iterations.
type Stage struct {
	Target   float64 // msgs/s at the end of the stage
	Duration time.Duration
}

// segment is one stage of a schedule, with the messages before it.
type segment struct {
	start, length time.Duration
	from, to      float64 // msgs/s at the segment's start and end
	before        float64 // messages offered before the segment
}

// count is how many messages the segment has offered d into it: the
// integral of its linear rate.
func (s segment) count(d time.Duration) float64 {
	t, span := d.Seconds(), s.length.Seconds()
	return s.from*t + (s.to-s.from)*t*t/(2*span)
}

// Schedule is an open-loop timetable: message i is due when the integral
// of the rate reaches i. It is not safe for concurrent use (At moves a
// cursor).
type Schedule struct {
	segments []segment
	length   time.Duration
	total    int64 // messages due before length
	cursor   int   // the segment of the last message asked for (At)
}

// NewSchedule builds the timetable of stages, the first ramping from the
// rate start (a constant rate is one stage from its target).
func NewSchedule(start float64, stages []Stage) *Schedule {
	s := &Schedule{}
	from, before := start, 0.0
	for _, st := range stages {
		seg := segment{start: s.length, length: st.Duration, from: from, to: st.Target, before: before}
		s.segments = append(s.segments, seg)
		before += seg.count(st.Duration)
		s.length += st.Duration
		from = st.Target
	}
	s.total = MessagesBefore(before)
	return s
}

// MessagesBefore is how many whole messages are due while the integral
// of the rate stays below n: message i is due at the integral's value i.
// A hair of tolerance keeps 20000 msgs/s over 2 s at 40000 messages
// when floating point lands a little above.
func MessagesBefore(n float64) int64 {
	return int64(math.Ceil(n - 1e-9))
}

// Total is how many messages are due before the schedule's end.
func (s *Schedule) Total() int64 { return s.total }

// Length is how long the schedule lasts.
func (s *Schedule) Length() time.Duration { return s.length }

// CountAt is the integral of the rate from the start to d.
func (s *Schedule) CountAt(d time.Duration) float64 {
	for i := len(s.segments) - 1; i >= 0; i-- {
		if seg := s.segments[i]; d >= seg.start {
			return seg.before + seg.count(min(d, seg.start+seg.length)-seg.start)
		}
	}
	return 0
}

// At is message i's intended send time, as an offset from the start.
// The segment cursor makes a publisher's increasing i cheap; an earlier
// message starts the search over.
func (s *Schedule) At(i int64) time.Duration {
	n := float64(i)
	if n < s.segments[s.cursor].before {
		s.cursor = 0
	}
	for s.cursor < len(s.segments)-1 && n >= s.segments[s.cursor+1].before {
		s.cursor++
	}
	seg := s.segments[s.cursor]
	k := n - seg.before
	if k <= 0 {
		return seg.start
	}
	// Solve from*t + a*t² = k for t; this form stays exact for a = 0
	// (a constant rate) and for from = 0 (a ramp up from nothing).
	a := (seg.to - seg.from) / (2 * seg.length.Seconds())
	disc := max(seg.from*seg.from+4*a*k, 0)
	t := 2 * k / (seg.from + math.Sqrt(disc))
	return seg.start + min(time.Duration(t*float64(time.Second)), seg.length)
}

// Constant is an endless schedule of rate msgs/s (it lasts as long as a
// time.Duration can: 292 years), for a publisher that runs until it is
// stopped.
func Constant(rate float64) *Schedule {
	return NewSchedule(rate, []Stage{{Target: rate, Duration: math.MaxInt64}})
}
