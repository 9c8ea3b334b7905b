package scheduler

import (
	"fmt"
	"strings"
	"time"
)

// Description summarizes the scenario in one line for the start-of-test
// banner, e.g. "10 looping VUs for 30s (gracefulStop: 30s)".
func (s *Scenario) Description() string {
	var what string
	extras := []string{}
	switch s.Executor {
	case SharedIterations:
		what = fmt.Sprintf("%d iterations shared among %d VUs", s.Iterations, s.VUs)
		extras = append(extras, "maxDuration: "+FormatDuration(s.MaxDuration))
	case PerVUIterations:
		what = fmt.Sprintf("%d iterations for each of %d VUs", s.Iterations, s.VUs)
		extras = append(extras, "maxDuration: "+FormatDuration(s.MaxDuration))
	case ConstantVUs:
		what = fmt.Sprintf("%d looping VUs for %s", s.VUs, FormatDuration(s.Duration))
	case RampingVUs:
		what = fmt.Sprintf("Up to %d looping VUs for %s over %d stages", s.initialVUs(), FormatDuration(s.ExecutorDuration()), len(s.Stages))
		extras = append(extras, "gracefulRampDown: "+FormatDuration(s.GracefulRampDown))
	case ConstantArrivalRate:
		what = fmt.Sprintf("%s for %s", s.perSecond(s.Rate), FormatDuration(s.Duration))
		extras = append(extras, fmt.Sprintf("maxVUs: %d-%d", s.PreAllocatedVUs, s.MaxVUs))
	case RampingArrivalRate:
		top := s.StartRate
		for _, st := range s.Stages {
			top = max(top, st.Target)
		}
		what = fmt.Sprintf("Up to %s for %s over %d stages", s.perSecond(top), FormatDuration(s.ExecutorDuration()), len(s.Stages))
		extras = append(extras, fmt.Sprintf("maxVUs: %d-%d", s.PreAllocatedVUs, s.MaxVUs))
	}
	if s.Exec != "default" {
		extras = append(extras, "exec: "+s.Exec)
	}
	if s.StartTime > 0 {
		extras = append(extras, "startTime: "+FormatDuration(s.StartTime))
	}
	extras = append(extras, "gracefulStop: "+FormatDuration(s.GracefulStop))
	return what + " (" + strings.Join(extras, ", ") + ")"
}

// perSecond is the scenario's rate in iterations per second: in a
// segment, the segment's share of it.
func (s *Scenario) perSecond(rate int64) string {
	return fmt.Sprintf("%.2f iterations/s", float64(rate)*s.Segment.Share()/s.TimeUnit.Seconds())
}

// FormatDuration drops Go's zero-valued trailing units: 1m0s → 1m, 2h0m0s → 2h.
func FormatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
