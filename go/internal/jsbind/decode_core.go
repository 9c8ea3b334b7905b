package jsbind

import (
	"math"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

// decodePublish reads publish(subject, data, options): headers ({name:
// string | string[]}), reply and timestamp. No options cost nothing: this
// runs once per message.
func decodePublish(m map[string]any) (natsmod.PublishOptions, error) {
	if len(m) == 0 {
		return natsmod.PublishOptions{}, nil
	}
	r := optread.New("publish", m)
	o := natsmod.PublishOptions{Headers: nats.Header(r.Headers("headers"))}
	o.Reply = r.String("reply")
	o.Timestamp = r.Bool("timestamp")
	return o, natsmod.ConfigError(r.Done())
}

// decodeRequest reads request's options (headers, timestamp) beside its
// timeout argument.
func decodeRequest(m map[string]any, o natsmod.RequestOptions) (natsmod.RequestOptions, error) {
	if len(m) == 0 {
		return o, nil
	}
	r := optread.New("request", m)
	o.Headers = nats.Header(r.Headers("headers"))
	o.Timestamp = r.Bool("timestamp")
	return o, natsmod.ConfigError(r.Done())
}

// subscribeOptions are subscribe's options: natsmod's, and batch (the
// handler gets arrays: natsmod.SubscribeBatch).
type subscribeOptions struct {
	natsmod.SubscribeOptions
	batch bool
}

// decodeSubscribe reads subscribe's pendingMsgs and pendingBytes (a
// positive limit, or -1 for none), timestamp and batch.
func decodeSubscribe(m map[string]any) (subscribeOptions, error) {
	if len(m) == 0 {
		return subscribeOptions{}, nil
	}
	r := optread.New("subscribe", m)
	o := subscribeOptions{SubscribeOptions: natsmod.SubscribeOptions{PendingMsgs: pendingLimit(r, "pendingMsgs"), PendingBytes: pendingLimit(r, "pendingBytes")}}
	// Where nats_e2e_latency finds the send time: the header (always
	// read) or also the payload's first 8 bytes.
	o.PayloadTimestamp = optread.Choice(r, "timestamp", false, map[string]bool{"header": false, "payload": true})
	o.batch = r.Bool("batch")
	return o, natsmod.ConfigError(r.Done())
}

// pendingLimit reads a positive limit or -1; 0 would be nats.go's "no
// room at all", so it is refused rather than read as the default.
func pendingLimit(r *optread.Reader, key string) int {
	if !r.Has(key) {
		return 0
	}
	n := r.Int(key, -1, math.MaxInt32)
	if n == 0 {
		r.Fail(key, "must be positive, or -1 for no limit")
	}
	return int(n)
}
