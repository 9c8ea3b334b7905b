package natsmod

import (
	"reflect"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/metrics"
	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// newJSEnv starts a JetStream server and returns one VU's JetStream context.
func newJSEnv(t *testing.T) (*coreEnv, *JetStream) {
	t.Helper()
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	js, err := e.module.JetStream(e.connect(t, ConnectOptions{}), JetStreamOptions{})
	if err != nil {
		t.Fatalf("jetStream: %v", err)
	}
	return e, js
}

func mustAddStream(t *testing.T, js *JetStream, opts jetstream.StreamConfig) *StreamInfo {
	t.Helper()
	info, err := js.AddStream(opts)
	if err != nil {
		t.Fatalf("addStream: %v", err)
	}
	return info
}

func TestStreamLifecycle(t *testing.T) {
	_, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}, Storage: jetstream.MemoryStorage})
	for i := 0; i < 3; i++ {
		if _, err := js.Publish("orders.new", []byte("x"), JSPublishOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	info, err := js.StreamInfo("ORDERS")
	if err != nil || info.State.Messages != 3 || info.State.LastSeq != 3 || info.Config.Storage != "memory" {
		t.Fatalf("info %+v, %v", info, err)
	}
	if _, err := js.UpdateStream(jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>", "refunds.>"}, Storage: jetstream.MemoryStorage}); err != nil {
		t.Fatal(err)
	}
	if info, _ := js.StreamInfo("ORDERS"); !reflect.DeepEqual(info.Config.Subjects, []string{"orders.>", "refunds.>"}) {
		t.Fatalf("subjects after update: %v", info.Config.Subjects)
	}
	names, err := js.StreamNames()
	if err != nil || !reflect.DeepEqual(names, []string{"ORDERS"}) {
		t.Fatalf("names %v, %v", names, err)
	}
	if err := js.DeleteMessage("ORDERS", 2); err != nil {
		t.Fatal(err)
	}
	if info, _ := js.StreamInfo("ORDERS"); info.State.Messages != 2 || info.State.NumDeleted != 1 {
		t.Fatalf("after deleteMessage: %+v", info.State)
	}
	wantCode(t, js.DeleteMessage("ORDERS", 2), CodeDeleteMessageFailed)
	if err := js.PurgeStream("ORDERS", PurgeOptions{Keep: 1}); err != nil {
		t.Fatal(err)
	}
	if info, _ := js.StreamInfo("ORDERS"); info.State.Messages != 1 {
		t.Fatalf("after purge keep 1: %+v", info.State)
	}
	if err := js.PurgeStream("ORDERS", PurgeOptions{}); err != nil {
		t.Fatal(err)
	}
	if info, _ := js.StreamInfo("ORDERS"); info.State.Messages != 0 {
		t.Fatalf("after purge: %+v", info.State)
	}
	acct, err := js.AccountInfo()
	if err != nil || acct.Streams != 1 {
		t.Fatalf("account %+v, %v", acct, err)
	}
	if err := js.DeleteStream("ORDERS"); err != nil {
		t.Fatal(err)
	}
	if names, _ := js.StreamNames(); len(names) != 0 {
		t.Fatalf("names after delete: %v", names)
	}
}

func TestStreamErrorCodes(t *testing.T) {
	_, js := newJSEnv(t)
	_, err := js.StreamInfo("MISSING")
	wantCode(t, err, CodeStreamNotFound)
	wantCode(t, js.DeleteStream("MISSING"), CodeStreamNotFound)
	wantCode(t, js.PurgeStream("MISSING", PurgeOptions{}), CodeStreamNotFound)
	wantCode(t, js.DeleteStream(""), CodeEmptyStreamName)
	_, err = js.AddStream(jetstream.StreamConfig{Subjects: []string{"a"}})
	wantCode(t, err, CodeEmptyStreamName)
	_, err = js.AddStream(jetstream.StreamConfig{Name: "a.b"})
	wantCode(t, err, CodeInvalidConfig)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s"}})
	_, err = js.AddStream(jetstream.StreamConfig{Name: "S", Subjects: []string{"other"}})
	wantCode(t, err, CodeAddStreamFailed)
	_, err = js.UpdateStream(jetstream.StreamConfig{Name: "NOPE", Subjects: []string{"n"}})
	wantCode(t, err, CodeStreamNotFound)
	_, err = js.UpdateStream(jetstream.StreamConfig{Name: "S", Subjects: []string{"s"}, Storage: jetstream.MemoryStorage})
	wantCode(t, err, CodeUpdateStreamFailed)
	_, err = js.Publish("", nil, JSPublishOptions{})
	wantCode(t, err, CodeEmptySubject)
	_, err = js.Publish("nobody.listens", nil, JSPublishOptions{Timeout: 500 * time.Millisecond})
	wantCode(t, err, CodeJSPublishFailed)
	_, err = js.PullMessages(nil, 1, 10*time.Millisecond)
	wantCode(t, err, CodeNilSubscription)
	wantCode(t, js.DeleteConsumer("S", ""), CodeEmptyConsumerName)
	_, err = js.ConsumerInfo("S", "none")
	wantCode(t, err, CodeConsumerNotFound)
	_, err = js.AddConsumer("S", jetstream.ConsumerConfig{Durable: "D", Name: "E"})
	wantCode(t, err, CodeInvalidConfig)
	_, err = js.AddConsumer("", jetstream.ConsumerConfig{Durable: "D"})
	wantCode(t, err, CodeEmptyStreamName)
	explicit := jetstream.ConsumerConfig{Durable: "D", AckPolicy: jetstream.AckExplicitPolicy}
	if _, err = js.AddConsumer("S", explicit); err != nil {
		t.Fatal(err)
	}
	again := explicit
	again.MaxDeliver = 3
	_, err = js.AddConsumer("S", again)
	wantCode(t, err, CodeAddConsumerFailed)
	_, err = js.UpdateConsumer("S", jetstream.ConsumerConfig{Durable: "NEW", AckPolicy: jetstream.AckExplicitPolicy})
	wantCode(t, err, CodeConsumerNotFound)
	_, err = js.UpdateConsumer("S", jetstream.ConsumerConfig{AckPolicy: jetstream.AckExplicitPolicy})
	wantCode(t, err, CodeEmptyConsumerName)
	newOnly := explicit
	newOnly.DeliverPolicy = jetstream.DeliverNewPolicy
	_, err = js.UpdateConsumer("S", newOnly)
	wantCode(t, err, CodeUpdateConsumerFailed)
	wantCode(t, js.DeleteConsumer("S", "none"), CodeConsumerNotFound)
	_, err = js.PullSubscribe("MISSING", "x", "D")
	wantCode(t, err, CodeStreamNotFound)
	_, err = js.PushSubscribe("MISSING", "x", "D", func(*JSMsg) {})
	wantCode(t, err, CodeStreamNotFound)
}

func TestJetStreamUnavailable(t *testing.T) {
	s := testsupport.StartServer(t, &server.Options{})
	e := newCoreEnv(t, s.ClientURL())
	_, err := e.module.JetStream(e.connect(t, ConnectOptions{}), JetStreamOptions{})
	wantCode(t, err, CodeJetStreamUnavailable)
	c := e.connect(t, ConnectOptions{})
	c.Close()
	_, err = e.module.JetStream(c, JetStreamOptions{})
	wantCode(t, err, CodeConnectionClosed)
}

func TestStreamConfigFieldsReadBack(t *testing.T) {
	_, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "SRC", Subjects: []string{"src.>"}, AllowDirect: true})
	mustAddStream(t, js, jetstream.StreamConfig{
		Name: "ALL", Description: "every field", Subjects: []string{"all.>"}, Retention: jetstream.LimitsPolicy,
		MaxConsumers: 10, MaxMsgs: 1000, MaxBytes: 1 << 20, Discard: jetstream.DiscardNew,
		MaxAge: time.Hour, MaxMsgsPerSubject: 5, MaxMsgSize: 4096,
		Storage: jetstream.MemoryStorage, Replicas: 1, Duplicates: 30 * time.Second,
		DenyDelete: true, Compression: jetstream.NoCompression,
		AllowDirect: true, Metadata: map[string]string{"team": "load"},
		AllowMsgTTL: true, SubjectDeleteMarkerTTL: time.Minute, FirstSeq: 7,
		RePublish:      &jetstream.RePublish{Source: "all.>", Destination: "copy.>", HeadersOnly: true},
		ConsumerLimits: jetstream.StreamConsumerLimits{InactiveThreshold: time.Minute, MaxAckPending: 50},
		Sources:        []*jetstream.StreamSource{{Name: "SRC", FilterSubject: "src.a"}},
	})
	info, err := js.StreamInfo("ALL")
	if err != nil {
		t.Fatal(err)
	}
	c := info.Config
	want := StreamConfig{
		Name: "ALL", Description: "every field", Subjects: []string{"all.>"}, Retention: "limits",
		MaxConsumers: 10, MaxMsgs: 1000, MaxBytes: 1 << 20, Discard: "new", MaxAge: 3_600_000,
		MaxMsgsPerSubject: 5, MaxMsgSize: 4096, Storage: "memory", Replicas: 1, DuplicateWindow: 30_000,
		DenyDelete: true, Compression: "none",
		AllowDirect: true, AllowRollup: true, // delete markers need roll-ups: the server sets it
		AllowMsgTTL: true, SubjectDeleteMarkerTTL: 60_000, FirstSeq: 7,
		RePublish:      &RePublish{Source: "all.>", Destination: "copy.>", HeadersOnly: true},
		ConsumerLimits: ConsumerLimits{InactiveThreshold: 60_000, MaxAckPending: 50},
		Sources:        []StreamSource{{Name: "SRC", FilterSubject: "src.a"}},
	}
	if c.Metadata["team"] != "load" {
		t.Fatalf("metadata %v", c.Metadata)
	}
	c.Metadata = nil // the server adds its own keys
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("read back\n got %+v\nwant %+v", c, want)
	}
	// A mirror and the other enums.
	mustAddStream(t, js, jetstream.StreamConfig{Name: "MIR", Mirror: &jetstream.StreamSource{Name: "SRC"}, Storage: jetstream.FileStorage, MirrorDirect: true})
	mustAddStream(t, js, jetstream.StreamConfig{Name: "WQ", Subjects: []string{"wq"}, Retention: jetstream.WorkQueuePolicy, Compression: jetstream.S2Compression, AllowRollup: true})
	mustAddStream(t, js, jetstream.StreamConfig{Name: "INT", Subjects: []string{"int"}, Retention: jetstream.InterestPolicy, Discard: jetstream.DiscardOld, DenyPurge: true})
	for name, check := range map[string]func(StreamConfig) bool{
		"MIR": func(c StreamConfig) bool { return c.Mirror != nil && c.Mirror.Name == "SRC" && c.MirrorDirect },
		"WQ":  func(c StreamConfig) bool { return c.Retention == "workqueue" && c.Compression == "s2" && c.AllowRollup },
		"INT": func(c StreamConfig) bool { return c.Retention == "interest" && c.Discard == "old" && c.DenyPurge },
	} {
		info, err := js.StreamInfo(name)
		if err != nil || !check(info.Config) {
			t.Fatalf("%s: %+v, %v", name, info, err)
		}
	}
}

func TestConsumerConfigFieldsReadBack(t *testing.T) {
	_, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}})
	set := jetstream.ConsumerConfig{
		Durable: "ALL", Description: "every field", DeliverPolicy: jetstream.DeliverByStartSequencePolicy,
		OptStartSeq: 3, AckPolicy: jetstream.AckExplicitPolicy, AckWait: 10 * time.Second, MaxDeliver: 5,
		BackOff: []time.Duration{time.Second, 2 * time.Second}, FilterSubjects: []string{"s.a", "s.b"}, ReplayPolicy: jetstream.ReplayInstantPolicy,
		SampleFrequency: "50%", MaxWaiting: 16, MaxAckPending: 100, HeadersOnly: true,
		MaxRequestBatch: 50, MaxRequestExpires: 30 * time.Second, MaxRequestMaxBytes: 1 << 16,
		InactiveThreshold: 2 * time.Minute, Replicas: 1, MemoryStorage: true,
		Metadata: map[string]string{"k": "v"},
	}
	if _, err := js.AddConsumer("S", set); err != nil {
		t.Fatal(err)
	}
	info, err := js.ConsumerInfo("S", "ALL")
	if err != nil {
		t.Fatal(err)
	}
	c := info.Config
	if c.Metadata["k"] != "v" {
		t.Fatalf("metadata %v", c.Metadata)
	}
	c.Metadata = nil
	want := ConsumerConfig{
		Stream: "S", Name: "ALL", Durable: "ALL", Description: "every field", DeliverPolicy: "byStartSequence",
		OptStartSeq: 3, AckPolicy: "explicit", AckWait: 1000 /* the server takes backoff[0] */, MaxDeliver: 5, BackOff: []float64{1000, 2000},
		FilterSubjects: []string{"s.a", "s.b"}, ReplayPolicy: "instant", SampleFrequency: "50%",
		MaxWaiting: 16, MaxAckPending: 100, HeadersOnly: true, MaxRequestBatch: 50, MaxRequestExpires: 30_000,
		MaxRequestMaxBytes: 1 << 16, InactiveThreshold: 120_000, Replicas: 1, MemoryStorage: true,
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("read back\n got %+v\nwant %+v", c, want)
	}
	// Push fields, start time, the remaining policies.
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	push := jetstream.ConsumerConfig{
		Durable: "PUSH", DeliverSubject: "deliver.here", DeliverGroup: "g", FlowControl: true,
		IdleHeartbeat: 5 * time.Second, DeliverPolicy: jetstream.DeliverByStartTimePolicy, OptStartTime: &start,
		AckPolicy: jetstream.AckAllPolicy, ReplayPolicy: jetstream.ReplayOriginalPolicy, RateLimit: 1 << 20, FilterSubject: "s.c",
	}
	if _, err := js.AddConsumer("S", push); err != nil {
		t.Fatal(err)
	}
	info, err = js.ConsumerInfo("S", "PUSH")
	if err != nil {
		t.Fatal(err)
	}
	c = info.Config
	if c.DeliverSubject != "deliver.here" || c.DeliverGroup != "g" || !c.FlowControl || c.IdleHeartbeat != 5000 ||
		c.DeliverPolicy != "byStartTime" || c.OptStartTime.Format("2006-01-02T15:04:05Z") != "2026-01-02T03:04:05Z" ||
		c.AckPolicy != "all" || c.ReplayPolicy != "original" || c.RateLimit != 1<<20 || c.FilterSubject != "s.c" {
		t.Fatalf("push config %+v", c)
	}
	for policy, deliver := range map[string]jetstream.DeliverPolicy{"last": jetstream.DeliverLastPolicy, "new": jetstream.DeliverNewPolicy, "lastPerSubject": jetstream.DeliverLastPerSubjectPolicy} {
		info, err := js.AddConsumer("S", jetstream.ConsumerConfig{Name: "P" + policy, DeliverPolicy: deliver, AckPolicy: jetstream.AckNonePolicy, FilterSubject: "s.a"})
		if err != nil || info.Config.DeliverPolicy != policy || info.Config.AckPolicy != "none" {
			t.Fatalf("%s: %+v, %v", policy, info, err)
		}
	}
	names, err := js.ConsumerNames("S")
	if err != nil || len(names) != 5 {
		t.Fatalf("consumer names %v, %v", names, err)
	}
	changed := push
	changed.Description = "changed"
	if _, err := js.UpdateConsumer("S", changed); err != nil {
		t.Fatal(err)
	}
	if info, _ := js.ConsumerInfo("S", "PUSH"); info.Config.Description != "changed" {
		t.Fatalf("update: %+v", info.Config)
	}
	if err := js.DeleteConsumer("S", "PUSH"); err != nil {
		t.Fatal(err)
	}
	_, err = js.ConsumerInfo("S", "PUSH")
	wantCode(t, err, CodeConsumerNotFound)
}

func TestPublishAckDedupAndExpectations(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}, Duplicates: time.Minute})
	ack, err := js.Publish("s.a", []byte("1"), JSPublishOptions{MsgID: "m1", Headers: nats.Header{"h": {"v"}}})
	if err != nil || ack.Stream != "S" || ack.Seq != 1 || ack.Duplicate {
		t.Fatalf("ack %+v, %v", ack, err)
	}
	ack, err = js.Publish("s.a", []byte("1 again"), JSPublishOptions{MsgID: "m1"})
	if err != nil || !ack.Duplicate || ack.Seq != 1 {
		t.Fatalf("duplicate ack %+v, %v", ack, err)
	}
	if _, err := js.Publish("s.a", []byte("2"), JSPublishOptions{ExpectedLastSeq: seq(1), ExpectedStream: "S"}); err != nil {
		t.Fatal(err)
	}
	_, err = js.Publish("s.a", []byte("3"), JSPublishOptions{ExpectedLastSeq: seq(1)})
	wantCode(t, err, CodeJSPublishFailed)
	_, err = js.Publish("s.a", []byte("3"), JSPublishOptions{ExpectedStream: "OTHER"})
	wantCode(t, err, CodeJSPublishFailed)
	_, err = js.Publish("s.b", []byte("3"), JSPublishOptions{ExpectedLastSubjectSeq: seq(5)})
	wantCode(t, err, CodeJSPublishFailed)
	if _, err := js.Publish("s.b", []byte("3"), JSPublishOptions{ExpectedLastSubjectSeq: seq(0)}); err != nil {
		t.Fatal(err)
	}
	if info, _ := js.StreamInfo("S"); info.State.Messages != 3 {
		t.Fatalf("stored %d, want 3", info.State.Messages)
	}
	if got := e.stats("nats_js_msgs_published").Sum; got != 3 {
		t.Fatalf("nats_js_msgs_published %v, want 3", got)
	}
	if got := e.stats("nats_js_duplicates").Sum; got != 1 {
		t.Fatalf("nats_js_duplicates %v", got)
	}
	if got := e.stats("nats_js_publish_errors", metrics.Tag{Key: "error_code", Value: "10071"}).Sum; got != 2 {
		t.Fatalf("publish errors tagged 10071: %v", got)
	}
	if got := e.stats("nats_js_publish_duration").Count; got != 4 {
		t.Fatalf("publish duration samples %d", got)
	}
}

func TestPublishAsyncCountsEveryAck(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}})
	okCount, failed := 0, 0
	done := func(ack *PubAck, err error) {
		if err != nil {
			if CodeOf(err) != CodeJSPublishAsyncFailed {
				t.Errorf("async failure code: %v", err)
			}
			failed++
			return
		}
		okCount++
	}
	for i := 0; i < 100; i++ {
		var opts JSPublishOptions
		if i%10 == 0 {
			opts.ExpectedLastSeq = seq(999_999) // always wrong
		}
		if err := js.PublishAsync("s.x", []byte("m"), opts, done); err != nil {
			t.Fatal(err)
		}
	}
	complete := false
	js.PublishAsyncComplete(func() { complete = true })
	e.runLoopUntil(t, func() bool { return complete })
	if okCount != 90 || failed != 10 || js.PublishAsyncPending() != 0 {
		t.Fatalf("ok %d failed %d pending %d", okCount, failed, js.PublishAsyncPending())
	}
	if info, _ := js.StreamInfo("S"); info.State.Messages != 90 {
		t.Fatalf("stored %d", info.State.Messages)
	}
	if got := e.stats("nats_js_publish_errors").Sum; got != 10 {
		t.Fatalf("nats_js_publish_errors %v", got)
	}
	if got := e.stats("nats_js_msgs_published").Sum; got != 90 {
		t.Fatalf("nats_js_msgs_published %v", got)
	}
}
