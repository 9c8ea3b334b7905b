package jsbind

import (
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

func TestDecodeSampleNamesTheField(t *testing.T) {
	sample := func(m map[string]any) error { _, err := decodeSample(m); return err }
	cases := []struct {
		err   error
		field string
	}{
		{sample(map[string]any{"stream": "ORDERS"}), "sample.stream: unknown option"},
		{sample(map[string]any{"streams": []any{}}), "sample.streams: must not be empty"},
		{sample(map[string]any{"consumers": []any{"billing"}}), "sample.consumers: element 0: expected an object"},
		{sample(map[string]any{"consumers": []any{map[string]any{"stream": "S", "durable": "c"}}}), "sample.consumers[0].durable: unknown option"},
		{sample(map[string]any{"interval": "soon"}), "sample.interval"},
		{sample(map[string]any{"monitor": true}), "sample.monitor: expected a monitoring URL, a list of them or false, got true"},
		{sample(map[string]any{"monitor": int64(8222)}), "sample.monitor: expected an array of strings"},
		{sample(map[string]any{"connect": "nats://x"}), "sample.connect: expected nats.connect's options"},
		{sample(map[string]any{"connect": map[string]any{"url": "nats://x"}}), "connect.url: unknown option"},
	}
	for _, tc := range cases {
		wantFieldError(t, tc.field, tc.err, tc.field)
	}
}

func TestDecodeSampleValues(t *testing.T) {
	o, err := decodeSample(map[string]any{
		"streams":   "ORDERS",
		"consumers": []any{map[string]any{"stream": "ORDERS", "name": "billing"}},
		"interval":  "2s",
		"monitor":   []any{"http://a:8222", "http://b:8222"},
		"connect":   map[string]any{"urls": "nats://a:4222", "user": "u", "pass": "p"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := natsmod.ConsumerRef{Stream: "ORDERS", Name: "billing"}
	if len(o.Streams) != 1 || o.Streams[0] != "ORDERS" || len(o.Consumers) != 1 || o.Consumers[0] != want ||
		o.Interval != 2*time.Second || len(o.Monitors) != 2 || o.Connect.URLs[0] != "nats://a:4222" || o.Connect.User != "u" {
		t.Fatalf("decoded %+v", o)
	}
	off, err := decodeSample(map[string]any{"monitor": false, "interval": int64(500)})
	if err != nil || !off.NoMonitor || off.Interval != 500*time.Millisecond {
		t.Fatalf("monitor false: %+v, %v", off, err)
	}
}

func FuzzDecodeSample(f *testing.F) {
	fuzzDecoder(f, func(_ *testing.T, m map[string]any) error { _, err := decodeSample(m); return err }, []string{"sample", "connect", "tls"},
		`{"streams":["ORDERS"],"consumers":[{"stream":"ORDERS","name":"billing"}],"interval":"1s","monitor":false}`,
		`{"streams":"S","monitor":["http://a:8222"],"connect":{"user":"u","pass":"p","timeout":100}}`,
		`{"consumers":[{"stream":1}],"interval":-5,"monitor":true,"connect":{"tls":{"insecureSkipVerify":1}}}`)
}
