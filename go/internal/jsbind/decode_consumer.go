package jsbind

import (
	"math"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

// decodeConsumerConfig reads a script's consumer config (consumerConfig,
// addConsumer, updateConsumer). It returns the stream the options name
// (may be empty) beside the config; natsmod.CheckConsumerConfig checks
// how the fields go together.
func decodeConsumerConfig(opts map[string]any) (stream string, cfg jetstream.ConsumerConfig, err error) {
	r := optread.New("consumerConfig", opts)
	stream = r.Text("stream")
	cfg = jetstream.ConsumerConfig{
		Name:               r.Text("name"),
		Durable:            r.Text("durable"),
		Description:        r.Text("description"),
		DeliverPolicy:      optread.Choice(r, "deliverPolicy", jetstream.DeliverAllPolicy, natsmod.DeliverNames),
		OptStartSeq:        uint64(r.Int("optStartSeq", 0, math.MaxInt64)),
		OptStartTime:       r.Time("optStartTime"),
		AckPolicy:          optread.Choice(r, "ackPolicy", jetstream.AckExplicitPolicy, natsmod.AckNames),
		AckWait:            r.Duration("ackWait"),
		MaxDeliver:         int(r.Int("maxDeliver", -1, math.MaxInt32)),
		BackOff:            r.Durations("backoff"),
		FilterSubject:      r.Text("filterSubject"),
		FilterSubjects:     r.StringList("filterSubjects"),
		ReplayPolicy:       optread.Choice(r, "replayPolicy", jetstream.ReplayInstantPolicy, natsmod.ReplayNames),
		RateLimit:          uint64(r.Int("rateLimit", 0, math.MaxInt64)),
		SampleFrequency:    r.Text("sampleFrequency"),
		MaxWaiting:         int(r.Int("maxWaiting", 0, math.MaxInt32)),
		MaxAckPending:      int(r.Int("maxAckPending", -1, math.MaxInt32)),
		HeadersOnly:        r.Bool("headersOnly"),
		MaxRequestBatch:    int(r.Int("maxRequestBatch", 0, math.MaxInt32)),
		MaxRequestExpires:  r.Duration("maxRequestExpires"),
		MaxRequestMaxBytes: int(r.Int("maxRequestMaxBytes", 0, math.MaxInt32)),
		InactiveThreshold:  r.Duration("inactiveThreshold"),
		Replicas:           int(r.Int("replicas", 0, 5)),
		MemoryStorage:      r.Bool("memoryStorage"),
		Metadata:           r.StringMap("metadata"),
		DeliverSubject:     r.Text("deliverSubject"),
		DeliverGroup:       r.Text("deliverGroup"),
		FlowControl:        r.Bool("flowControl"),
		IdleHeartbeat:      r.Duration("idleHeartbeat"),
	}
	return stream, cfg, natsmod.ConfigError(r.Done())
}

// decodeOrderedConsumer reads js.orderedConsumer(stream, options):
// filterSubjects (or filterSubject), deliverPolicy, optStartSeq,
// optStartTime, replayPolicy, inactiveThreshold, headersOnly,
// maxResetAttempts.
func decodeOrderedConsumer(m map[string]any) (jetstream.OrderedConsumerConfig, error) {
	r := optread.New("orderedConsumer", m)
	cfg := jetstream.OrderedConsumerConfig{
		FilterSubjects:    r.StringList("filterSubjects"),
		DeliverPolicy:     optread.Choice(r, "deliverPolicy", jetstream.DeliverAllPolicy, natsmod.DeliverNames),
		OptStartSeq:       uint64(r.Int("optStartSeq", 0, math.MaxInt64)),
		OptStartTime:      r.Time("optStartTime"),
		ReplayPolicy:      optread.Choice(r, "replayPolicy", jetstream.ReplayInstantPolicy, natsmod.ReplayNames),
		InactiveThreshold: r.Duration("inactiveThreshold"),
		HeadersOnly:       r.Bool("headersOnly"),
		MaxResetAttempts:  int(r.Int("maxResetAttempts", 0, math.MaxInt32)),
	}
	if s := r.Text("filterSubject"); s != "" {
		cfg.FilterSubjects = append(cfg.FilterSubjects, s)
	}
	return cfg, natsmod.ConfigError(r.Done())
}

// decodeConsume reads sub.consume(handler, options): maxMessages
// (buffered per pull request), expires (per pull request), stopAfter.
func decodeConsume(m map[string]any) (natsmod.ConsumeOptions, error) {
	r := optread.New("consume", m)
	o := natsmod.ConsumeOptions{MaxMessages: int(r.Int("maxMessages", 0, math.MaxInt32))}
	o.Expires = r.Duration("expires")
	o.StopAfter = int(r.Int("stopAfter", 0, math.MaxInt32))
	return o, natsmod.ConfigError(r.Done())
}
