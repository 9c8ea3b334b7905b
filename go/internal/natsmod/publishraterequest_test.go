package natsmod

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// respond answers requests on subject from a plain nats.go connection,
// every one when skipEvery is 0, else all but every skipEvery-th; it
// returns the count of requests seen.
func respond(t *testing.T, url, subject string, reply []byte, skipEvery int64) *atomic.Int64 {
	t.Helper()
	nc := testsupport.Connect(t, url)
	var n atomic.Int64
	sub, err := nc.Subscribe(subject, func(m *nats.Msg) {
		if i := n.Add(1); skipEvery == 0 || i%skipEvery != 0 {
			_ = m.Respond(reply)
		}
	})
	if err == nil {
		err = sub.SetPendingLimits(-1, -1)
	}
	if err == nil {
		err = nc.Flush()
	}
	if err != nil {
		t.Fatal(err)
	}
	return &n
}

func TestPublishRateRequestsCompleteWithTheirReplies(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	seen := respond(t, s.ClientURL(), "svc.rate", []byte("pong!"), 0)
	res, err := rateOutcome(t, e, e.connect(t, ConnectOptions{}), PublishRateOptions{
		Subject: "svc.rate", Rate: 2000, Duration: time.Second, Payload: []byte("ping"), Mode: PublishRequest, Connections: 2,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("result %+v", *res)
	if res.Scheduled != 2000 || res.Completed != res.Sent || res.Errors != 0 || seen.Load() != res.Sent {
		t.Fatalf("result %+v, the responder saw %d", *res, seen.Load())
	}
	for _, name := range []string{"nats_request_duration", "nats_request_duration_corrected"} {
		if got := e.stats(name).Count; got != res.Completed {
			t.Fatalf("%s has %d samples, want one per reply (%d)", name, got, res.Completed)
		}
	}
	if got := e.stats("nats_requests").Sum; got != float64(res.Sent) {
		t.Fatalf("nats_requests %v, sent %d", got, res.Sent)
	}
	if got := e.stats("data_received").Sum; got != float64(5*res.Completed) {
		t.Fatalf("data_received %v, want the replies' %d bytes", got, 5*res.Completed)
	}
	if got := e.stats("nats_request_timeouts").Count; got != 0 {
		t.Fatalf("%d timeout samples", got)
	}
}

// A responder that ignores every fourth request: those time out while
// the run goes on (their room freed), and the result counts them.
func TestPublishRateRequestsTimeOutUnanswered(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	seen := respond(t, s.ClientURL(), "svc.lossy", nil, 4)
	res, err := rateOutcome(t, e, e.connect(t, ConnectOptions{}), PublishRateOptions{
		Subject: "svc.lossy", Rate: 1000, Duration: time.Second, Mode: PublishRequest, MaxInFlight: 200, Timeout: 250 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("result %+v", *res)
	unanswered := seen.Load() / 4
	if seen.Load() != res.Sent || res.Errors != unanswered || res.Completed != res.Sent-unanswered || res.KeptUp {
		t.Fatalf("result %+v, the responder saw %d and ignored %d", *res, seen.Load(), unanswered)
	}
	// 200 in flight: the 250 ignored requests would fill them for good,
	// 800 requests in, if timeouts freed no room before the end.
	if res.Sent < 900 {
		t.Fatalf("sent %d of %d: unanswered requests kept their room", res.Sent, res.Scheduled)
	}
	if got := e.stats("nats_request_timeouts").Sum; got != float64(unanswered) {
		t.Fatalf("nats_request_timeouts %v, want %d", got, unanswered)
	}
}

func TestPublishRateRequestsWithoutResponders(t *testing.T) {
	s := testsupport.StartServer(t, nil)
	e := newCoreEnv(t, s.ClientURL())
	res, err := rateOutcome(t, e, e.connect(t, ConnectOptions{}), PublishRateOptions{
		Subject: "svc.nobody", Rate: 500, Duration: 200 * time.Millisecond, Mode: PublishRequest,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Scheduled != 100 || res.Sent == 0 || res.Completed != 0 || res.Errors != res.Sent || res.KeptUp {
		t.Fatalf("result %+v: want every request sent answered by no responders", *res)
	}
	if got := e.stats("nats_request_timeouts").Sum; got != 0 {
		t.Fatalf("nats_request_timeouts %v: no responders is an answer, not a timeout", got)
	}
}

// A server stopped for 500 ms (SIGSTOP) under 2,000 requests/s with 10
// in flight: the requests in flight wait out the stall, those due
// meanwhile wait for room. Measured from their intended send time the
// stall shows in a third of the requests; in the raw service time in at
// most the 10 in flight.
func TestPublishRateCorrectedRequestLatencyShowsAStalledServer(t *testing.T) {
	p := testsupport.StartServerProcess(t)
	e := newCoreEnv(t, p.URL)
	seen := respond(t, p.URL, "svc.stall", []byte("ok"), 0)
	var res *PublishRateResult
	settled := false
	if err := e.connect(t, ConnectOptions{}).PublishRate(PublishRateOptions{
		Subject: "svc.stall", Rate: 2000, Duration: 1500 * time.Millisecond, Mode: PublishRequest, MaxInFlight: 10,
	}, func(r *PublishRateResult, err error) {
		if err != nil {
			t.Error(err)
		}
		res, settled = r, true
	}); err != nil {
		t.Fatal(err)
	}
	testsupport.Eventually(t, 10*time.Second, func() bool { return seen.Load() >= 500 }, "the responder never saw 500 requests")
	if err := p.Pause(500 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	e.runLoopUntil(t, func() bool { return settled })
	raw, corrected := e.stats("nats_request_duration"), e.stats("nats_request_duration_corrected")
	t.Logf("result %+v; raw p(99) %.1f max %.1f ms; corrected p(90) %.1f p(99) %.1f max %.1f ms",
		*res, raw.Percentile(99), raw.Max, corrected.Percentile(90), corrected.Percentile(99), corrected.Max)
	if res.Completed != res.Sent || res.Errors != 0 {
		t.Fatalf("result %+v: every request sent should have its reply", *res)
	}
	// The requests in flight as it stopped, and those queued for room,
	// were due before the stop: their corrected latency is the whole stall.
	if corrected.Max < 500 || corrected.Percentile(99) < 450 || corrected.Percentile(90) < 250 {
		t.Fatalf("corrected p(90) %.1f p(99) %.1f max %.1f ms: want the stall in a third of the requests",
			corrected.Percentile(90), corrected.Percentile(99), corrected.Max)
	}
	if raw.Percentile(99) >= 100 {
		t.Fatalf("raw p(99) %.1f ms: the stall shows in more than 1%% of the raw samples", raw.Percentile(99))
	}
}
