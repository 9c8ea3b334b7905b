package runner

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// lagScript publishes 200 messages to LAG in one iteration; with
// FETCH=1 it also pulls and acks every one through the billing consumer.
// The sampler watches the stream and the application's two consumers:
// billing (pull) and audit (push, nobody bound).
const lagScript = `import nats from 'k6/x/nats';
import { sleep } from 'k6';
export const options = {
  iterations: 1,
  thresholds: {
    nats_js_consumer_num_pending: ['value<100'],
    'nats_js_consumer_num_pending{consumer:billing}': ['value<100'],
  },
};
nats.sample({
  streams: ['LAG'],
  consumers: [{ stream: 'LAG', name: 'billing' }, { stream: 'LAG', name: 'audit' }],
  interval: '100ms',
});
const conn = nats.connect({});
const js = nats.jetStream(conn);
export default function () {
  for (let i = 0; i < 200; i++) js.publish('lag.orders', 'order ' + i);
  if (__ENV.FETCH === '1') {
    const sub = js.pullSubscribe('LAG', 'lag.orders', 'billing');
    let got = 0;
    while (got < 200) {
      for (const m of js.pullMessages(sub, 50, 2000)) { m.ackSync(); got++; }
    }
  }
  sleep(0.3); // a few interval samples while the state holds
}`

// lagStream creates the stream and the application's consumers that the
// script samples but did not create.
func lagStream(t *testing.T, js jetstream.JetStream) {
	t.Helper()
	ctx := context.Background()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "LAG", Subjects: []string{"lag.>"}, Storage: jetstream.MemoryStorage}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreateConsumer(ctx, "LAG", jetstream.ConsumerConfig{Durable: "billing", AckPolicy: jetstream.AckExplicitPolicy}); err != nil {
		t.Fatal(err)
	}
	if _, err := js.CreatePushConsumer(ctx, "LAG", jetstream.ConsumerConfig{Durable: "audit", DeliverSubject: "audit.deliver", AckPolicy: jetstream.AckExplicitPolicy}); err != nil {
		t.Fatal(err)
	}
}

// A consumer nobody fetches from falls 200 messages behind: the gauges
// match what nats.go reads from the server after the run, and the
// num_pending thresholds (plain and per consumer) fail the test with 99.
func TestSampleStalledConsumerFailsThreshold(t *testing.T) {
	srv := testsupport.StartServer(t, nil)
	js, err := jetstream.New(testsupport.Connect(t, srv.ClientURL()))
	if err != nil {
		t.Fatal(err)
	}
	lagStream(t, js)
	r := runFiles(t, map[string]string{"script.js": lagScript}, Config{Env: map[string]string{"NATS_URL": srv.ClientURL()}})
	r.wantCode(t, ExitThresholdsFailed)
	for _, key := range []string{"nats_js_consumer_num_pending", "nats_js_consumer_num_pending{consumer:billing}"} {
		if !strings.Contains(r.stdout+r.stderr, key) {
			t.Errorf("the failed threshold %s is not reported:\n%s\n%s", key, r.stdout, r.stderr)
		}
	}

	ctx := context.Background()
	stream, err := js.Stream(ctx, "LAG")
	if err != nil {
		t.Fatal(err)
	}
	state := stream.CachedInfo().State
	if state.Msgs != 200 {
		t.Fatalf("the stream holds %d messages, want 200", state.Msgs)
	}
	if got := r.metric(t, "nats_js_stream_msgs", "value"); got != float64(state.Msgs) {
		t.Errorf("nats_js_stream_msgs %v, the server says %d", got, state.Msgs)
	}
	if got := r.metric(t, "nats_js_stream_bytes", "value"); got != float64(state.Bytes) {
		t.Errorf("nats_js_stream_bytes %v, the server says %d", got, state.Bytes)
	}
	for _, name := range []string{"billing", "audit"} {
		c, err := lookupTestConsumer(ctx, js, name)
		if err != nil {
			t.Fatal(err)
		}
		if c.NumPending != 200 {
			t.Fatalf("consumer %s: %d pending on the server, want 200", name, c.NumPending)
		}
	}
	if got := r.metric(t, "nats_js_consumer_num_pending", "value"); got != 200 {
		t.Errorf("nats_js_consumer_num_pending %v, want the server's 200", got)
	}
	if got := r.metric(t, "nats_js_consumer_num_pending", "max"); got != 200 {
		t.Errorf("nats_js_consumer_num_pending max %v, want 200", got)
	}
	if got := r.metric(t, "nats_js_consumer_num_ack_pending", "value"); got != 0 {
		t.Errorf("nats_js_consumer_num_ack_pending %v, want 0: nothing was delivered", got)
	}
	// Never delivered: idle since creation, which was before the run.
	if got := r.metric(t, "nats_js_consumer_idle", "value"); got <= 0 {
		t.Errorf("nats_js_consumer_idle %v ms, want > 0", got)
	}
}

// The same script with a consumer that keeps up passes: nothing is left
// pending on the server, and the last sample says so.
func TestSampleConsumerKeepingUpPasses(t *testing.T) {
	srv := testsupport.StartServer(t, nil)
	js, err := jetstream.New(testsupport.Connect(t, srv.ClientURL()))
	if err != nil {
		t.Fatal(err)
	}
	lagStream(t, js)
	script := strings.Replace(lagScript, "{ stream: 'LAG', name: 'billing' }, { stream: 'LAG', name: 'audit' }", "{ stream: 'LAG', name: 'billing' }", 1)
	r := runFiles(t, map[string]string{"script.js": script}, Config{Env: map[string]string{"NATS_URL": srv.ClientURL(), "FETCH": "1"}})
	r.wantCode(t, ExitOK)
	info, err := lookupTestConsumer(context.Background(), js, "billing")
	if err != nil {
		t.Fatal(err)
	}
	if info.NumPending != 0 || info.NumAckPending != 0 || info.Delivered.Stream != 200 {
		t.Fatalf("billing on the server: %d pending, %d ack pending, delivered up to %d; want 0, 0, 200", info.NumPending, info.NumAckPending, info.Delivered.Stream)
	}
	if got := r.metric(t, "nats_js_consumer_num_pending", "value"); got != 0 {
		t.Errorf("nats_js_consumer_num_pending %v, want 0", got)
	}
	if got := r.metric(t, "nats_js_stream_msgs", "value"); got != 200 {
		t.Errorf("nats_js_stream_msgs %v, want 200", got)
	}
	// The last ack was during the run's final 0.3 s.
	if got := r.metric(t, "nats_js_consumer_idle", "value"); got < 0 || got > float64(time.Minute/time.Millisecond) {
		t.Errorf("nats_js_consumer_idle %v ms after acks during the run", got)
	}
}

// lookupTestConsumer reads a LAG consumer's state with nats.go: audit
// is the push one.
func lookupTestConsumer(ctx context.Context, js jetstream.JetStream, name string) (*jetstream.ConsumerInfo, error) {
	if name == "audit" {
		c, err := js.PushConsumer(ctx, "LAG", name)
		if err != nil {
			return nil, err
		}
		return c.CachedInfo(), nil
	}
	c, err := js.Consumer(ctx, "LAG", name)
	if err != nil {
		return nil, err
	}
	return c.CachedInfo(), nil
}

// On the embedded server, nats.sample() with no targets samples the
// server itself through the monitoring port natsk6 opened on loopback:
// the JetStream totals are the script's 50 stored messages, and the
// server tag names it.
func TestSampleEmbeddedServerGauges(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
export const options = {
  iterations: 1,
  thresholds: {
    'nats_server_js_msgs{server:natsk6-embedded}': ['value==50'],
    'nats_server_js_streams{server:natsk6-embedded}': ['value==1'],
    nats_server_mem: ['value>0'],
  },
};
nats.sample({ interval: '100ms' });
const conn = nats.connect({});
const js = nats.jetStream(conn);
export function setup() {
  js.addStream(nats.streamConfig({ name: 'VARZ', subjects: ['varz.>'], storage: 'memory' }));
}
export default function () {
  for (let i = 0; i < 50; i++) js.publish('varz.x', 'm');
}`}, Config{})
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "nats_server_in_msgs", "value"); got < 50 {
		t.Errorf("nats_server_in_msgs %v, want at least the 50 publishes", got)
	}
	if got := r.metric(t, "nats_server_js_msgs", "value"); got != 50 {
		t.Errorf("nats_server_js_msgs %v, want 50", got)
	}
	if got := r.metric(t, "nats_server_cpu", "value"); got < 0 {
		t.Errorf("nats_server_cpu %v", got)
	}
}

// Targets that fail (a stream that never exists, a monitoring port that
// refuses) are skipped: one warning each for the whole run, whatever the
// number of intervals, and the run's outcome is the script's.
func TestSampleFailingTargetsWarnOnce(t *testing.T) {
	srv := testsupport.StartServer(t, nil)
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
import { sleep } from 'k6';
export const options = { iterations: 1 };
nats.sample({ streams: ['NEVER'], monitor: 'http://127.0.0.1:1', interval: '100ms' });
export default function () { sleep(0.5); }`}, Config{Env: map[string]string{"NATS_URL": srv.ClientURL()}})
	r.wantCode(t, ExitOK)
	for _, target := range []string{"nats.sample: stream NEVER:", "nats.sample: monitor http://127.0.0.1:1/varz:"} {
		if n := strings.Count(r.logs, target); n != 1 {
			t.Errorf("%q logged %d times, want once:\n%s", target, n, r.logs)
		}
	}
	if _, ok := r.export["metrics"].(map[string]any)["nats_js_stream_msgs"]; ok {
		t.Errorf("a stream that does not exist has samples: %v", r.export["metrics"])
	}
}

// With --embedded-cluster, nats.sample({}) samples every node through
// its monitoring port, each tagged with the node's name: an R3 stream
// is on all three.
func TestSampleEmbeddedClusterNodes(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
export const options = {
  iterations: 1,
  thresholds: {
    'nats_server_js_streams{server:natsk6-node0}': ['value==1'],
    'nats_server_js_streams{server:natsk6-node1}': ['value==1'],
    'nats_server_js_streams{server:natsk6-node2}': ['value==1'],
  },
};
nats.sample({ interval: '200ms' });
const conn = nats.connect({});
const js = nats.jetStream(conn);
export function setup() {
  js.addStream(nats.streamConfig({ name: 'R3', subjects: ['r3.>'], storage: 'memory', replicas: 3 }));
}
export default function () {
  for (let i = 0; i < 30; i++) js.publish('r3.x', 'm');
}`}, Config{EmbeddedCluster: 3, ProgressEvery: noPlainProgress})
	r.wantCode(t, ExitOK)
	for i := range 3 {
		key := "nats_server_js_streams{server:natsk6-node" + string(rune('0'+i)) + "}"
		if got := r.metric(t, key, "value"); got != 1 {
			t.Errorf("%s = %v, want 1", key, got)
		}
	}
}
