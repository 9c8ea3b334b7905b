package nats

import (
	"math"
	"strconv"
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

var (
	retentionNames = map[string]jetstream.RetentionPolicy{"limits": jetstream.LimitsPolicy, "interest": jetstream.InterestPolicy, "workqueue": jetstream.WorkQueuePolicy}
	discardNames   = map[string]jetstream.DiscardPolicy{"old": jetstream.DiscardOld, "new": jetstream.DiscardNew}
	storageNames   = map[string]jetstream.StorageType{"file": jetstream.FileStorage, "memory": jetstream.MemoryStorage}
	compressNames  = map[string]jetstream.StoreCompression{"none": jetstream.NoCompression, "s2": jetstream.S2Compression}
	deliverNames   = map[string]jetstream.DeliverPolicy{
		"all": jetstream.DeliverAllPolicy, "last": jetstream.DeliverLastPolicy, "new": jetstream.DeliverNewPolicy,
		"byStartSequence": jetstream.DeliverByStartSequencePolicy, "byStartTime": jetstream.DeliverByStartTimePolicy,
		"lastPerSubject": jetstream.DeliverLastPerSubjectPolicy,
	}
	ackNames    = map[string]jetstream.AckPolicy{"none": jetstream.AckNonePolicy, "all": jetstream.AckAllPolicy, "explicit": jetstream.AckExplicitPolicy}
	replayNames = map[string]jetstream.ReplayPolicy{"instant": jetstream.ReplayInstantPolicy, "original": jetstream.ReplayOriginalPolicy}
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

// ParseStreamConfig validates a script's stream options; an invalid value
// is a 1003 error naming the field, a missing name is 1015.
func ParseStreamConfig(opts map[string]any) (jetstream.StreamConfig, error) {
	r := newFieldReader("stream config", opts)
	cfg := jetstream.StreamConfig{
		Name:                   r.str("name"),
		Description:            r.str("description"),
		Subjects:               r.strs("subjects"),
		Retention:              choice(r, "retention", jetstream.LimitsPolicy, retentionNames),
		MaxConsumers:           int(r.number("maxConsumers", -1, math.MaxInt32)),
		MaxMsgs:                r.number("maxMsgs", -1, math.MaxInt64),
		MaxBytes:               r.number("maxBytes", -1, math.MaxInt64),
		Discard:                choice(r, "discard", jetstream.DiscardOld, discardNames),
		DiscardNewPerSubject:   r.boolean("discardNewPerSubject"),
		MaxAge:                 r.duration("maxAge"),
		MaxMsgsPerSubject:      r.number("maxMsgsPerSubject", -1, math.MaxInt64),
		MaxMsgSize:             int32(r.number("maxMsgSize", -1, math.MaxInt32)),
		Storage:                choice(r, "storage", jetstream.FileStorage, storageNames),
		Replicas:               int(r.number("replicas", 0, 5)),
		NoAck:                  r.boolean("noAck"),
		Duplicates:             r.duration("duplicateWindow"),
		Sealed:                 r.boolean("sealed"),
		DenyDelete:             r.boolean("denyDelete"),
		DenyPurge:              r.boolean("denyPurge"),
		AllowRollup:            r.boolean("allowRollup"),
		Compression:            choice(r, "compression", jetstream.NoCompression, compressNames),
		FirstSeq:               uint64(r.number("firstSeq", 0, math.MaxInt64)),
		AllowDirect:            r.boolean("allowDirect"),
		MirrorDirect:           r.boolean("mirrorDirect"),
		AllowMsgTTL:            r.boolean("allowMsgTtl"),
		SubjectDeleteMarkerTTL: r.duration("subjectDeleteMarkerTtl"),
		Metadata:               r.strMap("metadata"),
	}
	if m := r.nested("mirror"); m != nil {
		cfg.Mirror = readSource(m)
		r.adopt(m)
	}
	if list, ok := r.get("sources"); ok {
		items, isList := list.([]any)
		if !isList {
			r.fail("sources", "expected an array of objects, got %T", list)
		}
		for i, item := range items {
			m, isMap := item.(map[string]any)
			if !isMap {
				r.fail("sources", "item %d: expected an object, got %T", i, item)
				break
			}
			sr := &fieldReader{what: r.what, prefix: "sources[" + strconv.Itoa(i) + "].", opts: m, used: map[string]bool{}}
			cfg.Sources = append(cfg.Sources, readSource(sr))
			r.adopt(sr)
		}
	}
	if rp := r.nested("republish"); rp != nil {
		cfg.RePublish = &jetstream.RePublish{Source: rp.str("src"), Destination: rp.str("dest"), HeadersOnly: rp.boolean("headersOnly")}
		if cfg.RePublish.Destination == "" {
			rp.fail("dest", "is required")
		}
		r.adopt(rp)
	}
	if cl := r.nested("consumerLimits"); cl != nil {
		cfg.ConsumerLimits = jetstream.StreamConsumerLimits{
			InactiveThreshold: cl.duration("inactiveThreshold"),
			MaxAckPending:     int(cl.number("maxAckPending", 0, math.MaxInt32)),
		}
		r.adopt(cl)
	}
	if err := r.err(); err != nil {
		return cfg, err
	}
	if cfg.Name == "" {
		return cfg, newError(CodeEmptyStreamName, nil, "stream config field name is required")
	}
	if err := validName(cfg.Name); err != nil {
		return cfg, invalidConfig("stream config field name", "%v", err)
	}
	return cfg, nil
}

func readSource(r *fieldReader) *jetstream.StreamSource {
	src := &jetstream.StreamSource{
		Name:          r.str("name"),
		OptStartSeq:   uint64(r.number("optStartSeq", 0, math.MaxInt64)),
		FilterSubject: r.str("filterSubject"),
	}
	if src.Name == "" {
		r.fail("name", "is required")
	}
	return src
}

// StreamConfigData reports a server-side stream configuration to scripts.
func StreamConfigData(c jetstream.StreamConfig) StreamConfig {
	out := StreamConfig{
		Name: c.Name, Description: c.Description, Subjects: c.Subjects,
		Retention: nameOf(retentionNames, c.Retention), MaxConsumers: c.MaxConsumers,
		MaxMsgs: c.MaxMsgs, MaxBytes: c.MaxBytes, Discard: nameOf(discardNames, c.Discard),
		DiscardNewPerSubject: c.DiscardNewPerSubject, MaxAge: millis(c.MaxAge),
		MaxMsgsPerSubject: c.MaxMsgsPerSubject, MaxMsgSize: c.MaxMsgSize,
		Storage: nameOf(storageNames, c.Storage), Replicas: c.Replicas, NoAck: c.NoAck,
		DuplicateWindow: millis(c.Duplicates), Sealed: c.Sealed, DenyDelete: c.DenyDelete,
		DenyPurge: c.DenyPurge, AllowRollup: c.AllowRollup, Compression: nameOf(compressNames, c.Compression),
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

// ParseConsumerConfig validates a script's consumer options. It returns
// the stream the options name (may be empty) beside the config.
func ParseConsumerConfig(opts map[string]any) (stream string, cfg jetstream.ConsumerConfig, err error) {
	r := newFieldReader("consumer config", opts)
	stream = r.str("stream")
	cfg = jetstream.ConsumerConfig{
		Name:               r.str("name"),
		Durable:            r.str("durable"),
		Description:        r.str("description"),
		DeliverPolicy:      choice(r, "deliverPolicy", jetstream.DeliverAllPolicy, deliverNames),
		OptStartSeq:        uint64(r.number("optStartSeq", 0, math.MaxInt64)),
		OptStartTime:       r.timestamp("optStartTime"),
		AckPolicy:          choice(r, "ackPolicy", jetstream.AckExplicitPolicy, ackNames),
		AckWait:            r.duration("ackWait"),
		MaxDeliver:         int(r.number("maxDeliver", -1, math.MaxInt32)),
		BackOff:            r.durations("backoff"),
		FilterSubject:      r.str("filterSubject"),
		FilterSubjects:     r.strs("filterSubjects"),
		ReplayPolicy:       choice(r, "replayPolicy", jetstream.ReplayInstantPolicy, replayNames),
		RateLimit:          uint64(r.number("rateLimit", 0, math.MaxInt64)),
		SampleFrequency:    r.str("sampleFrequency"),
		MaxWaiting:         int(r.number("maxWaiting", 0, math.MaxInt32)),
		MaxAckPending:      int(r.number("maxAckPending", -1, math.MaxInt32)),
		HeadersOnly:        r.boolean("headersOnly"),
		MaxRequestBatch:    int(r.number("maxRequestBatch", 0, math.MaxInt32)),
		MaxRequestExpires:  r.duration("maxRequestExpires"),
		MaxRequestMaxBytes: int(r.number("maxRequestMaxBytes", 0, math.MaxInt32)),
		InactiveThreshold:  r.duration("inactiveThreshold"),
		Replicas:           int(r.number("replicas", 0, 5)),
		MemoryStorage:      r.boolean("memoryStorage"),
		Metadata:           r.strMap("metadata"),
		DeliverSubject:     r.str("deliverSubject"),
		DeliverGroup:       r.str("deliverGroup"),
		FlowControl:        r.boolean("flowControl"),
		IdleHeartbeat:      r.duration("idleHeartbeat"),
	}
	if e := r.err(); e != nil {
		return stream, cfg, e
	}
	for _, f := range [][2]string{{"durable", cfg.Durable}, {"name", cfg.Name}} {
		if err := validName(f[1]); f[1] != "" && err != nil {
			return stream, cfg, invalidConfig("consumer config field "+f[0], "%v", err)
		}
	}
	if cfg.Durable != "" && cfg.Name != "" && cfg.Durable != cfg.Name {
		return stream, cfg, invalidConfig("consumer config field name", "%q differs from durable %q", cfg.Name, cfg.Durable)
	}
	if cfg.DeliverPolicy == jetstream.DeliverByStartSequencePolicy && cfg.OptStartSeq == 0 {
		return stream, cfg, invalidConfig("consumer config field optStartSeq", "is required with deliverPolicy 'byStartSequence'")
	}
	if cfg.DeliverPolicy == jetstream.DeliverByStartTimePolicy && cfg.OptStartTime == nil {
		return stream, cfg, invalidConfig("consumer config field optStartTime", "is required with deliverPolicy 'byStartTime'")
	}
	if cfg.FilterSubject != "" && len(cfg.FilterSubjects) > 0 {
		return stream, cfg, invalidConfig("consumer config field filterSubjects", "cannot be combined with filterSubject")
	}
	return stream, cfg, nil
}

// ConsumerConfigData reports a server-side consumer configuration.
func ConsumerConfigData(stream string, c jetstream.ConsumerConfig) ConsumerConfig {
	out := ConsumerConfig{
		Stream: stream, Name: c.Name, Durable: c.Durable, Description: c.Description,
		DeliverPolicy: nameOf(deliverNames, c.DeliverPolicy),
		OptStartSeq:   c.OptStartSeq, OptStartTime: c.OptStartTime,
		AckPolicy: nameOf(ackNames, c.AckPolicy), AckWait: millis(c.AckWait), MaxDeliver: c.MaxDeliver,
		FilterSubject: c.FilterSubject, FilterSubjects: c.FilterSubjects,
		ReplayPolicy: nameOf(replayNames, c.ReplayPolicy), RateLimit: c.RateLimit,
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
