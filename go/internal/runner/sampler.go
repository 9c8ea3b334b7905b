package runner

import "github.com/pondigo/natsk6/go/internal/natsmod"

// startSampling starts the plans of nats.sample() as the scenarios
// start: one goroutine for the run, with its own sink and connections,
// recording under the test-wide tags. stop takes the last sample.
func (t *testRun) startSampling() (stop func()) {
	return t.sampler.Start(natsmod.SampleRun{
		Registry: t.registry,
		Sink:     t.agg.NewSink(),
		Tags:     t.registry.Intern(t.opts.Tags),
		Warn:     func(msg string) { t.console.log("WARN", msg, "") },
	})
}
