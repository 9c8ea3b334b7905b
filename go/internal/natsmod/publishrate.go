package natsmod

import (
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/openloop"
)

// PublishMode is what publishRate sends: core NATS messages, JetStream
// publishes or requests.
type PublishMode int

const (
	PublishCore      PublishMode = iota // fire and forget; completed once a flush returns
	PublishJetStream                    // async JetStream publishes, completed when acked
	PublishRequest                      // core requests, completed when answered
)

// TimestampMode is how publishRate stamps its messages for
// nats_e2e_latency.
type TimestampMode int

const (
	TimestampConnection TimestampMode = iota // the connection's timestamp option: header or none
	TimestampNone
	TimestampHeader  // the Natsk6-Sent-Ns header every receiver reads
	TimestampPayload // the first 8 bytes, big-endian Unix ns, as OMB does
)

// RateStage is one step of a publishRate ramp: the rate moves linearly
// from the previous stage's target (0 before the first) to Target over
// Duration.
type RateStage = openloop.Stage

// PublishRateOptions configure Connection.PublishRate, an open-loop
// publisher: message i is due at the time the rate's integral reaches i,
// and a publisher that falls behind sends at once what is due (recording
// how late) instead of stretching the schedule.
type PublishRateOptions struct {
	Subject string
	// Rate (msgs/s) for Duration, or else a ramp of Stages.
	Rate     float64
	Duration time.Duration
	Stages   []RateStage
	// Connections is how many connections publish, round robin: this
	// one and Connections-1 more made with its options. 0 means 1.
	Connections int
	Payload     []byte
	// Template, when set, renders each message's payload instead.
	Template *PayloadTemplate
	Mode     PublishMode
	// MaxInFlight bounds JetStream publishes awaiting their ack, or
	// requests awaiting their reply, over all connections; a message due
	// while it is full waits, late. 0: 1000.
	MaxInFlight int
	// Timeout bounds each JetStream ack or reply, and the final flush in
	// core mode. 0: 5 s.
	Timeout time.Duration
	// Warmup is the first part of the schedule: its messages are sent but
	// measured nowhere (no samples, not in the result).
	Warmup    time.Duration
	Timestamp TimestampMode
}

// PublishRateResult is what conn.publishRate resolves with. Counts
// leave out the warm-up's messages.
type PublishRateResult struct {
	Scheduled    int64   `json:"scheduled"`    // messages the schedule offered
	Sent         int64   `json:"sent"`         // handed to the connection
	Completed    int64   `json:"completed"`    // acked (JetStream), answered (request) or flushed to the server (core)
	Errors       int64   `json:"errors"`       // failed sends, failed or missing acks or replies, failed flushes
	Missed       int64   `json:"missed"`       // scheduled but never sent: the publisher fell behind
	OfferedRate  float64 `json:"offeredRate"`  // scheduled per second of schedule
	AchievedRate float64 `json:"achievedRate"` // sent per second of schedule
	KeptUp       bool    `json:"keptUp"`       // nothing missed, failed or unconfirmed
}

// Defaults of PublishRateOptions' zero values.
const (
	DefaultRateMaxInFlight = 1000
	DefaultRateTimeout     = 5 * time.Second
)

// maxRateConnections bounds Connections: each is a TCP connection and a
// nats.go goroutine pair.
const maxRateConnections = 1024

// rateEndSlack is how long past the schedule's end the publisher still
// catches up with what is due: a late wake-up on a loaded machine, not
// a backlog (nats_publish_delay shows the lateness).
// Messages unsent then are missed.
const rateEndSlack = 100 * time.Millisecond

// validate checks o and fills in its defaults; the schedule it describes
// is returned.
func (o *PublishRateOptions) validate() (*openloop.Schedule, error) {
	if o.Subject == "" {
		return nil, newError(CodeEmptySubject, nil, "publishRate needs a subject")
	}
	if err := checkPublish(CodePublishFailed, &nats.Msg{Subject: o.Subject}); err != nil {
		return nil, err
	}
	var sched *openloop.Schedule
	switch {
	case len(o.Stages) > 0 && (o.Rate != 0 || o.Duration != 0):
		return nil, invalidConfig("publishRate.stages", "cannot be combined with rate and duration")
	case len(o.Stages) == 0 && (o.Rate <= 0 || o.Duration <= 0):
		return nil, invalidConfig("publishRate.rate", "give a rate above 0 with a duration, or stages")
	case len(o.Stages) == 0:
		sched = openloop.NewSchedule(o.Rate, []RateStage{{Target: o.Rate, Duration: o.Duration}})
	default:
		for i, st := range o.Stages {
			if st.Duration <= 0 || st.Target < 0 {
				return nil, invalidConfig("publishRate.stages", "stage %d needs a duration above 0 and a target of at least 0", i)
			}
		}
		sched = openloop.NewSchedule(0, o.Stages)
	}
	if sched.Total() == 0 {
		return nil, invalidConfig("publishRate.stages", "the schedule offers no message")
	}
	if o.Warmup >= sched.Length() {
		return nil, invalidConfig("publishRate.warmup", "%v leaves nothing of the %v schedule to measure", o.Warmup, sched.Length())
	}
	if o.Connections < 0 || o.Connections > maxRateConnections {
		return nil, invalidConfig("publishRate.connections", "%d is out of range [1, %d]", o.Connections, maxRateConnections)
	}
	if o.Template != nil && (len(o.Payload) > 0 || o.Timestamp == TimestampPayload) {
		return nil, invalidConfig("publishRate.payload", "a template renders the whole payload: no bytes beside it, no timestamp 'payload' in it")
	}
	if o.Timestamp == TimestampPayload && len(o.Payload) < 8 {
		return nil, invalidConfig("publishRate.timestamp", "'payload' needs a payload of at least 8 bytes, got %d", len(o.Payload))
	}
	if o.MaxInFlight < 0 {
		return nil, invalidConfig("publishRate.maxInFlight", "must not be negative")
	}
	o.Connections = max(o.Connections, 1)
	if o.MaxInFlight == 0 {
		o.MaxInFlight = DefaultRateMaxInFlight
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultRateTimeout
	}
	return sched, nil
}
