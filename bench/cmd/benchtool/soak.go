package main

import (
	"fmt"
	"os"
)

// soakTrendMetric is the trend soak.js fills with samples.
const soakTrendMetric = "bench_soak_sample"

// SoakResult is how natsk6's RSS moved over a long run that recorded many
// trend samples. The Go heap's sawtooth moves RSS by ±7% within seconds,
// so the run's second and last fifths (minutes 2 and 5 of a 5-minute
// soak, after the first minute's warm-up) are compared by their medians.
type SoakResult struct {
	Samples           float64
	EarlyKiB, LateKiB int64 // median RSS over the second and the last fifth
	PeakKiB           int64 // the highest RSS after the first fifth
	GrowthPercent     float64
}

func (r SoakResult) String() string {
	return fmt.Sprintf("%.0f %d %d %d %.2f", r.Samples, r.EarlyKiB, r.LateKiB, r.PeakKiB, r.GrowthPercent)
}

// soakGrowth reads natsk6's (the trace's first process) RSS over the run;
// zero readings (the process exiting) are left out.
func soakGrowth(t *ProcTrace) (r SoakResult, ok bool) {
	first, last := t.UnixMs[0], t.UnixMs[len(t.UnixMs)-1]
	at := func(share float64) int64 { return first + int64(float64(last-first)*share) }
	var early, late []float64
	for i, ms := range t.UnixMs {
		rss := t.Samples[i][0].RSSKiB
		if rss == 0 || ms < at(0.2) {
			continue
		}
		r.PeakKiB = max(r.PeakKiB, rss)
		switch {
		case ms < at(0.4):
			early = append(early, float64(rss))
		case ms >= at(0.8):
			late = append(late, float64(rss))
		}
	}
	if len(early) == 0 || len(late) == 0 {
		return r, false
	}
	r.EarlyKiB, r.LateKiB = int64(median(early)), int64(median(late))
	r.GrowthPercent = float64(r.LateKiB-r.EarlyKiB) / float64(r.EarlyKiB) * 100
	return r, true
}

func readSoak(prefix string) (SoakResult, error) {
	s, err := readSummary(prefix + ".json")
	if err != nil {
		return SoakResult{}, err
	}
	samples, ok := s.Field(soakTrendMetric, "count")
	if !ok {
		return SoakResult{}, fmt.Errorf("%s.json: no count for %s (summaryTrendStats must list count)", prefix, soakTrendMetric)
	}
	trace, err := readProcTrace(prefix + ".proc")
	if err != nil {
		return SoakResult{}, err
	}
	r, ok := soakGrowth(trace)
	if !ok {
		return SoakResult{}, fmt.Errorf("%s.proc: too few samples for the second and the last fifth of the run", prefix)
	}
	r.Samples = samples
	return r, nil
}

// writeSoak prints a soak's figures for scaling.sh.
func writeSoak(prefix string) error {
	r, err := readSoak(prefix)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(os.Stdout, r)
	return err
}
