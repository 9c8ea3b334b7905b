package metrics

import (
	"math"
	"sync"
	"testing"
)

type fixture struct {
	reg *Registry
	b   *Builtin
	agg *Aggregator
}

func newFixture() fixture {
	reg := NewRegistry()
	b := RegisterBuiltin(reg)
	return fixture{reg, b, NewAggregator(reg)}
}

// Several VUs, each with its own sink on its own goroutine, flushing
// several times: the aggregate equals the sum of everything emitted.
func TestSinksMergeAcrossVUs(t *testing.T) {
	f := newFixture()
	dur := f.reg.MustNew("req_duration", Trend, Time)
	foo := f.reg.Intern(map[string]string{"subject": "foo", "scenario": "s1"})
	bar := f.reg.Intern(map[string]string{"subject": "bar", "scenario": "s1"})
	const vus, iters = 8, 500
	var wg sync.WaitGroup
	for vu := 0; vu < vus; vu++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := f.agg.NewSink()
			for i := 1; i <= iters; i++ {
				s.Add(f.b.Iterations, nil, 1)
				tags := foo
				if i%4 == 0 {
					tags = bar
				}
				s.Add(dur, tags, float64(i))
				s.Add(f.b.Checks, tags, float64(i%2))
				if i%100 == 0 {
					s.Flush()
				}
			}
			s.Add(f.b.VUs, nil, float64(vu+1))
			s.Flush()
		}()
	}
	wg.Wait()

	if it := f.agg.Query(f.b.Iterations); it.Sum != vus*iters {
		t.Errorf("iterations = %v, want %d", it.Sum, vus*iters)
	}
	all := f.agg.Query(dur)
	if all.Count != vus*iters || all.Min != 1 || all.Max != iters {
		t.Errorf("duration count/min/max = %d/%v/%v, want %d/1/%d", all.Count, all.Min, all.Max, vus*iters, iters)
	}
	if want := float64(vus) * iters * (iters + 1) / 2; all.Sum != want {
		t.Errorf("duration sum = %v, want %v", all.Sum, want)
	}
	barOnly := f.agg.Query(dur, Tag{"subject", "bar"})
	if barOnly.Count != vus*iters/4 || barOnly.Min != 4 {
		t.Errorf("subject:bar count/min = %d/%v, want %d/4", barOnly.Count, barOnly.Min, vus*iters/4)
	}
	scenario := f.agg.Query(dur, Tag{"scenario", "s1"})
	if scenario.Count != all.Count {
		t.Errorf("scenario:s1 count = %d, want %d", scenario.Count, all.Count)
	}
	if none := f.agg.Query(dur, Tag{"subject", "nope"}); none.Count != 0 {
		t.Errorf("unmatched selector count = %d, want 0", none.Count)
	}
	checks := f.agg.Query(f.b.Checks)
	if checks.Count != vus*iters || checks.NonZero != vus*iters/2 {
		t.Errorf("checks = %d total, %d passed; want %d, %d", checks.Count, checks.NonZero, vus*iters, vus*iters/2)
	}
	vusGauge := f.agg.Query(f.b.VUs)
	if vusGauge.Min != 1 || vusGauge.Max != vus {
		t.Errorf("vus gauge min/max = %v/%v, want 1/%d", vusGauge.Min, vusGauge.Max, vus)
	}
	if n := len(f.agg.Series()); n != 6 {
		t.Errorf("%d series, want 6 (iterations, vus, 2 durations, 2 checks)", n)
	}
}

// A sink starts afresh after Flush: flushing twice does not count twice.
func TestFlushStartsAfresh(t *testing.T) {
	f := newFixture()
	s := f.agg.NewSink()
	s.Add(f.b.Iterations, nil, 2)
	s.Flush()
	s.Flush()
	s.Add(f.b.Iterations, nil, 3)
	s.Flush()
	if got := f.agg.Query(f.b.Iterations); got.Sum != 5 || got.Count != 2 {
		t.Fatalf("iterations sum/count = %v/%d, want 5/2", got.Sum, got.Count)
	}
}

func TestNaNSamplesAreDropped(t *testing.T) {
	f := newFixture()
	s := f.agg.NewSink()
	s.Add(f.b.Iterations, nil, math.NaN())
	s.Add(f.b.Iterations, nil, 1)
	s.Flush()
	if got := f.agg.Query(f.b.Iterations); got.Count != 1 || got.Sum != 1 {
		t.Fatalf("count/sum = %d/%v, want 1/1", got.Count, got.Sum)
	}
}

func TestFlushIfDueWaitsASecond(t *testing.T) {
	f := newFixture()
	s := f.agg.NewSink()
	s.Add(f.b.Iterations, nil, 1)
	s.FlushIfDue()
	if got := f.agg.Query(f.b.Iterations); got.Count != 0 {
		t.Fatalf("flushed %d samples right after creation, want none until a second passed", got.Count)
	}
	s.lastFlush = s.lastFlush.Add(-2 * flushEvery)
	s.FlushIfDue()
	if got := f.agg.Query(f.b.Iterations); got.Count != 1 {
		t.Fatalf("after the interval: %d samples, want 1", got.Count)
	}
}

// Emitting into existing series must not allocate.
func TestSinkAddDoesNotAllocate(t *testing.T) {
	f := newFixture()
	dur := f.reg.MustNew("lat", Trend, Time)
	tags := f.reg.Intern(map[string]string{"subject": "x"})
	s := f.agg.NewSink()
	i := 0
	warm := func() {
		i++
		s.Add(f.b.Iterations, tags, 1)
		s.Add(dur, tags, float64(i%50)+0.5)
		s.Add(f.b.Checks, nil, 1)
	}
	for range 100 {
		warm()
	}
	if allocs := testing.AllocsPerRun(1000, warm); allocs != 0 {
		t.Fatalf("Add allocates %v times per call set, want 0", allocs)
	}
	s.Flush()
	if allocs := testing.AllocsPerRun(100, func() { warm(); s.Flush() }); allocs != 0 {
		t.Fatalf("Add+Flush after warm-up allocates %v times, want 0", allocs)
	}
}
