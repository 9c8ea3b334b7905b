package natsmod

import (
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// StreamConfig is a stream's configuration as scripts write and read it:
// camelCase names, durations in milliseconds, policies as strings.
type StreamConfig struct {
	Name                   string            `json:"name"`
	Description            string            `json:"description,omitempty"`
	Subjects               []string          `json:"subjects,omitempty"`
	Retention              string            `json:"retention"`
	MaxConsumers           int               `json:"maxConsumers"`
	MaxMsgs                int64             `json:"maxMsgs"`
	MaxBytes               int64             `json:"maxBytes"`
	Discard                string            `json:"discard"`
	DiscardNewPerSubject   bool              `json:"discardNewPerSubject"`
	MaxAge                 float64           `json:"maxAge"`
	MaxMsgsPerSubject      int64             `json:"maxMsgsPerSubject"`
	MaxMsgSize             int32             `json:"maxMsgSize"`
	Storage                string            `json:"storage"`
	Replicas               int               `json:"replicas"`
	NoAck                  bool              `json:"noAck"`
	DuplicateWindow        float64           `json:"duplicateWindow"`
	Sealed                 bool              `json:"sealed"`
	DenyDelete             bool              `json:"denyDelete"`
	DenyPurge              bool              `json:"denyPurge"`
	AllowRollup            bool              `json:"allowRollup"`
	Compression            string            `json:"compression"`
	FirstSeq               uint64            `json:"firstSeq"`
	AllowDirect            bool              `json:"allowDirect"`
	MirrorDirect           bool              `json:"mirrorDirect"`
	AllowMsgTTL            bool              `json:"allowMsgTtl"`
	SubjectDeleteMarkerTTL float64           `json:"subjectDeleteMarkerTtl"`
	Metadata               map[string]string `json:"metadata,omitempty"`
	Mirror                 *StreamSource     `json:"mirror,omitempty"`
	Sources                []StreamSource    `json:"sources,omitempty"`
	RePublish              *RePublish        `json:"republish,omitempty"`
	ConsumerLimits         ConsumerLimits    `json:"consumerLimits"`
}

// StreamSource names a stream that a mirror or source copies from.
type StreamSource struct {
	Name          string `json:"name"`
	OptStartSeq   uint64 `json:"optStartSeq,omitempty"`
	FilterSubject string `json:"filterSubject,omitempty"`
}

// RePublish re-publishes stored messages to core NATS subjects.
type RePublish struct {
	Source      string `json:"src"`
	Destination string `json:"dest"`
	HeadersOnly bool   `json:"headersOnly"`
}

// ConsumerLimits are defaults and caps for the stream's consumers.
type ConsumerLimits struct {
	InactiveThreshold float64 `json:"inactiveThreshold"`
	MaxAckPending     int     `json:"maxAckPending"`
}

// The policies' names as scripts spell them (matched loosely by
// optread.Choice), both ways: reading configs and reporting them.
var (
	RetentionNames   = map[string]jetstream.RetentionPolicy{"limits": jetstream.LimitsPolicy, "interest": jetstream.InterestPolicy, "workqueue": jetstream.WorkQueuePolicy}
	DiscardNames     = map[string]jetstream.DiscardPolicy{"old": jetstream.DiscardOld, "new": jetstream.DiscardNew}
	StorageNames     = map[string]jetstream.StorageType{"file": jetstream.FileStorage, "memory": jetstream.MemoryStorage}
	CompressionNames = map[string]jetstream.StoreCompression{"none": jetstream.NoCompression, "s2": jetstream.S2Compression}
	DeliverNames     = map[string]jetstream.DeliverPolicy{
		"all": jetstream.DeliverAllPolicy, "last": jetstream.DeliverLastPolicy, "new": jetstream.DeliverNewPolicy,
		"byStartSequence": jetstream.DeliverByStartSequencePolicy, "byStartTime": jetstream.DeliverByStartTimePolicy,
		"lastPerSubject": jetstream.DeliverLastPerSubjectPolicy,
	}
	AckNames    = map[string]jetstream.AckPolicy{"none": jetstream.AckNonePolicy, "all": jetstream.AckAllPolicy, "explicit": jetstream.AckExplicitPolicy}
	ReplayNames = map[string]jetstream.ReplayPolicy{"instant": jetstream.ReplayInstantPolicy, "original": jetstream.ReplayOriginalPolicy}
)

// nameOf is the reverse lookup used when reporting a config back.
func nameOf[T comparable](names map[string]T, v T) string {
	for k, val := range names {
		if val == v {
			return k
		}
	}
	return ""
}

// CheckStreamConfig reports what makes a stream config unusable before
// the server sees it: a missing name is 1015, a malformed one 1003.
func CheckStreamConfig(cfg jetstream.StreamConfig) error {
	if cfg.Name == "" {
		return newError(CodeEmptyStreamName, nil, "streamConfig.name is required")
	}
	if err := validName(cfg.Name); err != nil {
		return invalidConfig("streamConfig.name", "%v", err)
	}
	return nil
}

// StreamConfigData reports a server-side stream configuration to scripts.
func StreamConfigData(c jetstream.StreamConfig) StreamConfig {
	out := StreamConfig{
		Name: c.Name, Description: c.Description, Subjects: c.Subjects,
		Retention: nameOf(RetentionNames, c.Retention), MaxConsumers: c.MaxConsumers,
		MaxMsgs: c.MaxMsgs, MaxBytes: c.MaxBytes, Discard: nameOf(DiscardNames, c.Discard),
		DiscardNewPerSubject: c.DiscardNewPerSubject, MaxAge: millis(c.MaxAge),
		MaxMsgsPerSubject: c.MaxMsgsPerSubject, MaxMsgSize: c.MaxMsgSize,
		Storage: nameOf(StorageNames, c.Storage), Replicas: c.Replicas, NoAck: c.NoAck,
		DuplicateWindow: millis(c.Duplicates), Sealed: c.Sealed, DenyDelete: c.DenyDelete,
		DenyPurge: c.DenyPurge, AllowRollup: c.AllowRollup, Compression: nameOf(CompressionNames, c.Compression),
		FirstSeq: c.FirstSeq, AllowDirect: c.AllowDirect, MirrorDirect: c.MirrorDirect,
		AllowMsgTTL: c.AllowMsgTTL, SubjectDeleteMarkerTTL: millis(c.SubjectDeleteMarkerTTL),
		Metadata: c.Metadata,
		ConsumerLimits: ConsumerLimits{
			InactiveThreshold: millis(c.ConsumerLimits.InactiveThreshold),
			MaxAckPending:     c.ConsumerLimits.MaxAckPending,
		},
	}
	if c.Mirror != nil {
		out.Mirror = &StreamSource{Name: c.Mirror.Name, OptStartSeq: c.Mirror.OptStartSeq, FilterSubject: c.Mirror.FilterSubject}
	}
	for _, s := range c.Sources {
		out.Sources = append(out.Sources, StreamSource{Name: s.Name, OptStartSeq: s.OptStartSeq, FilterSubject: s.FilterSubject})
	}
	if c.RePublish != nil {
		out.RePublish = &RePublish{Source: c.RePublish.Source, Destination: c.RePublish.Destination, HeadersOnly: c.RePublish.HeadersOnly}
	}
	return out
}

// ConsumerConfig is a consumer's configuration as scripts write and read
// it: camelCase names, durations in milliseconds, policies as strings.
type ConsumerConfig struct {
	Stream             string            `json:"stream,omitempty"`
	Name               string            `json:"name,omitempty"`
	Durable            string            `json:"durable,omitempty"`
	Description        string            `json:"description,omitempty"`
	DeliverPolicy      string            `json:"deliverPolicy"`
	OptStartSeq        uint64            `json:"optStartSeq,omitempty"`
	OptStartTime       *time.Time        `json:"optStartTime,omitempty"`
	AckPolicy          string            `json:"ackPolicy"`
	AckWait            float64           `json:"ackWait"`
	MaxDeliver         int               `json:"maxDeliver"`
	BackOff            []float64         `json:"backoff,omitempty"`
	FilterSubject      string            `json:"filterSubject,omitempty"`
	FilterSubjects     []string          `json:"filterSubjects,omitempty"`
	ReplayPolicy       string            `json:"replayPolicy"`
	RateLimit          uint64            `json:"rateLimit"`
	SampleFrequency    string            `json:"sampleFrequency,omitempty"`
	MaxWaiting         int               `json:"maxWaiting"`
	MaxAckPending      int               `json:"maxAckPending"`
	HeadersOnly        bool              `json:"headersOnly"`
	MaxRequestBatch    int               `json:"maxRequestBatch"`
	MaxRequestExpires  float64           `json:"maxRequestExpires"`
	MaxRequestMaxBytes int               `json:"maxRequestMaxBytes"`
	InactiveThreshold  float64           `json:"inactiveThreshold"`
	Replicas           int               `json:"replicas"`
	MemoryStorage      bool              `json:"memoryStorage"`
	Metadata           map[string]string `json:"metadata,omitempty"`
	DeliverSubject     string            `json:"deliverSubject,omitempty"`
	DeliverGroup       string            `json:"deliverGroup,omitempty"`
	FlowControl        bool              `json:"flowControl"`
	IdleHeartbeat      float64           `json:"idleHeartbeat"`
}

// CheckConsumerConfig reports what makes a consumer config unusable
// before the server sees it, each a 1003 error naming the field.
func CheckConsumerConfig(cfg jetstream.ConsumerConfig) error {
	for _, f := range [][2]string{{"durable", cfg.Durable}, {"name", cfg.Name}} {
		if err := validName(f[1]); f[1] != "" && err != nil {
			return invalidConfig("consumerConfig."+f[0], "%v", err)
		}
	}
	if cfg.Durable != "" && cfg.Name != "" && cfg.Durable != cfg.Name {
		return invalidConfig("consumerConfig.name", "%q differs from durable %q", cfg.Name, cfg.Durable)
	}
	if cfg.DeliverPolicy == jetstream.DeliverByStartSequencePolicy && cfg.OptStartSeq == 0 {
		return invalidConfig("consumerConfig.optStartSeq", "is required with deliverPolicy 'byStartSequence'")
	}
	if cfg.DeliverPolicy == jetstream.DeliverByStartTimePolicy && cfg.OptStartTime == nil {
		return invalidConfig("consumerConfig.optStartTime", "is required with deliverPolicy 'byStartTime'")
	}
	if cfg.FilterSubject != "" && len(cfg.FilterSubjects) > 0 {
		return invalidConfig("consumerConfig.filterSubjects", "cannot be combined with filterSubject")
	}
	return nil
}

// ConsumerConfigData reports a server-side consumer configuration.
func ConsumerConfigData(stream string, c jetstream.ConsumerConfig) ConsumerConfig {
	out := ConsumerConfig{
		Stream: stream, Name: c.Name, Durable: c.Durable, Description: c.Description,
		DeliverPolicy: nameOf(DeliverNames, c.DeliverPolicy),
		OptStartSeq:   c.OptStartSeq, OptStartTime: c.OptStartTime,
		AckPolicy: nameOf(AckNames, c.AckPolicy), AckWait: millis(c.AckWait), MaxDeliver: c.MaxDeliver,
		FilterSubject: c.FilterSubject, FilterSubjects: c.FilterSubjects,
		ReplayPolicy: nameOf(ReplayNames, c.ReplayPolicy), RateLimit: c.RateLimit,
		SampleFrequency: c.SampleFrequency, MaxWaiting: c.MaxWaiting, MaxAckPending: c.MaxAckPending,
		HeadersOnly: c.HeadersOnly, MaxRequestBatch: c.MaxRequestBatch,
		MaxRequestExpires: millis(c.MaxRequestExpires), MaxRequestMaxBytes: c.MaxRequestMaxBytes,
		InactiveThreshold: millis(c.InactiveThreshold), Replicas: c.Replicas, MemoryStorage: c.MemoryStorage,
		Metadata: c.Metadata, DeliverSubject: c.DeliverSubject, DeliverGroup: c.DeliverGroup,
		FlowControl: c.FlowControl, IdleHeartbeat: millis(c.IdleHeartbeat),
	}
	for _, d := range c.BackOff {
		out.BackOff = append(out.BackOff, millis(d))
	}
	return out
}

// validName reports why a stream, consumer or bucket name is unusable.
func validName(name string) error {
	if strings.ContainsAny(name, " \t\r\n.*>/\\") {
		return fmt.Errorf("%q must not contain whitespace, '.', '*', '>', '/' or '\\'", name)
	}
	return nil
}

// millis renders a duration for scripts.
func millis(d time.Duration) float64 {
	return float64(d) / float64(time.Millisecond)
}
