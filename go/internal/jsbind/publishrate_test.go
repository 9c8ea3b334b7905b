package jsbind

import (
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

func TestDecodePublishRateNamesTheField(t *testing.T) {
	decode := func(m map[string]any) error { _, err := decodePublishRate(m); return err }
	cases := []struct {
		err   error
		field string
	}{
		{decode(map[string]any{"subject": "s", "rte": int64(10)}), "publishRate.rte: unknown option"},
		{decode(map[string]any{"rate": "fast"}), "publishRate.rate: expected a number"},
		{decode(map[string]any{"duration": "10 s"}), "publishRate.duration: expected milliseconds or a duration"},
		{decode(map[string]any{"stages": []any{map[string]any{"target": int64(1), "for": "1s"}}}), "publishRate.stages[0].for: unknown option"},
		{decode(map[string]any{"mode": "stream"}), `publishRate.mode: "stream" is not one of 'core', 'jetstream', 'request'`},
		{decode(map[string]any{"timestamp": true}), "publishRate.timestamp: expected a string"},
		{decode(map[string]any{"payload": true}), "publishRate.payload: expected a string, an ArrayBuffer"},
		{decode(map[string]any{"payload": map[string]any{}}), "publishRate.payload.template: required"},
		{decode(map[string]any{"payload": map[string]any{"template": "{{id}}"}}), "publishRate.payload.template: unknown field {{id}}"},
		{decode(map[string]any{"payload": map[string]any{"template": "x", "size": int64(1)}}), "publishRate.payload.size: unknown option"},
		{decode(map[string]any{"payload": 1.5}), "publishRate.payload: expected a whole number"},
		{decode(map[string]any{"connections": int64(0)}), "publishRate.connections: 0 is out of range"},
		{decode(map[string]any{"maxInFlight": int64(0)}), "publishRate.maxInFlight: 0 is out of range"},
	}
	for _, tc := range cases {
		wantFieldError(t, tc.field, tc.err, tc.field)
	}
}

func TestDecodePublishRateValues(t *testing.T) {
	o, err := decodePublishRate(map[string]any{
		"subject": "s", "stages": []any{map[string]any{"target": int64(100), "duration": "2s"}, map[string]any{"target": 50.5, "duration": int64(500)}},
		"payload": int64(16), "mode": "jetstream", "maxInFlight": int64(7), "timeout": "1s", "warmup": "250ms",
		"connections": int64(3), "timestamp": "payload",
	})
	want := []natsmod.RateStage{{Target: 100, Duration: 2 * time.Second}, {Target: 50.5, Duration: 500 * time.Millisecond}}
	if err != nil || len(o.Stages) != 2 || o.Stages[0] != want[0] || o.Stages[1] != want[1] || len(o.Payload) != 16 ||
		o.Mode != natsmod.PublishJetStream || o.MaxInFlight != 7 || o.Timeout != time.Second || o.Warmup != 250*time.Millisecond ||
		o.Connections != 3 || o.Timestamp != natsmod.TimestampPayload {
		t.Fatalf("%+v, %v", o, err)
	}
	o, err = decodePublishRate(map[string]any{"subject": "s", "payload": map[string]any{"template": `{"n":{{seq}}}`}})
	if err != nil || o.Template == nil || o.Payload != nil || string(o.Template.Render(nil, 3, time.Now(), nil)) != `{"n":3}` {
		t.Fatalf("%+v, %v", o, err)
	}
	if o, err := decodePublishRate(map[string]any{"subject": "s", "mode": "request"}); err != nil || o.Mode != natsmod.PublishRequest {
		t.Fatalf("%+v, %v", o, err)
	}
	o, err = decodePublishRate(map[string]any{"subject": "s", "rate": int64(10), "duration": int64(1000), "payload": "héllo"})
	if err != nil || o.Rate != 10 || o.Duration != time.Second || string(o.Payload) != "héllo" ||
		o.Mode != natsmod.PublishCore || o.Timestamp != natsmod.TimestampConnection {
		t.Fatalf("%+v, %v", o, err)
	}
}

// subscribe's timestamp says where nats_e2e_latency finds the send time.
func TestDecodeSubscribeTimestamp(t *testing.T) {
	o, err := decodeSubscribe(map[string]any{"timestamp": "payload"})
	if err != nil || !o.PayloadTimestamp {
		t.Fatalf("%+v, %v", o, err)
	}
	if o, err := decodeSubscribe(map[string]any{"timestamp": "header"}); err != nil || o.PayloadTimestamp {
		t.Fatalf("%+v, %v", o, err)
	}
	_, err = decodeSubscribe(map[string]any{"timestamp": "body"})
	wantFieldError(t, "subscribe.timestamp", err, `subscribe.timestamp: "body" is not one of 'header', 'payload'`)
}
