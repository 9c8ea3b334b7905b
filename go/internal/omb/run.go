package omb

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Config is where and how a workload runs.
type Config struct {
	URL string    // the NATS server(s), comma separated
	Dir string    // the workload file's directory, for its payloadFile
	Log io.Writer // progress lines, one per window as OMB logs them
}

// run is one workload's run.
type run struct {
	w         *Workload
	cfg       Config
	st        *stats
	rate      rate // per producer
	nProd     int
	js        jetstream.JetStream // the run's own, for streams and durables
	consumers []*consumer
	producers producers
	facts     RunFacts
	// backlogPending holds the run open while a backlog builds and
	// drains (OMB's needToWaitForBacklogDraining).
	backlogPending atomic.Bool
}

// Run runs the workload and returns OMB's result. The end of ctx stops
// it with ctx's error.
func Run(ctx context.Context, w *Workload, cfg Config) (*TestResult, error) {
	pool, err := w.payloads(cfg.Dir)
	if err != nil {
		return nil, err
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	r := &run{w: w, cfg: cfg, st: newStats(), nProd: w.Topics * w.ProducersPerTopic}
	r.facts = RunFacts{Mode: w.NATS.Mode, WindowSeconds: w.window().Seconds()}
	admin, err := nats.Connect(cfg.URL, nats.Name("natsk6 omb"))
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	defer admin.Close()
	topics, cleanup, err := r.createTopics(ctx, admin)
	defer cleanup()
	if err != nil {
		return nil, err
	}
	defer func() {
		for _, c := range r.consumers {
			c.close()
		}
	}()
	if err := r.createConsumers(ctx, topics); err != nil {
		return nil, err
	}
	defer r.producers.close()
	if err := r.createProducers(topics, pool); err != nil {
		return nil, err
	}
	return r.measure(ctx)
}

// createTopics makes each topic's stream (JetStream) with the
// subscriptions' durables. cleanup deletes the streams unless the
// workload keeps them.
func (r *run) createTopics(ctx context.Context, nc *nats.Conn) (topics []string, cleanup func(), err error) {
	id := runID()
	for t := range r.w.Topics {
		topics = append(topics, fmt.Sprintf("omb-%s-%d", id, t))
	}
	cleanup = func() {}
	if r.w.NATS.Mode == ModeCore {
		return topics, cleanup, nil
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, cleanup, fmt.Errorf("JetStream: %w", err)
	}
	r.js = js
	storage := jetstream.FileStorage
	if r.w.NATS.Storage == "memory" {
		storage = jetstream.MemoryStorage
	}
	var created []string
	cleanup = func() {
		if r.w.NATS.KeepStreams {
			return
		}
		for _, s := range created {
			_ = js.DeleteStream(context.Background(), s)
		}
	}
	for _, topic := range topics {
		s, err := js.CreateStream(ctx, jetstream.StreamConfig{
			Name: topic, Subjects: []string{topic + ".>"}, Storage: storage, Replicas: r.w.NATS.Replicas,
		})
		if err != nil {
			return nil, cleanup, fmt.Errorf("create stream %s: %w", topic, err)
		}
		created = append(created, topic)
		for i := range r.w.SubscriptionsPerTopic {
			if _, err := s.CreateConsumer(ctx, durableConfig(topic, subscriptionName(i))); err != nil {
				return nil, cleanup, fmt.Errorf("create consumer %s on %s: %w", subscriptionName(i), topic, err)
			}
		}
	}
	r.facts.Streams = created
	return topics, cleanup, nil
}

func subscriptionName(i int) string { return fmt.Sprintf("sub-%03d", i) }

// runID tells this run's topics from an earlier run's on the same server.
func runID() string {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = letters[int(b[i])%len(letters)]
	}
	return string(b)
}

func (r *run) createConsumers(ctx context.Context, topics []string) error {
	for _, topic := range topics {
		for i := range r.w.SubscriptionsPerTopic {
			for range r.w.ConsumerPerSubscription {
				var c *consumer
				var err error
				if r.w.NATS.Mode == ModeCore {
					c, err = newCoreConsumer(r.cfg.URL, topic, subscriptionName(i), r.st)
				} else {
					c, err = newJSConsumer(ctx, r.cfg.URL, topic, subscriptionName(i), r.st)
				}
				if err != nil {
					return err
				}
				r.consumers = append(r.consumers, c)
			}
		}
	}
	return nil
}

// createProducers makes producersPerTopic producers per topic, each
// publishing to all of its topic's partitions.
func (r *run) createProducers(topics []string, pool [][]byte) error {
	target := r.w.ProducerRate
	if target == 0 {
		target = searchStartRate
		r.facts.MaxRateSearched = true
	}
	r.rate.set(target / float64(r.nProd))
	for _, topic := range topics {
		subjects := make([]string, r.w.PartitionsPerTopic)
		for p := range subjects {
			subjects[p] = fmt.Sprintf("%s.%d", topic, p)
		}
		for range r.w.ProducersPerTopic {
			p, err := newProducer(r.cfg.URL, r.w, subjects, pool, &r.rate, r.st)
			if err != nil {
				return err
			}
			r.producers.all = append(r.producers.all, p)
		}
	}
	return nil
}

// measure publishes through the warm-up and the test, then waits for the
// consumers to receive what was published.
func (r *run) measure(ctx context.Context) (*TestResult, error) {
	load, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	r.producers.start(load)
	if r.w.ProducerRate == 0 {
		go r.searchMaxRate(load)
	}
	if warmup := r.w.warmup(); warmup > 0 {
		fmt.Fprintf(r.cfg.Log, "----- Starting warm-up traffic (%v) -----\n", warmup)
		discard := newTestResult(r.w, "")
		if err := r.collect(ctx, warmup, discard); err != nil {
			return nil, err
		}
	}
	r.st.resetLatencies()
	if r.w.ConsumerBacklogSizeGB > 0 {
		r.backlogPending.Store(true)
		go r.buildAndDrainBacklog(load)
	}
	fmt.Fprintf(r.cfg.Log, "----- Starting benchmark traffic (%v) -----\n", r.w.testDuration())
	res := newTestResult(r.w, r.driver())
	if err := r.collect(ctx, r.w.testDuration(), res); err != nil {
		return nil, err
	}
	publishLatency, publishDelay, e2e := r.st.publishLatency.snapshotTotal(), r.st.publishDelay.snapshotTotal(), r.st.endToEnd.snapshotTotal()
	stopLoad()
	res.aggregate(publishLatency, publishDelay, e2e)
	r.producers.stop(r.w.drainTimeout())
	r.awaitConsumers(ctx)
	r.facts.Published = r.st.sent.total.Load()
	r.facts.Consumed = r.st.received.total.Load()
	r.facts.PublishErrors = r.st.sendErrors.total.Load()
	r.facts.TargetRate = r.rate.get() * float64(r.nProd)
	res.NATS = r.facts
	return res, ctx.Err()
}

func (r *run) driver() string {
	if r.w.NATS.Mode == ModeCore {
		return "NATS (natsk6)"
	}
	return "NATS JetStream (natsk6)"
}

// collect samples one window at a time into res for d, rounded up to
// whole windows, and longer while a backlog is pending.
func (r *run) collect(ctx context.Context, d time.Duration, res *TestResult) error {
	window := r.w.window()
	need := int(math.Ceil(d.Seconds() / window.Seconds()))
	tick := time.NewTicker(window)
	defer tick.Stop()
	last := time.Now()
	for n := 0; n < need || r.backlogPending.Load(); n++ {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case now := <-tick.C:
			w := r.takeWindow(now.Sub(last))
			last = now
			res.addWindow(w)
			r.logWindow(w)
		}
	}
	return nil
}

func (r *run) takeWindow(elapsed time.Duration) window {
	st := r.st
	w := window{
		elapsed:        elapsed,
		sent:           st.sent.takeWindow(),
		errors:         st.sendErrors.takeWindow(),
		received:       st.received.takeWindow(),
		backlog:        st.backlog(r.w.SubscriptionsPerTopic),
		publishLatency: st.publishLatency.takeWindow(),
		publishDelay:   st.publishDelay.takeWindow(),
		e2e:            st.endToEnd.takeWindow(),
	}
	// Bytes are logged, not in OMB's result.
	w.sentBytes, w.receivedBytes = st.bytesSent.takeWindow(), st.bytesReceived.takeWindow()
	return w
}

func (r *run) logWindow(w window) {
	s := w.elapsed.Seconds()
	p, d, e := w.publishLatency, w.publishDelay, w.e2e
	fmt.Fprintf(r.cfg.Log,
		"Pub rate %.1f msg/s / %.1f MB/s | Pub err %.1f err/s | Cons rate %.1f msg/s / %.1f MB/s | Backlog: %.1f K"+
			" | Pub Latency (ms) avg: %.1f - 50%%: %.1f - 99%%: %.1f - 99.9%%: %.1f - Max: %.1f"+
			" | Pub Delay Latency (us) avg: %.1f - 50%%: %d - 99%%: %d - 99.9%%: %d - Max: %d"+
			" | E2E Latency (ms) avg: %.1f - 50%%: %.1f - 99%%: %.1f - Max: %.1f\n",
		float64(w.sent)/s, float64(w.sentBytes)/s/(1<<20), float64(w.errors)/s,
		float64(w.received)/s, float64(w.receivedBytes)/s/(1<<20), float64(w.backlog)/1000,
		p.Mean()/1000, ms(p.ValueAtQuantile(50)), ms(p.ValueAtQuantile(99)), ms(p.ValueAtQuantile(99.9)), ms(p.Max()),
		d.Mean(), d.ValueAtQuantile(50), d.ValueAtQuantile(99), d.ValueAtQuantile(99.9), d.Max(),
		e.Mean()/1000, ms(e.ValueAtQuantile(50)), ms(e.ValueAtQuantile(99)), ms(e.Max()))
}

// awaitConsumers waits, at most the drain timeout, for every
// subscription to have received every message published.
func (r *run) awaitConsumers(ctx context.Context) {
	deadline := time.Now().Add(r.w.drainTimeout())
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for r.st.backlog(r.w.SubscriptionsPerTopic) > 0 && time.Now().Before(deadline) {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
	if b := r.st.backlog(r.w.SubscriptionsPerTopic); b > 0 {
		fmt.Fprintf(r.cfg.Log, "%d messages still unconsumed after %v\n", b, r.w.drainTimeout())
	}
}
