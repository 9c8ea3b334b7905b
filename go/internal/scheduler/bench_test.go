package scheduler

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkSharedIterationsOverhead measures what the scheduler adds to
// each iteration (claiming it, the active-VU reports) with VUs that do
// nothing.
func BenchmarkSharedIterationsOverhead(b *testing.B) {
	for _, vus := range []int{1, 4} {
		b.Run(fmt.Sprintf("vus=%d", vus), func(b *testing.B) {
			opts, err := Parse(fmt.Appendf(nil, `{"vus": %d, "iterations": %d}`, vus, max(b.N, vus)))
			if err != nil {
				b.Fatal(err)
			}
			pool := &nopPool{}
			for i := range vus {
				pool.idle = append(pool.idle, nopVU(i+1))
			}
			b.ReportAllocs()
			b.ResetTimer()
			if err := Run(context.Background(), opts, pool, nopEvents{}); err != nil {
				b.Fatal(err)
			}
		})
	}
}

type nopVU int

func (v nopVU) ID() int                                    { return int(v) }
func (nopVU) RunIteration(context.Context, Iteration) bool { return true }

type nopPool struct{ idleVUs }

func (p *nopPool) Grow(context.Context) (VU, error) { return nil, fmt.Errorf("nopPool cannot grow") }

type nopEvents struct{}

func (nopEvents) ActiveVUs(int)            {}
func (nopEvents) Dropped(*Scenario, int64) {}
