package natsmod

import (
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// bulkOutcome runs js.PublishAsyncBulk and the VU's loop until its result.
func bulkOutcome(t *testing.T, e *coreEnv, js *JetStream, subject string, count int, opts JSPublishOptions) (*AsyncBulkResult, error) {
	t.Helper()
	var res *AsyncBulkResult
	var resErr error
	settled := false
	if err := js.PublishAsyncBulk(subject, []byte("0123456789"), count, opts, func(r *AsyncBulkResult, err error) {
		res, resErr, settled = r, err, true
	}); err != nil {
		t.Fatal(err)
	}
	e.runLoopUntil(t, func() bool { return settled })
	return res, resErr
}

func TestPublishAsyncBulkStoresEveryMessage(t *testing.T) {
	e := newCoreEnv(t, testsupport.StartServer(t, nil).ClientURL())
	// A small maxPending makes the bulk wait for room many times over.
	js, err := e.module.JetStream(e.connect(t, ConnectOptions{}), JetStreamOptions{MaxPending: 64})
	if err != nil {
		t.Fatal(err)
	}
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}, Storage: jetstream.MemoryStorage})
	if _, err := js.Publish("s.first", []byte("before"), JSPublishOptions{}); err != nil {
		t.Fatal(err)
	}
	const n = 5000
	res, err := bulkOutcome(t, e, js, "s.bulk", n, JSPublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *res != (AsyncBulkResult{Acked: n, FirstSeq: 2, LastSeq: n + 1}) {
		t.Fatalf("result %+v", *res)
	}
	if info, _ := js.StreamInfo("S"); info.State.Messages != n+1 {
		t.Fatalf("stream holds %d, want %d", info.State.Messages, n+1)
	}
	if s := e.stats("nats_js_msgs_published"); s.Sum != n+1 || s.Count != 2 {
		t.Fatalf("nats_js_msgs_published sum %v in %d samples, want %d in 2 (one per call)", s.Sum, s.Count, n+1)
	}
	if got := e.stats("nats_js_publish_duration").Count; got != n+1 {
		t.Fatalf("nats_js_publish_duration has %d samples, want one per ack", got)
	}
	if got := e.stats("data_sent").Sum; got != float64(len("before")+n*10) {
		t.Fatalf("data_sent %v", got)
	}
	if js.PublishAsyncPending() != 0 || e.host.Loop.Busy() {
		t.Fatalf("pending %d, loop busy %v after the bulk settled", js.PublishAsyncPending(), e.host.Loop.Busy())
	}
}

// A stream that discards new messages beyond maxMsgs rejects the rest of
// the bulk: they are counted as failed, not stored.
func TestPublishAsyncBulkReportsFailures(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "FULL", Subjects: []string{"full"}, Storage: jetstream.MemoryStorage, MaxMsgs: 100, Discard: jetstream.DiscardNew})
	res, err := bulkOutcome(t, e, js, "full", 300, JSPublishOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *res != (AsyncBulkResult{Acked: 100, Failed: 200, FirstSeq: 1, LastSeq: 100}) {
		t.Fatalf("result %+v", *res)
	}
	if info, _ := js.StreamInfo("FULL"); info.State.Messages != 100 {
		t.Fatalf("stream holds %d, want 100", info.State.Messages)
	}
	if s := e.stats("nats_js_publish_errors"); s.Sum != 200 || s.Count != 1 {
		t.Fatalf("nats_js_publish_errors sum %v in %d samples, want 200 in 1", s.Sum, s.Count)
	}
	if got := e.stats("nats_js_msgs_published").Sum; got != 100 {
		t.Fatalf("nats_js_msgs_published %v", got)
	}
}

func TestPublishAsyncBulkCountsDuplicates(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "S", Subjects: []string{"s.>"}, Storage: jetstream.MemoryStorage})
	res, err := bulkOutcome(t, e, js, "s.x", 50, JSPublishOptions{MsgID: "same"})
	if err != nil {
		t.Fatal(err)
	}
	if *res != (AsyncBulkResult{Acked: 1, Duplicates: 49, FirstSeq: 1, LastSeq: 1}) {
		t.Fatalf("result %+v", *res)
	}
	if info, _ := js.StreamInfo("S"); info.State.Messages != 1 {
		t.Fatalf("stream holds %d, want 1", info.State.Messages)
	}
	if got := e.stats("nats_js_duplicates").Sum; got != 49 {
		t.Fatalf("nats_js_duplicates %v", got)
	}
}

// Nothing stored at all rejects: here no stream captures the subject.
func TestPublishAsyncBulkRejectsWhenNothingIsStored(t *testing.T) {
	e, js := newJSEnv(t)
	res, err := bulkOutcome(t, e, js, "nowhere", 3, JSPublishOptions{})
	wantCode(t, err, CodeJSPublishAsyncFailed)
	if res != nil {
		t.Fatalf("rejected with a result %+v", *res)
	}
	if got := e.stats("nats_js_publish_errors").Sum; got != 3 {
		t.Fatalf("nats_js_publish_errors %v, want 3", got)
	}
	if e.host.Loop.Busy() {
		t.Fatal("loop still held")
	}
}

// A closed connection sends nothing: the bulk rejects with 1002.
func TestPublishAsyncBulkOnClosedConnection(t *testing.T) {
	e := newCoreEnv(t, testsupport.StartServer(t, nil).ClientURL())
	conn := e.connect(t, ConnectOptions{})
	js, err := e.module.JetStream(conn, JetStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	res, err := bulkOutcome(t, e, js, "s.x", 10, JSPublishOptions{})
	wantCode(t, err, CodeConnectionClosed)
	if res != nil {
		t.Fatalf("rejected with a result %+v", *res)
	}
	if got := e.stats("nats_js_publish_errors").Sum; got != 10 {
		t.Fatalf("nats_js_publish_errors %v, want 10", got)
	}
	if got := e.stats("data_sent").Sum; got != 0 {
		t.Fatalf("data_sent %v for nothing sent", got)
	}
}

func TestPublishAsyncBulkArguments(t *testing.T) {
	_, js := newJSEnv(t)
	done := func(*AsyncBulkResult, error) { t.Error("an invalid bulk was settled") }
	wantCode(t, js.PublishAsyncBulk("", []byte("x"), 1, JSPublishOptions{}, done), CodeEmptySubject)
	wantCode(t, js.PublishAsyncBulk("s", []byte("x"), 0, JSPublishOptions{}, done), CodeInvalidConfig)
}
