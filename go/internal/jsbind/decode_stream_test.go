package jsbind

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/natsmod"
)

// TestDecodeStreamAndConsumerNameTheField checks that every kind of bad
// value, at any depth, is a 1003 error whose message starts with the
// field's path.
func TestDecodeStreamAndConsumerNameTheField(t *testing.T) {
	stream := func(opts map[string]any) error { _, err := decodeStreamConfig(opts); return err }
	consumer := func(opts map[string]any) error { _, _, err := decodeConsumerConfig(opts); return err }
	ordered := func(opts map[string]any) error { _, err := decodeOrderedConsumer(opts); return err }
	consume := func(opts map[string]any) error { _, err := decodeConsume(opts); return err }
	purge := func(opts map[string]any) error { _, err := decodePurge(opts); return err }
	cases := []struct {
		err   error
		field string
	}{
		{stream(map[string]any{"name": "S", "maxAgee": 5}), "streamConfig.maxAgee: unknown option"},
		{stream(map[string]any{"name": "S", "mirror": map[string]any{"name": "M", "nme": "x"}}), "streamConfig.mirror.nme: unknown option"},
		{stream(map[string]any{"name": "S", "sources": []any{map[string]any{"name": "A"}, map[string]any{}}}), "streamConfig.sources[1].name: is required"},
		{stream(map[string]any{"name": "S", "sources": []any{"A"}}), "streamConfig.sources: element 0: expected an object"},
		{stream(map[string]any{"name": "S", "republish": map[string]any{"src": ">"}}), "streamConfig.republish.dest: is required"},
		{stream(map[string]any{"name": "S", "maxMsgs": int64(-2)}), "streamConfig.maxMsgs: -2 is out of range"},
		{stream(map[string]any{"name": "S", "replicas": 1.5}), "streamConfig.replicas: expected a whole number"},
		{stream(map[string]any{"name": "S", "maxAge": "soon"}), "streamConfig.maxAge: expected milliseconds or a duration"},
		{stream(map[string]any{"name": "S", "retention": "forever"}), "streamConfig.retention: \"forever\" is not one of"},
		{stream(map[string]any{"name": "S", "storage": "tape"}), "streamConfig.storage: \"tape\" is not one of 'file', 'memory'"},
		{stream(map[string]any{"name": "S", "metadata": map[string]any{"k": true}}), "streamConfig.metadata.k: expected a string, got a boolean"},
		{consumer(map[string]any{"durable": "D", "backoff": []any{int64(1), "x"}}), "consumerConfig.backoff: element 1: expected milliseconds"},
		{consumer(map[string]any{"durable": "D", "ackPolicy": "sometimes"}), "consumerConfig.ackPolicy: \"sometimes\" is not one of"},
		{consumer(map[string]any{"optStartTime": true}), "consumerConfig.optStartTime: expected a Date"},
		{consumer(map[string]any{"filterSubjects": []any{"a", int64(1)}}), "consumerConfig.filterSubjects: element 1: expected a string"},
		{ordered(map[string]any{"filterSubject": int64(1)}), "orderedConsumer.filterSubject: expected a string"},
		{ordered(map[string]any{"deliverPolicy": "sometime"}), "orderedConsumer.deliverPolicy: \"sometime\" is not one of"},
		{consume(map[string]any{"stopAfter": int64(-1)}), "consume.stopAfter: -1 is out of range"},
		{consume(map[string]any{"expires": "later"}), "consume.expires: expected milliseconds or a duration"},
		{purge(map[string]any{"kep": int64(1)}), "purgeStream.kep: unknown option"},
	}
	for _, tc := range cases {
		wantFieldError(t, tc.field, tc.err, tc.field)
	}
}

// null is absent and -1 means unlimited.
func TestDecodeStreamAbsentAndUnlimited(t *testing.T) {
	cfg, err := decodeStreamConfig(map[string]any{"name": "S", "description": nil, "maxMsgs": int64(-1)})
	if err != nil || cfg.MaxMsgs != -1 || cfg.Description != "" {
		t.Fatalf("config %+v, %v", cfg, err)
	}
}

// NATS options take k6's durations, days included, as setupTimeout does.
func TestStreamConfigTakesK6Durations(t *testing.T) {
	cfg, err := decodeStreamConfig(map[string]any{"name": "S", "maxAge": "1d", "duplicateWindow": "1h30m"})
	if err != nil || cfg.MaxAge != 24*time.Hour || cfg.Duplicates != 90*time.Minute {
		t.Fatalf("maxAge %v, duplicateWindow %v, %v", cfg.MaxAge, cfg.Duplicates, err)
	}
}

// Every field a script may set reaches nats.go's config: durations as
// milliseconds or k6 strings, policies by name.
func TestDecodeStreamConfigEveryField(t *testing.T) {
	got, err := decodeStreamConfig(map[string]any{
		"name": "ALL", "description": "every field", "subjects": []any{"all.>"}, "retention": "limits",
		"maxConsumers": int64(10), "maxMsgs": int64(1000), "maxBytes": int64(1 << 20), "discard": "new",
		"maxAge": int64(3_600_000), "maxMsgsPerSubject": int64(5), "maxMsgSize": int64(4096),
		"storage": "memory", "replicas": int64(1), "noAck": false, "duplicateWindow": "30s",
		"denyDelete": true, "denyPurge": true, "allowRollup": true, "sealed": false, "compression": "s2",
		"allowDirect": true, "mirrorDirect": true, "metadata": map[string]any{"team": "load"},
		"allowMsgTtl": true, "subjectDeleteMarkerTtl": int64(60_000), "firstSeq": int64(7),
		"discardNewPerSubject": true,
		"mirror":               map[string]any{"name": "M", "optStartSeq": int64(2), "filterSubject": "m.>"},
		"republish":            map[string]any{"src": "all.>", "dest": "copy.>", "headersOnly": true},
		"consumerLimits":       map[string]any{"inactiveThreshold": int64(60_000), "maxAckPending": int64(50)},
		"sources":              []any{map[string]any{"name": "SRC", "filterSubject": "src.a"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := jetstream.StreamConfig{
		Name: "ALL", Description: "every field", Subjects: []string{"all.>"}, Retention: jetstream.LimitsPolicy,
		MaxConsumers: 10, MaxMsgs: 1000, MaxBytes: 1 << 20, Discard: jetstream.DiscardNew,
		MaxAge: time.Hour, MaxMsgsPerSubject: 5, MaxMsgSize: 4096,
		Storage: jetstream.MemoryStorage, Replicas: 1, Duplicates: 30 * time.Second,
		DenyDelete: true, DenyPurge: true, AllowRollup: true, Compression: jetstream.S2Compression,
		AllowDirect: true, MirrorDirect: true, Metadata: map[string]string{"team": "load"},
		AllowMsgTTL: true, SubjectDeleteMarkerTTL: time.Minute, FirstSeq: 7, DiscardNewPerSubject: true,
		Mirror:         &jetstream.StreamSource{Name: "M", OptStartSeq: 2, FilterSubject: "m.>"},
		RePublish:      &jetstream.RePublish{Source: "all.>", Destination: "copy.>", HeadersOnly: true},
		ConsumerLimits: jetstream.StreamConsumerLimits{InactiveThreshold: time.Minute, MaxAckPending: 50},
		Sources:        []*jetstream.StreamSource{{Name: "SRC", FilterSubject: "src.a"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded\n got %+v\nwant %+v", got, want)
	}
}

func TestDecodeConsumerConfigEveryField(t *testing.T) {
	stream, got, err := decodeConsumerConfig(map[string]any{
		"stream": "S", "durable": "ALL", "name": "ALL", "description": "every field", "deliverPolicy": "byStartSequence",
		"optStartSeq": int64(3), "ackPolicy": "explicit", "ackWait": int64(10_000), "maxDeliver": int64(5),
		"backoff": []any{int64(1000), "2s"}, "filterSubjects": []any{"s.a", "s.b"}, "replayPolicy": "original",
		"sampleFrequency": "50%", "maxWaiting": int64(16), "maxAckPending": int64(100), "headersOnly": true,
		"maxRequestBatch": int64(50), "maxRequestExpires": int64(30_000), "maxRequestMaxBytes": int64(1 << 16),
		"inactiveThreshold": int64(120_000), "replicas": int64(1), "memoryStorage": true,
		"metadata": map[string]any{"k": "v"}, "rateLimit": int64(1 << 20),
		"deliverSubject": "deliver.here", "deliverGroup": "g", "flowControl": true, "idleHeartbeat": "5s",
	})
	if err != nil || stream != "S" {
		t.Fatal(stream, err)
	}
	want := jetstream.ConsumerConfig{
		Durable: "ALL", Name: "ALL", Description: "every field", DeliverPolicy: jetstream.DeliverByStartSequencePolicy,
		OptStartSeq: 3, AckPolicy: jetstream.AckExplicitPolicy, AckWait: 10 * time.Second, MaxDeliver: 5,
		BackOff: []time.Duration{time.Second, 2 * time.Second}, FilterSubjects: []string{"s.a", "s.b"}, ReplayPolicy: jetstream.ReplayOriginalPolicy,
		SampleFrequency: "50%", MaxWaiting: 16, MaxAckPending: 100, HeadersOnly: true,
		MaxRequestBatch: 50, MaxRequestExpires: 30 * time.Second, MaxRequestMaxBytes: 1 << 16,
		InactiveThreshold: 2 * time.Minute, Replicas: 1, MemoryStorage: true,
		Metadata: map[string]string{"k": "v"}, RateLimit: 1 << 20,
		DeliverSubject: "deliver.here", DeliverGroup: "g", FlowControl: true, IdleHeartbeat: 5 * time.Second,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decoded\n got %+v\nwant %+v", got, want)
	}
	_, cfg, err := decodeConsumerConfig(map[string]any{"deliverPolicy": "by_start_time", "optStartTime": "2026-01-02T03:04:05+01:00", "ackPolicy": "all"})
	if err != nil || cfg.DeliverPolicy != jetstream.DeliverByStartTimePolicy || cfg.AckPolicy != jetstream.AckAllPolicy ||
		!cfg.OptStartTime.Equal(time.Date(2026, 1, 2, 2, 4, 5, 0, time.UTC)) {
		t.Fatalf("start time %+v, %v", cfg, err)
	}
}

// What no single field shows is natsmod's to check, with the same
// messages whichever layer asks.
func TestConsumerConfigChecks(t *testing.T) {
	for opts, field := range map[string]string{
		`{"durable": "a.b"}`:                              "consumerConfig.durable",
		`{"durable": "D", "name": "E"}`:                   "consumerConfig.name",
		`{"deliverPolicy": "byStartSequence"}`:            "consumerConfig.optStartSeq",
		`{"deliverPolicy": "byStartTime"}`:                "consumerConfig.optStartTime",
		`{"filterSubject": "a", "filterSubjects": ["b"]}`: "consumerConfig.filterSubjects",
	} {
		_, cfg, err := decodeConsumerConfig(jsonObject(t, opts))
		if err != nil {
			t.Fatal(err)
		}
		wantFieldError(t, opts, natsmod.CheckConsumerConfig(cfg), field)
	}
}

// A stream the consumer config names must be the call's stream argument;
// an empty argument stays natsmod's 1015.
func TestConsumerConfigStreamMustMatchTheArgument(t *testing.T) {
	vu := newCoreVU(t)
	got := vu.run(t, `
const js = nats.jetStream(nats.connect());
js.addStream({ name: 'S', subjects: ['s.>'], storage: 'memory' });
const out = [];
for (const f of [
  () => js.addConsumer('S', { stream: 'T', durable: 'D' }),
  () => js.addConsumer('', { stream: 'T', durable: 'D' }),
  () => js.updateConsumer('S', { stream: 'S', durable: 'NEW' }),
]) {
  try { f(); out.push('no error'); } catch (e) { out.push(e.code + ' ' + e.message); }
}
out.push(js.addConsumer('S', { stream: 'S', durable: 'D' }).name);
var result = out.join('\n');
`)
	want := `1003 Invalid configuration (1003): consumerConfig.stream: "T" differs from the stream argument "S"` + "\n" +
		"1015 Stream name cannot be empty (1015): stream name is required\n"
	if !strings.HasPrefix(got.String(), want) || !strings.HasSuffix(got.String(), "\nD") || !strings.Contains(got.String(), "\n1026 ") {
		t.Fatalf("got\n%s", got)
	}
}
