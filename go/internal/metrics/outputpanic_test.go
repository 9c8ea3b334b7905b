package metrics

import (
	"strings"
	"testing"
)

// panickingOutput fails on its first batch, and again in Stop, the way
// a bug would.
type panickingOutput struct{ stopped int }

func (o *panickingOutput) Description() string       { return "panicking" }
func (o *panickingOutput) AddSamples(batch []Sample) { _ = batch[len(batch)] }
func (o *panickingOutput) Stop() error {
	o.stopped++
	var files []string
	_ = files[o.stopped] // Stop panics too
	return nil
}

// A panic in an output (a bug), in AddSamples or in Stop, does not end
// the process: the output is still stopped, later batches are counted as
// dropped, and Close reports both panics as internal errors.
func TestPanickingOutputIsReported(t *testing.T) {
	f := newFixture()
	out := &panickingOutput{}
	f.agg.AddOutput(out)
	s := f.agg.NewSink()
	tags := f.reg.Intern(map[string]string{})
	for range 3 {
		s.Add(f.b.Iterations, tags, 1)
		s.Flush()
	}
	err := f.agg.Close()
	for _, want := range []string{
		"output panicking: internal error (a natsk6 bug: please report it): panic: runtime error: index out of range",
		"internal error (a natsk6 bug: please report it): panic: runtime error: index out of range [1] with length 0",
	} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Close returned %v, without %q", err, want)
		}
	}
	if out.stopped != 1 {
		t.Errorf("the output was stopped %d times, want 1", out.stopped)
	}
}
