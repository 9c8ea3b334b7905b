package natsmod

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/metrics"
)

// Per-call bounds: a call never outlives its interval by much, nor a
// slow server the sampler's stop.
const (
	minSampleCallTimeout = time.Second
	maxSampleCallTimeout = 5 * time.Second
	finalSampleTimeout   = 2 * time.Second
)

// SampleRun is what the runner gives the sampler as the scenarios start.
type SampleRun struct {
	Registry *metrics.Registry
	// Sink is the sampler goroutine's own from Start until stop returns.
	Sink *metrics.Sink
	// Tags are the test-wide tags; each sample adds its stream, consumer
	// or server.
	Tags *metrics.TagSet
	// Warn logs a target's first failure; later ones are not logged.
	Warn func(msg string)
}

// Start runs every plan on one goroutine: a sample at once, then one
// every plan's interval, each flushed so thresholds and outputs see it
// during the run. stop takes a last sample (the state the scenarios
// left), flushes it, closes the connections and returns within about
// finalSampleTimeout. No plans: nothing runs.
func (s *Sampler) Start(run SampleRun) (stop func()) {
	s.mu.Lock()
	s.started = true
	plans := s.plans
	s.mu.Unlock()
	if len(plans) == 0 {
		return func() {}
	}
	r := &sampling{run: run, m: RegisterSampleMetrics(run.Registry), warned: map[string]bool{}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.loop(ctx, plans)
	}()
	return func() {
		cancel()
		<-done
	}
}

// sampling is the sampler goroutine's state.
type sampling struct {
	run    SampleRun
	m      SampleMetrics
	warned map[string]bool
}

// livePlan is a plan with its connection and the handles it resolved.
type livePlan struct {
	*samplePlan
	nc              *nats.Conn // nil when the options could not make one
	js              jetstream.JetStream
	streamHandles   map[string]jetstream.Stream
	consumerHandles map[ConsumerRef]infoReader
	http            *http.Client
	next            time.Time
}

func (r *sampling) loop(ctx context.Context, plans []*samplePlan) {
	live := make([]*livePlan, len(plans))
	for i, p := range plans {
		live[i] = r.open(p)
	}
	defer r.finish(live)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		}
		now := time.Now()
		next := now.Add(time.Hour)
		for _, p := range live {
			if !now.Before(p.next) {
				r.sample(ctx, p)
				p.next = now.Add(p.interval)
			}
			if p.next.Before(next) {
				next = p.next
			}
		}
		r.run.Sink.Flush()
		timer.Reset(time.Until(next))
	}
}

// finish takes the last sample of every plan within finalSampleTimeout,
// flushes and closes the connections.
func (r *sampling) finish(live []*livePlan) {
	ctx, cancel := context.WithTimeout(context.Background(), finalSampleTimeout)
	defer cancel()
	for _, p := range live {
		r.sample(ctx, p)
		if p.nc != nil {
			p.nc.Close()
		}
		if p.http != nil {
			p.http.CloseIdleConnections()
		}
	}
	r.run.Sink.Flush()
}

// open connects a plan's sampler connection, retrying in the background
// when the server is not up yet: the samples fail until it is.
func (r *sampling) open(p *samplePlan) *livePlan {
	lp := &livePlan{samplePlan: p, streamHandles: map[string]jetstream.Stream{}, consumerHandles: map[ConsumerRef]infoReader{}}
	if len(p.monitors) > 0 {
		lp.http = &http.Client{Timeout: p.callTimeout()}
	}
	if len(p.streams)+len(p.consumers) == 0 {
		return lp
	}
	opts, err := p.conn.natsOptions()
	if err == nil {
		if p.conn.name == "" {
			opts = append(opts, nats.Name("natsk6-sampler"))
		}
		opts = append(opts, nats.RetryOnFailedConnect(true), nats.MaxReconnects(-1))
		lp.nc, err = nats.Connect(strings.Join(p.conn.urls, ","), opts...)
	}
	if err == nil {
		lp.js, err = jetstream.New(lp.nc)
	}
	if err != nil {
		r.warn("connection to "+p.conn.redactedURLs(), err)
	}
	return lp
}

// callTimeout bounds one API call or HTTP GET: the interval, within
// [minSampleCallTimeout, maxSampleCallTimeout].
func (p *samplePlan) callTimeout() time.Duration {
	return min(max(p.interval, minSampleCallTimeout), maxSampleCallTimeout)
}

// sample reads every target of p once; a target that fails is skipped.
func (r *sampling) sample(ctx context.Context, p *livePlan) {
	if p.js != nil {
		for _, name := range p.streams {
			r.sampleStream(ctx, p, name)
		}
		for _, c := range p.consumers {
			r.sampleConsumer(ctx, p, c)
		}
	}
	for _, u := range p.monitors {
		r.sampleServer(ctx, p, u)
	}
}

// gauge records one gauge value with the test-wide tags and pairs.
func (r *sampling) gauge(m *metrics.Metric, v float64, pairs ...string) {
	r.run.Sink.Add(m, r.run.Registry.With(r.run.Tags, pairs...), v)
}

// warn logs target's first failure only: a stream that does not exist
// yet fails every interval, and one line says so.
func (r *sampling) warn(target string, err error) {
	if r.warned[target] {
		return
	}
	r.warned[target] = true
	if r.run.Warn != nil {
		r.run.Warn(fmt.Sprintf("nats.sample: %s: %v (later failures of it are not logged)", target, err))
	}
}
