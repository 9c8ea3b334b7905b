package scheduler

import (
	"fmt"
	"math"
	"time"

	"github.com/pondigo/natsk6/go/internal/progress"
)

// Bars describes each scenario's progress at now, in start order, the
// way k6 draws it: time for the timed executors, iterations for the
// iteration executors.
func (l *Live) Bars(now time.Time) []progress.Bar {
	bars := make([]progress.Bar, 0, len(l.scenarios))
	for _, ls := range l.scenarios {
		bars = append(bars, ls.bar(l.start.Load(), now))
	}
	return bars
}

func (ls *liveScenario) bar(testStart int64, now time.Time) progress.Bar {
	s := ls.s
	b := progress.Bar{Name: s.Name, Duration: s.ExecutorDuration(), VUs: int(ls.active.Load())}
	start, end := ls.start.Load(), ls.end.Load()
	switch {
	case start == 0:
		b.State = progress.Waiting
		if testStart != 0 {
			b.Elapsed = max(time.Unix(0, testStart).Add(s.StartTime).Sub(now), 0)
		} else {
			b.Elapsed = s.StartTime
		}
	case end == 0:
		b.State = progress.Running
		b.Elapsed = now.Sub(time.Unix(0, start))
	default:
		b.State = progress.Done
		if ls.stopped.Load() {
			b.State = progress.Stopped
		}
		b.Elapsed = time.Duration(end - start)
	}
	if b.Duration > 0 {
		b.Fraction = float64(b.Elapsed) / float64(b.Duration)
	}
	if b.State == progress.Waiting {
		b.Fraction = 0
	}
	done := ls.done()
	switch s.Executor {
	case SharedIterations:
		b.ByIterations, b.VUs = true, s.VUs
		b.Fraction = float64(done) / float64(s.Iterations)
		b.Detail = fmt.Sprintf("%d/%d shared iters", done, s.Iterations)
	case PerVUIterations:
		total := int64(s.VUs) * s.Iterations
		b.ByIterations, b.VUs = true, s.VUs
		b.Fraction = float64(done) / float64(total)
		b.Detail = fmt.Sprintf("%d/%d iters, %d per VU", done, total, s.Iterations)
	case ConstantVUs:
		b.VUs = s.VUs
	case RampingVUs:
		b.MaxVUs = s.initialVUs()
	case ConstantArrivalRate:
		b.MaxVUs = s.MaxVUs
		b.Detail = s.itersPerSecond(s.Rate)
	case RampingArrivalRate:
		b.MaxVUs = s.MaxVUs
		b.Detail = s.itersPerSecond(s.rateAt(b.Elapsed))
	}
	if b.State == progress.Done && !b.ByIterations {
		b.Fraction = 1
	}
	if b.ByIterations && math.IsNaN(b.Fraction) {
		b.Fraction = 1 // a segment's share of the iterations can be none
	}
	return b
}

// rateAt is a ramping-arrival-rate scenario's target rate at offset d,
// moving linearly within each stage.
func (s *Scenario) rateAt(d time.Duration) int64 {
	from := s.StartRate
	for _, st := range s.Stages {
		if d < st.Duration {
			return from + int64(float64(st.Target-from)*float64(d)/float64(st.Duration))
		}
		d -= st.Duration
		from = st.Target
	}
	return from
}

// itersPerSecond is the progress bar's rate: in a segment, its share.
func (s *Scenario) itersPerSecond(rate int64) string {
	return fmt.Sprintf("%.2f iters/s", float64(rate)*s.Segment.Share()/s.TimeUnit.Seconds())
}
