package scheduler

import "time"

// InitialVUs is how many VUs the runner initializes before the test: the
// peak, over time, of what the scenarios running at once need up front
// (vus, the highest ramping target, or preAllocatedVUs). Arrival-rate
// VUs beyond that come from Pool.Grow.
func (o *Options) InitialVUs() int {
	return o.peak(func(s *Scenario) int { return s.initialVUs() })
}

// MaxVUs is how many VUs may ever exist (vus_max): the same peak with
// arrival-rate scenarios counted at maxVUs.
func (o *Options) MaxVUs() int {
	return o.peak(func(s *Scenario) int { return s.maxVUs() })
}

func (s *Scenario) initialVUs() int {
	switch s.Executor {
	case RampingVUs:
		return int(s.Segment.Scale(int64(s.maxStageVUs())))
	case ConstantArrivalRate, RampingArrivalRate:
		return s.PreAllocatedVUs
	}
	return s.VUs
}

func (s *Scenario) maxVUs() int {
	if s.Executor == ConstantArrivalRate || s.Executor == RampingArrivalRate {
		return s.MaxVUs
	}
	return s.initialVUs()
}

// ExecutorDuration is how long the scenario starts iterations (before
// gracefulStop): duration, maxDuration or the sum of its stages.
func (s *Scenario) ExecutorDuration() time.Duration {
	switch s.Executor {
	case SharedIterations, PerVUIterations:
		return s.MaxDuration
	case RampingVUs, RampingArrivalRate:
		var total time.Duration
		for _, st := range s.Stages {
			total += st.Duration
		}
		return total
	}
	return s.Duration
}

// Deadline is the latest time after the test's start at which the
// scenario may still run: startTime, its duration and gracefulStop.
func (s *Scenario) Deadline() time.Duration {
	return s.StartTime + s.ExecutorDuration() + s.GracefulStop
}

// peak sums need(s) over the scenarios whose [startTime, Deadline)
// windows overlap, and returns the largest such sum.
func (o *Options) peak(need func(*Scenario) int) int {
	starts := make([]time.Duration, 0, len(o.Scenarios))
	for _, s := range o.Scenarios {
		starts = append(starts, s.StartTime)
	}
	best := 0
	// The sum only grows at a start, so the starts are the points to check.
	for _, at := range starts {
		sum := 0
		for _, s := range o.Scenarios {
			if s.StartTime <= at && at < s.Deadline() {
				sum += need(s)
			}
		}
		best = max(best, sum)
	}
	return best
}

// MaxDuration is how long the scenarios can take at most, graceful stops
// included: the latest Deadline.
func (o *Options) MaxDuration() time.Duration {
	var longest time.Duration
	for _, s := range o.Scenarios {
		longest = max(longest, s.Deadline())
	}
	return longest
}
