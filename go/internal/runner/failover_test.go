package runner

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// steadyPublisher publishes acked, stamped JetStream messages to
// failover.msgs, one every 2 ms, each with its own msgId so that a resend
// inside the dedup window is not stored twice, until the test publishes
// to failover.stop; then it reads stream FAILOVER back. A publish that
// fails (an election, a reconnect) is left unacknowledged and not
// retried: the accounting calls it unacked.
const steadyPublisher = `import nats from 'k6/x/nats';
import { sleep } from 'k6';
export const options = { iterations: 1, thresholds: { nats_msgs_lost: ['count==0'] } };
export default function () {
  const conn = nats.connect({ accounting: true, maxReconnects: -1, reconnectWait: 0.05 });
  const js = nats.jetStream(conn);
  let stop = false;
  conn.subscribe('failover.stop', '', () => { stop = true; });
  const deadline = Date.now() + 45000;
  let failed = 0;
  for (let i = 1; !stop; i++) {
    if (Date.now() > deadline) throw new Error('no stop signal within 45 s');
    try { js.publish('failover.msgs', 'm' + i, { msgId: 'm' + i, timeout: '1s' }); } catch (e) { failed++; }
    sleep(0.002);
  }
  const res = js.readBack('FAILOVER');
  console.log('read back ' + res.messages + ' messages; ' + failed + ' publishes failed');
  conn.close();
}`

// noPlainProgress keeps the plain progress ticker quiet during a run:
// its writes to stderr are not serialized with the script's console
// output (a race on the tests' bytes.Buffer), and these runs outlast
// progress.PlainEvery.
const noPlainProgress = time.Hour

// failoverRun runs steadyPublisher against natsURL in the background; the
// returned finish tells it to stop and waits for its result. A cleanup
// does the same when the test fails first, so the run never outlives
// the servers it uses.
func failoverRun(t *testing.T, natsURL string, nc *nats.Conn) (finish func() result) {
	t.Helper()
	done := make(chan result, 1)
	go func() {
		done <- runFiles(t, map[string]string{"script.js": steadyPublisher}, Config{Env: map[string]string{"NATS_URL": natsURL}, ProgressEvery: noPlainProgress})
	}()
	var r *result
	finish = func() result {
		if r != nil {
			return *r
		}
		// The stop message is core NATS: repeat it, since one sent while
		// the script's connection reconnects is lost.
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			_ = nc.Publish("failover.stop", nil)
			select {
			case got := <-done:
				r = &got
				return got
			case <-tick.C:
			}
		}
	}
	t.Cleanup(func() { finish() })
	return finish
}

// createFailoverStream makes stream FAILOVER on failover.msgs, file
// backed, with replicas copies and the default 2-minute dedup window.
func createFailoverStream(t *testing.T, js jetstream.JetStream, replicas int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "FAILOVER", Subjects: []string{"failover.msgs"}, Replicas: replicas, Storage: jetstream.FileStorage})
	if err != nil {
		t.Fatalf("create stream FAILOVER R%d: %v", replicas, err)
	}
}

// waitForMoreMsgs waits until the stream holds n messages more than it
// did at the call: publishing goes on. It returns the new count.
func waitForMoreMsgs(t *testing.T, js jetstream.JetStream, n int64, why string) int64 {
	t.Helper()
	base := int64(0)
	testsupport.Eventually(t, 30*time.Second, func() bool {
		base = testsupport.StreamMsgs(js, "FAILOVER")
		return base >= 0
	}, "stream FAILOVER does not answer (%s)", why)
	got := base
	testsupport.Eventually(t, 30*time.Second, func() bool {
		got = testsupport.StreamMsgs(js, "FAILOVER")
		return got >= base+n
	}, "stream FAILOVER stuck at %d messages, want %d more (%s)", got, n, why)
	return got
}

// accountingLine is the summary's accounting numbers.
var accountingLine = regexp.MustCompile(`sent=(\d+) acked=(\d+) delivered=(\d+) lost=(\d+) unacked=(\d+) duplicated=(\d+) out_of_order=(\d+) longest_ack_stall=(\S+)`)

// failoverCounts is the accounting a failover run printed.
type failoverCounts struct {
	sent, acked, delivered, lost, unacked, duplicated uint64
	stall                                             time.Duration
}

// checkFailoverRun asserts what every failover run must show: exit 0
// (the nats_msgs_lost threshold held), nothing acknowledged lost by the
// summary's count and by the stream's own count, no duplicate stored
// (every msgId was sent once, inside the dedup window), and an ack stall.
// It logs the accounting and returns it.
func checkFailoverRun(t *testing.T, r result, js jetstream.JetStream) failoverCounts {
	t.Helper()
	r.wantCode(t, ExitOK)
	m := accountingLine.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no accounting line in the summary:\n%s", r.stdout)
	}
	n := func(i int) uint64 { v, _ := strconv.ParseUint(m[i], 10, 64); return v }
	stall, err := time.ParseDuration(m[8])
	if err != nil {
		t.Fatalf("longest_ack_stall %q: %v", m[8], err)
	}
	c := failoverCounts{sent: n(1), acked: n(2), delivered: n(3), lost: n(4), unacked: n(5), duplicated: n(6), stall: stall}
	stored := testsupport.StreamMsgs(js, "FAILOVER")
	t.Logf("accounting: sent=%d acked=%d delivered=%d lost=%d unacked=%d duplicated=%d stall=%dms; the stream holds %d",
		c.sent, c.acked, c.delivered, c.lost, c.unacked, c.duplicated, c.stall.Milliseconds(), stored)
	if got := r.metric(t, "nats_msgs_lost", "count"); got != 0 || c.lost != 0 {
		t.Errorf("nats_msgs_lost = %v, summary lost=%d: acknowledged messages lost", got, c.lost)
	}
	if c.duplicated != 0 || r.metric(t, "nats_msgs_duplicated", "count") != 0 {
		t.Errorf("%d duplicates stored though every msgId was published once inside the dedup window", c.duplicated)
	}
	// Every stored message is stamped, so the server's count must be the
	// distinct sequences read back: at least every acked one, at most
	// every sent one.
	if stored != int64(c.delivered) || c.delivered < c.acked || c.delivered > c.sent || c.acked == 0 {
		t.Errorf("stream holds %d, read back %d distinct, acked %d, sent %d", stored, c.delivered, c.acked, c.sent)
	}
	if c.sent != c.acked+c.unacked {
		t.Errorf("sent %d != acked %d + unacked %d", c.sent, c.acked, c.unacked)
	}
	if c.stall <= 0 {
		t.Errorf("no ack stall measured across a failover")
	}
	return c
}

// counter is a Counter's count from the summary export; an event that
// never happened has no samples and counts 0.
func (r result) counter(name string) float64 {
	m, _ := r.export["metrics"].(map[string]any)[name].(map[string]any)
	v, _ := m["count"].(float64)
	return v
}

// The stream leader of an R3 stream is killed with SIGKILL during a
// steady acked publish and restarted once a new leader took over: no
// acknowledged message is lost, none stored twice, and the stall the
// election caused is measured.
func TestFailoverKillStreamLeaderR3(t *testing.T) {
	c := testsupport.StartCluster(t, 3)
	nc, js := c.Connect(t)
	createFailoverStream(t, js, 3)
	finish := failoverRun(t, c.URLs(), nc)

	waitForMoreMsgs(t, js, 200, "before the kill")
	leader := c.StreamLeader(t, js, "FAILOVER")
	c.Nodes[leader].Kill()
	t.Logf("killed the stream leader %s", c.Nodes[leader].Name)
	c.WaitNewStreamLeader(t, js, "FAILOVER", leader)
	waitForMoreMsgs(t, js, 200, "on the new leader")
	c.Nodes[leader].Restart(t)
	c.WaitStreamCurrent(t, js, "FAILOVER", 3)
	waitForMoreMsgs(t, js, 100, "after the restart")

	r := finish()
	checkFailoverRun(t, r, js)
	// The script's connection was on the killed node or not: each
	// disconnect is followed by exactly one reconnect.
	if d, rc := r.counter("nats_disconnects"), r.counter("nats_reconnects"); d != rc || d > 1 {
		t.Errorf("nats_disconnects = %v, nats_reconnects = %v: want equal, at most 1", d, rc)
	}
}

// A single server killed with SIGKILL and restarted on its port and
// store: the script's one connection counts exactly one disconnect and
// one reconnect (none at its normal close), publishing resumes, and no
// acknowledged message is lost.
func TestFailoverSingleServerRestart(t *testing.T) {
	p := testsupport.StartServerProcess(t)
	nc, err := nats.Connect(p.URL, nats.MaxReconnects(-1), nats.ReconnectWait(50*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	createFailoverStream(t, js, 1)
	finish := failoverRun(t, p.URL, nc)

	waitForMoreMsgs(t, js, 200, "before the kill")
	p.Restart(t)
	waitForMoreMsgs(t, js, 200, "after the restart")

	r := finish()
	checkFailoverRun(t, r, js)
	if d, rc := r.counter("nats_disconnects"), r.counter("nats_reconnects"); d != 1 || rc != 1 {
		t.Errorf("nats_disconnects = %v, nats_reconnects = %v: want exactly 1 each\n%s", d, rc, r.stdout)
	}
}
