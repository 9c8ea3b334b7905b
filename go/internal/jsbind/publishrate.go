package jsbind

import (
	"bytes"
	"math"

	"github.com/grafana/sobek"

	"github.com/pondigo/natsk6/go/internal/natsmod"
	"github.com/pondigo/natsk6/go/internal/optread"
)

func init() {
	registerShape("PublishRateResult", natsmod.PublishRateResult{})
}

// maxRatePayloadSize bounds a payload given as a size: NATS's largest
// max_payload setting.
const maxRatePayloadSize = 64 << 20

// connPublishRate starts an open-loop publisher in Go and returns a
// Promise of its PublishRateResult; bad options throw at once.
func connPublishRate(b *Binder, self *natsmod.Connection, call sobek.FunctionCall) sobek.Value {
	o, err := decodePublishRate(optionsArg(b, call, 0, "publishRate options"))
	b.Check(err)
	promise, settle := promiseOf(b, func(res *natsmod.PublishRateResult) sobek.Value { return rateResultObject(b, res) })
	b.Check(self.PublishRate(o, settle))
	return promise
}

// rateResultObject builds the PublishRateResult shape field by field, in
// the order its declaration gives (Data's JSON round trip would not keep it).
func rateResultObject(b *Binder, res *natsmod.PublishRateResult) sobek.Value {
	obj := b.RT.NewObject()
	_ = obj.Set("scheduled", res.Scheduled)
	_ = obj.Set("sent", res.Sent)
	_ = obj.Set("completed", res.Completed)
	_ = obj.Set("errors", res.Errors)
	_ = obj.Set("missed", res.Missed)
	_ = obj.Set("offeredRate", res.OfferedRate)
	_ = obj.Set("achievedRate", res.AchievedRate)
	_ = obj.Set("keptUp", res.KeptUp)
	return obj
}

// decodePublishRate reads conn.publishRate(options): durations as
// milliseconds or k6 duration strings, every unknown key a 1003 error.
// Ranges and combinations are natsmod's to check.
func decodePublishRate(m map[string]any) (natsmod.PublishRateOptions, error) {
	r := optread.New("publishRate", m)
	o := natsmod.PublishRateOptions{
		Subject:     r.String("subject"),
		Duration:    r.Duration("duration"),
		Connections: int(r.Int("connections", 1, math.MaxInt32)),
		MaxInFlight: int(r.Int("maxInFlight", 1, math.MaxInt32)),
		Timeout:     r.Duration("timeout"),
		Warmup:      r.Duration("warmup"),
	}
	o.Payload, o.Template = ratePayload(r)
	o.Rate, _ = r.Number("rate")
	for _, st := range r.Objects("stages") {
		target, _ := st.Number("target")
		o.Stages = append(o.Stages, natsmod.RateStage{Target: target, Duration: st.Duration("duration")})
	}
	o.Mode = optread.Choice(r, "mode", natsmod.PublishCore, map[string]natsmod.PublishMode{
		"core": natsmod.PublishCore, "jetstream": natsmod.PublishJetStream, "request": natsmod.PublishRequest,
	})
	o.Timestamp = optread.Choice(r, "timestamp", natsmod.TimestampConnection, map[string]natsmod.TimestampMode{
		"none": natsmod.TimestampNone, "header": natsmod.TimestampHeader, "payload": natsmod.TimestampPayload,
	})
	return o, natsmod.ConfigError(r.Done())
}

// ratePayload reads the payload: a string (UTF-8), an ArrayBuffer or
// Uint8Array (byte-exact), a size in bytes (zeros), or { template }
// rendered per message. The bytes are the run's own: it reads them on
// another goroutine.
func ratePayload(r *optread.Reader) ([]byte, *natsmod.PayloadTemplate) {
	v, ok := r.Take("payload")
	if !ok {
		return nil, nil
	}
	switch x := v.(type) {
	case string:
		return []byte(x), nil
	case sobek.ArrayBuffer:
		return bytes.Clone(x.Bytes()), nil
	case []byte:
		return bytes.Clone(x), nil
	case int64, float64:
		return make([]byte, r.Int("payload", 0, maxRatePayloadSize)), nil
	case map[string]any:
		p := r.Object("payload")
		if !p.Has("template") {
			p.Fail("template", "required: the text rendered per message")
		}
		src := p.String("template")
		if p.Failed() {
			return nil, nil
		}
		tpl, err := natsmod.CompilePayloadTemplate(src)
		if err != nil {
			p.Fail("template", "%v", err)
		}
		return nil, tpl
	}
	r.Fail("payload", "expected a string, an ArrayBuffer, a Uint8Array, a size in bytes or { template }, got %s", optread.TypeName(v))
	return nil, nil
}
