package jsbind

import (
	"math"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

// decodeJetStream reads nats.jetStream(conn, options): domain, apiPrefix,
// timeout (ms or "5s"), maxPending (async publishes in flight).
func decodeJetStream(m map[string]any) (natsmod.JetStreamOptions, error) {
	r := optread.New("jetStream", m)
	o := natsmod.JetStreamOptions{Domain: r.Text("domain"), APIPrefix: r.Text("apiPrefix")}
	o.Timeout = r.Duration("timeout")
	o.MaxPending = int(r.Int("maxPending", 0, math.MaxInt32))
	return o, natsmod.ConfigError(r.Done())
}

// decodeJSPublish reads the options of js.publish, publishAsync and
// publishAsyncBulk. No options cost nothing: this runs once per message.
func decodeJSPublish(m map[string]any) (natsmod.JSPublishOptions, error) {
	var o natsmod.JSPublishOptions
	if len(m) == 0 {
		return o, nil
	}
	r := optread.New("js.publish", m)
	o.MsgID = r.Text("msgId")
	o.ExpectedStream = r.Text("expectedStream")
	// Sequences may be 0 ("expect nothing stored yet"), so presence counts.
	o.ExpectedLastSeq = sequence(r, "expectedLastSeq")
	o.ExpectedLastSubjectSeq = sequence(r, "expectedLastSubjectSeq")
	o.ExpectedLastMsgID = r.Text("expectedLastMsgId")
	o.TTL = r.Duration("ttl")
	o.Headers = nats.Header(r.Headers("headers"))
	o.Timeout = r.Duration("timeout")
	return o, natsmod.ConfigError(r.Done())
}

// sequence reads a sequence whose 0 means something; nil when absent.
func sequence(r *optread.Reader, key string) *uint64 {
	if !r.Has(key) {
		return nil
	}
	n := uint64(r.Int(key, 0, math.MaxInt64))
	return &n
}
