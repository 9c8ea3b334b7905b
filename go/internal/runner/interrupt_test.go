package runner

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pondigo/natsk6/go/internal/testsupport"
)

// blockedScenario runs the default function once per iteration on one VU
// for 1s, with 500ms for an iteration in progress to finish.
const blockedScenario = `export const options = {
  scenarios: { blocked: { executor: 'constant-vus', vus: 1, duration: '1s', gracefulStop: '500ms' } },
};
`

// interruptedCallScript imports what the blocking calls need and reports
// any catch or finally block that runs: an interrupted call must not run
// script code after it.
const interruptedCallScript = `import nats from 'k6/x/nats';
import { check } from 'k6';
` + blockedScenario + `
const STALLED = __ENV.STALLED_URL;
const DARK = __ENV.DARK_URL;
export default async function () {
  const conn = nats.connect();
  try {
    await blocked(conn);
    check(null, { 'the blocking call returned': () => false });
  } catch (e) {
    check(e, { 'the blocking call threw': () => false });
  } finally {
    check(null, { 'finally ran after the blocking call': () => false });
  }
}
`

// jetStreamSetup makes an empty stream with a durable pull consumer and a
// JetStream context whose acks never come for subjects under nack.>,
// which a core subscriber captures without replying.
const jetStreamSetup = `
  const js = nats.jetStream(conn, { timeout: 1e9 });
  js.addStream({ name: 'EMPTY', subjects: ['empty.>'] });
  js.addConsumer('EMPTY', { durable: 'D', ackPolicy: 'explicit' });
  conn.subscribe('nack.>', '');
  conn.flush();
`

// stalledJetStream opens a JetStream context, a KV bucket and an object
// store through the stalling proxy, then stalls it: the server hears
// every later call, the VU never hears back.
const stalledJetStream = `const c = nats.connect({ urls: [STALLED] });
    const js = nats.jetStream(c, { timeout: 1e9 });
    js.addStream({ name: 'EMPTY', subjects: ['empty.>'] });
    const kv = js.createKeyValue({ bucket: 'B' });
    const os = js.createObjectStore({ bucket: 'O' });
    js.addConsumer('EMPTY', { durable: 'A', ackPolicy: 'explicit' });
    js.publish('empty.m', 'x');
    const msg = js.consumer('EMPTY', 'A').next(5000);
    c.publish('stall.now', 'x');
    `

// Every call that waits, given a timeout of 1e9 ms, ends with the
// iteration: the run keeps to duration + gracefulStop, the iteration is
// not counted as complete, and no NATS error metric or check counts it.
func TestBlockingCallsEndWithTheIteration(t *testing.T) {
	stalled, dark := stallingProxy(t, false), stallingProxy(t, true)
	cases := map[string]string{
		"nats.connect":  `nats.connect({ urls: [DARK], timeout: 1e9 });`,
		"sub.next":      `conn.subscribe('never').next(1e9);`,
		"sub.nextAsync": `await conn.subscribe('never').nextAsync(1e9);`,
		"conn.request": `conn.subscribe('silent', ''); conn.flush();
    conn.request('silent', 'x', 1e9);`,
		"conn.requestAsync": `conn.subscribe('silent', ''); conn.flush();
    await conn.requestAsync('silent', 'x', 1e9);`,
		"conn.flush": `const c = nats.connect({ urls: [STALLED] });
    c.publish('stall.now', 'x'); c.flush(1e9);`,
		"conn.drain": `const c = nats.connect({ urls: [STALLED] });
    c.subscribe('d', '', () => {}); c.publish('stall.now', 'x'); c.drain();`,
		"conn.publishBulk": `conn.publishBulk('bulk', 'x', 1e12);`,
		"conn.publishRate": `await conn.publishRate({ subject: 'rate', rate: 1000, duration: '1h', connections: 2 });`,
		"conn.publishRate jetstream": jetStreamSetup + `await conn.publishRate({ subject: 'nack.r', rate: 5000, duration: '1h',
      mode: 'jetstream', timeout: 1e9 });`,
		"nats.jetStream": `const c = nats.connect({ urls: [STALLED] });
    c.publish('stall.now', 'x'); nats.jetStream(c, { timeout: 1e9 });`,
		"js.publish": jetStreamSetup + `js.publish('nack.x', 'd', { timeout: 1e9 });`,
		"js.publishAsyncComplete": jetStreamSetup + `js.publishAsync('nack.x', 'd');
    await js.publishAsyncComplete();`,
		"js.publishAsyncBulk": jetStreamSetup + `await js.publishAsyncBulk('nack.x', 'd', 1e12);`,
		"consumer.fetch":      jetStreamSetup + `js.consumer('EMPTY', 'D').fetch(10, 1e9);`,
		"consumer.next":       jetStreamSetup + `js.consumer('EMPTY', 'D').next(1e9);`,
		"js.pullMessages":     jetStreamSetup + `js.pullMessages(js.pullSubscribe('EMPTY', 'empty.>', 'P'), 10, 1e9);`,
		"js.getStreamInfo":    stalledJetStream + `js.getStreamInfo('EMPTY');`,
		"kv.put":              stalledJetStream + `kv.put('k', 'v');`,
		"jsMsg.ackSync":       stalledJetStream + `msg.ackSync();`,
		"kv.get":              stalledJetStream + `kv.get('k');`,
		"objectStore.put":     stalledJetStream + `os.put('o', 'v');`,
		"objectStore.get":     stalledJetStream + `os.get('o');`,
	}
	for name, call := range cases {
		t.Run(name, func(t *testing.T) {
			script := strings.Replace(interruptedCallScript, "export default", "async function blocked(conn) {\n    "+call+"\n}\nexport default", 1)
			start := time.Now()
			r := runFiles(t, map[string]string{"script.js": script}, Config{Env: map[string]string{"STALLED_URL": stalled, "DARK_URL": dark}})
			took := time.Since(start)
			r.wantCode(t, ExitOK)
			if took > 2*time.Second+initAllowance {
				t.Errorf("the run took %v; duration + gracefulStop is 1.5s", took)
			}
			if n := r.count("iterations"); n != 0 {
				t.Errorf("%v iterations completed, want none: every one was interrupted\n%s", n, r.stderr)
			}
			metrics := []string{"nats_publish_errors", "nats_request_timeouts", "nats_js_publish_errors"}
			if name != "conn.drain" { // drain returns at once; the drain then holds the iteration
				metrics = append(metrics, "checks")
			}
			for _, m := range metrics {
				if n := r.count(m); n != 0 {
					t.Errorf("%s counted %v for an interrupted call\n%s", m, n, r.stderr)
				}
			}
			if strings.Contains(r.stderr, "ERRO") {
				t.Errorf("an interrupted call was reported as an error:\n%s", r.stderr)
			}
		})
	}
}

// initAllowance is what loading the script and starting the embedded
// server may add to the run's wall time on a loaded machine.
const initAllowance = 500 * time.Millisecond

// A blocking call in setup() ends at setupTimeout: exit 100 then.
func TestSetupTimeoutEndsABlockingCall(t *testing.T) {
	start := time.Now()
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
export const options = { setupTimeout: '1s', iterations: 1 };
export function setup() { nats.connect().subscribe('never').next(30000); }
export default function () {}
`}, Config{})
	r.wantCode(t, ExitSetupTimeout)
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("exit 100 after %v; setupTimeout is 1s", took)
	}
	if !strings.Contains(r.stderr, "setupTimeout (1s)") {
		t.Fatalf("stderr does not name setupTimeout:\n%s", r.stderr)
	}
}

// A blocking call in teardown() ends at teardownTimeout: exit 101 then.
func TestTeardownTimeoutEndsABlockingCall(t *testing.T) {
	start := time.Now()
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
export const options = { teardownTimeout: '1s', iterations: 1 };
export default function () {}
export function teardown() {
  const conn = nats.connect();
  conn.subscribe('silent', '');
  conn.flush();
  conn.request('silent', 'x', 1e9);
}
`}, Config{})
	r.wantCode(t, ExitTeardownTimeout)
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("exit 101 after %v; teardownTimeout is 1s", took)
	}
}

// count is a counter's count (for checks: passes and fails) in the
// summary export, 0 when the metric has no samples.
func (r result) count(name string) float64 {
	m, _ := r.export["metrics"].(map[string]any)[name].(map[string]any)
	n := 0.0
	for _, field := range []string{"count", "passes", "fails"} {
		if v, ok := m[field].(float64); ok {
			n += v
		}
	}
	return n
}

// stallingProxy is a real nats-server behind a TCP relay that stops
// relaying the server's replies to a client once that client publishes
// to stall.now (or from the start, with dark): a network that swallows
// everything from then on.
func stallingProxy(t *testing.T, dark bool) string {
	t.Helper()
	srv := testsupport.StartServer(t, nil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	target := strings.TrimPrefix(srv.ClientURL(), "nats://")
	go func() {
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			go relay(client, target, dark)
		}
	}()
	return fmt.Sprintf("nats://%s", ln.Addr())
}

func relay(client net.Conn, target string, dark bool) {
	defer client.Close()
	server, err := net.Dial("tcp", target)
	if err != nil {
		return
	}
	defer server.Close()
	var stalled atomic.Bool
	stalled.Store(dark)
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := server.Read(buf)
			if err != nil {
				return
			}
			if !stalled.Load() {
				if _, err := client.Write(buf[:n]); err != nil {
					return
				}
			}
		}
	}()
	buf := make([]byte, 32<<10)
	for {
		n, err := client.Read(buf)
		if err != nil {
			return
		}
		if bytes.Contains(buf[:n], []byte("stall.now")) {
			stalled.Store(true)
		}
		if _, err := server.Write(buf[:n]); err != nil {
			return
		}
	}
}
