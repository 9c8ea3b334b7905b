package natsmod

import (
	"context"
	"encoding/binary"
	"math"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// rateOutcome runs conn.PublishRate and the VU's loop until its result.
func rateOutcome(t *testing.T, e *coreEnv, c *Connection, o PublishRateOptions) (*PublishRateResult, error) {
	t.Helper()
	var res *PublishRateResult
	var resErr error
	settled := false
	if err := c.PublishRate(o, func(r *PublishRateResult, err error) { res, resErr, settled = r, err, true }); err != nil {
		t.Fatal(err)
	}
	e.runLoopUntil(t, func() bool { return settled })
	return res, resErr
}

// countOn counts the messages on subject from a plain nats.go
// subscriber, flushed so it is in place before anything is published.
func countOn(t *testing.T, url, subject string) *atomic.Int64 {
	t.Helper()
	nc := testsupport.Connect(t, url)
	var n atomic.Int64
	sub, err := nc.Subscribe(subject, func(*nats.Msg) { n.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	if err := sub.SetPendingLimits(-1, -1); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	return &n
}

func within(got, want, tolerance float64) bool {
	return math.Abs(got-want) <= tolerance*want
}

func TestPublishRateCoreKeepsTheRate(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	received := countOn(t, s.ClientURL(), "rate.core")
	res, err := rateOutcome(t, e, e.connect(t, ConnectOptions{}), PublishRateOptions{
		Subject: "rate.core", Rate: 20000, Duration: 2 * time.Second, Payload: make([]byte, 64),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("result %+v", *res)
	if res.Scheduled != 40000 || !res.KeptUp || res.Completed != res.Sent || res.Errors != 0 {
		t.Fatalf("result %+v", *res)
	}
	if !within(res.AchievedRate, 20000, 0.01) || res.OfferedRate != 20000 {
		t.Fatalf("offered %v msgs/s, achieved %v, want 20000 within 1%%", res.OfferedRate, res.AchievedRate)
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return received.Load() >= res.Sent }, "the subscriber got %d of %d", received.Load(), res.Sent)
	if n := received.Load(); n < 39600 || n > 40400 {
		t.Fatalf("the subscriber counted %d messages, want 40000 ± 1%%", n)
	}
	if got := e.stats("nats_publish_delay").Count; got != res.Sent {
		t.Fatalf("nats_publish_delay has %d samples, want one per message sent (%d)", got, res.Sent)
	}
	if got := e.stats("nats_msgs_offered").Sum; got != 40000 {
		t.Fatalf("nats_msgs_offered %v", got)
	}
	if got := e.stats("nats_msgs_published").Sum; got != float64(res.Sent) {
		t.Fatalf("nats_msgs_published %v, sent %d", got, res.Sent)
	}
	if got := e.stats("data_sent").Sum; got != float64(res.Sent*64) {
		t.Fatalf("data_sent %v", got)
	}
	if e.host.Loop.Busy() {
		t.Fatal("the loop is still held after the result")
	}
}

func TestPublishRateJetStreamCompletesWhatTheStreamStores(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "RATE", Subjects: []string{"rate.>"}, Storage: jetstream.MemoryStorage})
	res, err := rateOutcome(t, e, js.conn, PublishRateOptions{
		Subject: "rate.js", Rate: 5000, Duration: time.Second, Payload: []byte("0123456789"), Mode: PublishJetStream,
		Connections: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	info, err := js.StreamInfo("RATE")
	if err != nil {
		t.Fatal(err)
	}
	if int64(info.State.Messages) != res.Completed || res.Completed != res.Sent || res.Scheduled != 5000 {
		t.Fatalf("the stream holds %d, result %+v", info.State.Messages, *res)
	}
	for _, name := range []string{"nats_js_publish_duration", "nats_js_publish_duration_corrected"} {
		if got := e.stats(name).Count; got != res.Completed {
			t.Fatalf("%s has %d samples, want one per ack (%d)", name, got, res.Completed)
		}
	}
	if got := e.stats("nats_js_msgs_published").Sum; got != float64(res.Completed) {
		t.Fatalf("nats_js_msgs_published %v", got)
	}
}

// One ack in flight against a rate far above one round trip's worth: the
// publisher falls behind, and only the latency measured from the
// intended send time shows how far.
func TestPublishRateCorrectsForAServerThatCannotKeepUp(t *testing.T) {
	e, js := newJSEnv(t)
	mustAddStream(t, js, jetstream.StreamConfig{Name: "SLOW", Subjects: []string{"slow"}, Storage: jetstream.MemoryStorage})
	res, err := rateOutcome(t, e, js.conn, PublishRateOptions{
		Subject: "slow", Rate: 100000, Duration: 2 * time.Second, Payload: []byte("x"), Mode: PublishJetStream, MaxInFlight: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.KeptUp || res.Missed == 0 || res.Missed != res.Scheduled-res.Sent || res.AchievedRate >= res.OfferedRate {
		t.Fatalf("result %+v: the publisher kept up with one ack in flight", *res)
	}
	info, _ := js.StreamInfo("SLOW")
	if int64(info.State.Messages) != res.Completed {
		t.Fatalf("the stream holds %d, completed %d", info.State.Messages, res.Completed)
	}
	raw, corrected := e.stats("nats_js_publish_duration"), e.stats("nats_js_publish_duration_corrected")
	t.Logf("result %+v; raw max %.1f ms, corrected max %.1f ms", *res, raw.Max, corrected.Max)
	if corrected.Max < 500 || raw.Max >= 500 {
		t.Fatalf("corrected max %v ms, raw max %v ms: want corrected ≥ 500 and raw below", corrected.Max, raw.Max)
	}
	if got := e.stats("nats_msgs_missed").Sum; got != float64(res.Missed) {
		t.Fatalf("nats_msgs_missed %v, missed %d", got, res.Missed)
	}
}

func TestPublishRateLeavesTheWarmupOut(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	received := countOn(t, s.ClientURL(), "warm")
	res, err := rateOutcome(t, e, e.connect(t, ConnectOptions{}), PublishRateOptions{
		Subject: "warm", Rate: 2000, Duration: time.Second, Warmup: 500 * time.Millisecond, Payload: []byte("x"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Scheduled != 1000 || res.Sent != 1000 || res.OfferedRate != 2000 {
		t.Fatalf("result %+v: want the 1000 messages after the warm-up", *res)
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return received.Load() == 2000 }, "the subscriber got %d of 2000", received.Load())
	if got := e.stats("nats_publish_delay").Count; got != 1000 {
		t.Fatalf("nats_publish_delay has %d samples, want 1000", got)
	}
	if got := e.stats("data_sent").Sum; got != 2000 {
		t.Fatalf("data_sent %v: the warm-up's bytes were sent too", got)
	}
}

// The end of the VU's context stops the run: its extra connections close
// and done gets ErrInterrupted.
func TestPublishRateStopsWithTheVUContext(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	ctx, cancel := context.WithCancel(t.Context())
	e.module.host.Context = func() context.Context { return ctx }
	c := e.connect(t, ConnectOptions{})
	var resErr error
	settled := false
	if err := c.PublishRate(PublishRateOptions{Subject: "stop", Rate: 1000, Duration: time.Hour, Connections: 3},
		func(_ *PublishRateResult, err error) { resErr, settled = err, true }); err != nil {
		t.Fatal(err)
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return s.NumClients() == 3 }, "%d clients, want 3", s.NumClients())
	cancel()
	e.runLoopUntil(t, func() bool { return settled })
	if !IsInterrupted(resErr) {
		t.Fatalf("done got %v, want ErrInterrupted", resErr)
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return s.NumClients() == 1 }, "%d clients left, want the script's own", s.NumClients())
}

func TestPublishRateRejectsBadOptions(t *testing.T) {
	e := newCoreEnv(t, testsupport.StartServer(t, nil).ClientURL())
	c := e.connect(t, ConnectOptions{})
	for name, tc := range map[string]struct {
		o    PublishRateOptions
		code Code
	}{
		"no subject":       {PublishRateOptions{Rate: 1, Duration: time.Second}, CodeEmptySubject},
		"no rate":          {PublishRateOptions{Subject: "x", Duration: time.Second}, CodeInvalidConfig},
		"rate and stages":  {PublishRateOptions{Subject: "x", Rate: 1, Duration: time.Second, Stages: []RateStage{{Target: 1, Duration: time.Second}}}, CodeInvalidConfig},
		"empty stage":      {PublishRateOptions{Subject: "x", Stages: []RateStage{{Target: 10}}}, CodeInvalidConfig},
		"warmup too long":  {PublishRateOptions{Subject: "x", Rate: 1, Duration: time.Second, Warmup: time.Second}, CodeInvalidConfig},
		"short timestamp":  {PublishRateOptions{Subject: "x", Rate: 1, Duration: time.Second, Timestamp: TimestampPayload, Payload: []byte("1234567")}, CodeInvalidConfig},
		"many connections": {PublishRateOptions{Subject: "x", Rate: 1, Duration: time.Second, Connections: maxRateConnections + 1}, CodeInvalidConfig},
	} {
		err := c.PublishRate(tc.o, func(*PublishRateResult, error) { t.Errorf("%s: started", name) })
		if CodeOf(err) != tc.code {
			t.Errorf("%s: got %v, want code %d", name, err, tc.code)
		}
	}
}

// Measured messages carry their send time, in the header or the
// payload; the warm-up's do not, so a natsk6 subscriber's
// nats_e2e_latency leaves them out too.
func TestPublishRateStampsOnlyMeasuredMessages(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	subConn := e.connect(t, ConnectOptions{})
	sub, err := subConn.Subscribe("e2e", "", func(*Msg) {}, SubscribeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := subConn.Flush(0); err != nil {
		t.Fatal(err)
	}
	nc := testsupport.Connect(t, s.ClientURL())
	stamps := make(chan uint64, 4000)
	if _, err := nc.Subscribe("e2e.payload", func(m *nats.Msg) { stamps <- binary.BigEndian.Uint64(m.Data) }); err != nil {
		t.Fatal(err)
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	c := e.connect(t, ConnectOptions{})
	warm := PublishRateOptions{Rate: 2000, Duration: time.Second, Warmup: 500 * time.Millisecond}
	header := warm
	header.Subject, header.Timestamp = "e2e", TimestampHeader
	// The warm-up's 1000 messages all go out; the measured ones may miss
	// a few at the end on a loaded machine: the result says how many.
	res, err := rateOutcome(t, e, c, header)
	if err != nil {
		t.Fatal(err)
	}
	e.runLoopUntil(t, func() bool { return e.stats("nats_msgs_received").Sum == float64(1000+res.Sent) })
	if got := e.stats("nats_e2e_latency").Count; got != res.Sent {
		t.Fatalf("nats_e2e_latency has %d samples, want the %d measured messages", got, res.Sent)
	}
	_ = sub.Unsubscribe()
	headerSent := res.Sent

	// A natsk6 subscriber told so reads the send time from the payload.
	reader := e.connect(t, ConnectOptions{})
	if _, err := reader.Subscribe("e2e.payload", "", func(*Msg) {}, SubscribeOptions{PayloadTimestamp: true}); err != nil {
		t.Fatal(err)
	}
	if err := reader.Flush(0); err != nil {
		t.Fatal(err)
	}
	payload := warm
	payload.Subject, payload.Timestamp, payload.Payload = "e2e.payload", TimestampPayload, make([]byte, 16)
	before := uint64(time.Now().UnixNano())
	res, err = rateOutcome(t, e, c, payload)
	if err != nil {
		t.Fatal(err)
	}
	after := uint64(time.Now().UnixNano())
	total := 1000 + int(res.Sent)
	testsupport.Eventually(t, 10*time.Second, func() bool { return len(stamps) == total }, "%d of %d messages arrived", len(stamps), total)
	stamped := 0
	for range total {
		switch ts := <-stamps; {
		case ts == 0:
		case ts >= before && ts <= after:
			stamped++
		default:
			t.Fatalf("payload stamp %d outside the run [%d, %d]", ts, before, after)
		}
	}
	if stamped != int(res.Sent) {
		t.Fatalf("%d messages stamped in the payload, want the %d measured ones", stamped, res.Sent)
	}
	e.runLoopUntil(t, func() bool { return e.stats("nats_msgs_received").Sum == float64(1000+headerSent+1000+res.Sent) })
	if got := e.stats("nats_e2e_latency"); got.Count != headerSent+res.Sent || got.Min < 0 || got.Max > 10_000 {
		t.Fatalf("nats_e2e_latency has %d samples in [%v, %v] ms, want %d more from the payloads, none from the warm-up's zeros",
			got.Count, got.Min, got.Max, res.Sent)
	}
}

// A server stopped for 500 ms (SIGSTOP): the few messages in flight wait
// out the stall, and so do, measured from their intended send time, all
// those the schedule offered meanwhile. The raw service time shows the
// stall in at most maxInFlight samples, the corrected latency in a
// quarter of them. The maxima cannot tell the two apart: a message in
// flight when the server stopped has a raw time of the whole stall too.
func TestPublishRateCorrectedLatencyShowsAStalledServer(t *testing.T) {
	p := testsupport.StartServerProcess(t)
	e := newCoreEnv(t, p.URL)
	js, err := e.module.JetStream(e.connect(t, ConnectOptions{}), JetStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mustAddStream(t, js, jetstream.StreamConfig{Name: "STALL", Subjects: []string{"stall"}, Storage: jetstream.MemoryStorage})
	var res *PublishRateResult
	settled := false
	if err := js.conn.PublishRate(PublishRateOptions{
		Subject: "stall", Rate: 2000, Duration: 1500 * time.Millisecond, Payload: []byte("x"), Mode: PublishJetStream, MaxInFlight: 10,
	}, func(r *PublishRateResult, err error) {
		if err != nil {
			t.Error(err)
		}
		res, settled = r, true
	}); err != nil {
		t.Fatal(err)
	}
	// Stall the server once it stored 500 messages, a quarter of a second
	// into the schedule (the loop need not run: the run only queues
	// samples for it meanwhile).
	observer, err := jetstream.New(testsupport.Connect(t, p.URL))
	if err != nil {
		t.Fatal(err)
	}
	testsupport.Eventually(t, 10*time.Second, func() bool {
		info, err := observer.Stream(t.Context(), "STALL")
		return err == nil && info.CachedInfo().State.Msgs >= 500
	}, "the stream never held 500 messages")
	if err := p.Pause(500 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	e.runLoopUntil(t, func() bool { return settled })
	raw, corrected := e.stats("nats_js_publish_duration"), e.stats("nats_js_publish_duration_corrected")
	t.Logf("result %+v; raw p(80) %.1f p(99) %.1f max %.1f ms; corrected p(80) %.1f max %.1f ms",
		*res, raw.Percentile(80), raw.Percentile(99), raw.Max, corrected.Percentile(80), corrected.Max)
	// A message sent just after the stop waits a hair less than 500 ms.
	if corrected.Max < 450 || corrected.Percentile(80) < 100 {
		t.Fatalf("corrected max %.1f ms, p(80) %.1f ms: want the stall (≥ 450) in over 20%% of the samples (≥ 100)", corrected.Max, corrected.Percentile(80))
	}
	if raw.Percentile(99) >= 100 {
		t.Fatalf("raw p(99) %.1f ms: the stall shows in more than 1%% of the raw samples", raw.Percentile(99))
	}
	info, _ := js.StreamInfo("STALL")
	if int64(info.State.Messages) != res.Completed {
		t.Fatalf("the stream holds %d, completed %d", info.State.Messages, res.Completed)
	}
}

// A ramp up to 2000 msgs/s over the warm-up, then 2000 msgs/s: only the
// second stage is measured.
func TestPublishRateRampsThroughTheWarmup(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	received := countOn(t, s.ClientURL(), "ramp")
	res, err := rateOutcome(t, e, e.connect(t, ConnectOptions{}), PublishRateOptions{
		Subject: "ramp", Stages: []RateStage{{Target: 2000, Duration: 500 * time.Millisecond}, {Target: 2000, Duration: 500 * time.Millisecond}},
		Warmup: 500 * time.Millisecond, Payload: []byte("x"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Scheduled != 1000 || res.OfferedRate != 2000 || !res.KeptUp || !within(res.AchievedRate, 2000, 0.01) {
		t.Fatalf("result %+v: want the 1000 messages of the second stage at 2000 msgs/s", *res)
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return received.Load() == 1500 }, "the subscriber got %d of 1500", received.Load())
}

// Interrupted as soon as it starts, while it makes its extra
// connections, a run leaves none of them open.
func TestPublishRateInterruptedWhileConnecting(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	for range 20 {
		e := newCoreEnv(t, s.ClientURL())
		ctx, cancel := context.WithCancel(t.Context())
		e.module.host.Context = func() context.Context { return ctx }
		c := e.connect(t, ConnectOptions{})
		settled := false
		if err := c.PublishRate(PublishRateOptions{Subject: "stop", Rate: 1000, Duration: time.Hour, Connections: 8},
			func(*PublishRateResult, error) { settled = true }); err != nil {
			t.Fatal(err)
		}
		cancel()
		e.runLoopUntil(t, func() bool { return settled })
		c.Close()
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return s.NumClients() == 0 }, "%d clients left after every run was interrupted", s.NumClients())
}
