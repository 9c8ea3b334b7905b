package jsbind

import (
	"math"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

// decodeStreamConfig reads a script's stream config (streamConfig,
// addStream, updateStream): durations as milliseconds or k6 strings,
// policies by name. natsmod.CheckStreamConfig checks the name.
func decodeStreamConfig(opts map[string]any) (jetstream.StreamConfig, error) {
	r := optread.New("streamConfig", opts)
	cfg := jetstream.StreamConfig{
		Name:                   r.Text("name"),
		Description:            r.Text("description"),
		Subjects:               r.StringList("subjects"),
		Retention:              optread.Choice(r, "retention", jetstream.LimitsPolicy, natsmod.RetentionNames),
		MaxConsumers:           int(r.Int("maxConsumers", -1, math.MaxInt32)),
		MaxMsgs:                r.Int("maxMsgs", -1, math.MaxInt64),
		MaxBytes:               r.Int("maxBytes", -1, math.MaxInt64),
		Discard:                optread.Choice(r, "discard", jetstream.DiscardOld, natsmod.DiscardNames),
		DiscardNewPerSubject:   r.Bool("discardNewPerSubject"),
		MaxAge:                 r.Duration("maxAge"),
		MaxMsgsPerSubject:      r.Int("maxMsgsPerSubject", -1, math.MaxInt64),
		MaxMsgSize:             int32(r.Int("maxMsgSize", -1, math.MaxInt32)),
		Storage:                optread.Choice(r, "storage", jetstream.FileStorage, natsmod.StorageNames),
		Replicas:               int(r.Int("replicas", 0, 5)),
		NoAck:                  r.Bool("noAck"),
		Duplicates:             r.Duration("duplicateWindow"),
		Sealed:                 r.Bool("sealed"),
		DenyDelete:             r.Bool("denyDelete"),
		DenyPurge:              r.Bool("denyPurge"),
		AllowRollup:            r.Bool("allowRollup"),
		Compression:            optread.Choice(r, "compression", jetstream.NoCompression, natsmod.CompressionNames),
		FirstSeq:               uint64(r.Int("firstSeq", 0, math.MaxInt64)),
		AllowDirect:            r.Bool("allowDirect"),
		MirrorDirect:           r.Bool("mirrorDirect"),
		AllowMsgTTL:            r.Bool("allowMsgTtl"),
		SubjectDeleteMarkerTTL: r.Duration("subjectDeleteMarkerTtl"),
		Metadata:               r.StringMap("metadata"),
	}
	if m := r.Object("mirror"); m != nil {
		cfg.Mirror = readSource(m)
	}
	for _, sr := range r.Objects("sources") {
		cfg.Sources = append(cfg.Sources, readSource(sr))
	}
	if rp := r.Object("republish"); rp != nil {
		cfg.RePublish = &jetstream.RePublish{Source: rp.Text("src"), Destination: rp.Text("dest"), HeadersOnly: rp.Bool("headersOnly")}
		if cfg.RePublish.Destination == "" {
			rp.Fail("dest", "is required")
		}
	}
	if cl := r.Object("consumerLimits"); cl != nil {
		cfg.ConsumerLimits = jetstream.StreamConsumerLimits{
			InactiveThreshold: cl.Duration("inactiveThreshold"),
			MaxAckPending:     int(cl.Int("maxAckPending", 0, math.MaxInt32)),
		}
	}
	return cfg, natsmod.ConfigError(r.Done())
}

func readSource(r *optread.Reader) *jetstream.StreamSource {
	src := &jetstream.StreamSource{
		Name:          r.Text("name"),
		OptStartSeq:   uint64(r.Int("optStartSeq", 0, math.MaxInt64)),
		FilterSubject: r.Text("filterSubject"),
	}
	if src.Name == "" {
		r.Fail("name", "is required")
	}
	return src
}

// decodePurge reads js.purgeStream(name, options): subject, sequence, keep.
func decodePurge(m map[string]any) (natsmod.PurgeOptions, error) {
	r := optread.New("purgeStream", m)
	o := natsmod.PurgeOptions{Subject: r.Text("subject")}
	o.Sequence = uint64(r.Int("sequence", 0, math.MaxInt64))
	o.Keep = uint64(r.Int("keep", 0, math.MaxInt64))
	return o, natsmod.ConfigError(r.Done())
}
