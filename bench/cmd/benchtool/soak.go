package main

import (
	"fmt"
	"os"
)

// soakTrendMetric is the trend soak.js fills with samples.
const soakTrendMetric = "bench_soak_sample"

// soakWarmup is the share of the run after which natsk6's RSS should stay
// flat: minute 1 of a 5-minute soak.
const soakWarmup = 0.2

// SoakResult is how natsk6's RSS moved over a long run that recorded many
// trend samples.
type SoakResult struct {
	Samples             float64
	WarmRSSKiB, PeakKiB int64 // at the end of the warm-up, and the highest after it
	GrowthPercent       float64
}

func (r SoakResult) String() string {
	return fmt.Sprintf("%.0f %d %d %.2f", r.Samples, r.WarmRSSKiB, r.PeakKiB, r.GrowthPercent)
}

// soakGrowth compares natsk6's (the trace's first process) RSS at the end
// of the warm-up with its peak from then to the end of the trace.
func soakGrowth(t *ProcTrace) (warm, peak int64, growth float64) {
	first, last := t.UnixMs[0], t.UnixMs[len(t.UnixMs)-1]
	warmAt := first + int64(float64(last-first)*soakWarmup)
	for i, ms := range t.UnixMs {
		if ms < warmAt {
			continue
		}
		rss := t.Samples[i][0].RSSKiB
		if warm == 0 {
			warm = rss
		}
		peak = max(peak, rss)
	}
	if warm == 0 {
		return 0, 0, 0
	}
	return warm, peak, float64(peak-warm) / float64(warm) * 100
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
	r := SoakResult{Samples: samples}
	r.WarmRSSKiB, r.PeakKiB, r.GrowthPercent = soakGrowth(trace)
	if r.WarmRSSKiB == 0 {
		return SoakResult{}, fmt.Errorf("%s.proc: no sample after the warm-up", prefix)
	}
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
