package runner

import (
	"strings"
	"testing"
)

// These tests run against the embedded nats-server that Run starts when
// no NATS_URL is given.

func TestSleepRunsSubscriptionHandlers(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
import { check, sleep } from 'k6';
export const options = { iterations: 1 };
export default function () {
  if (!__ENV.NATS_URL.startsWith('nats://127.0.0.1:')) throw new Error('NATS_URL not set to the embedded server: ' + __ENV.NATS_URL);
  const conn = nats.connect({});
  let got = 0;
  const sub = conn.subscribe('runner.sleep', '', () => { got++; });
  for (let i = 0; i < 10; i++) conn.publish('runner.sleep', 'm' + i);
  conn.flush();
  sleep(0.5);
  check(got, { 'handler ran during sleep': (n) => n === 10 });
  sub.unsubscribe();
  conn.close();
}`}, Config{})
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "passes"); got != 1 {
		t.Fatalf("checks passes = %v, want 1\n%s", got, r.stderr)
	}
}

func TestSubscriptionHoldsIterationUntilUnsubscribed(t *testing.T) {
	r := runFiles(t, map[string]string{"script.ts": `import nats from 'k6/Pondigo/nats';
import { check } from 'k6';
export const options = { iterations: 2 };
const conn = nats.connect({});  // init-time connection, reused across iterations
export default function (): void {
  let got = 0;
  const subject = 'runner.hold.' + __ITER;
  const sub = conn.subscribe(subject, '', () => {
    got++;
    if (got === 5) { sub.unsubscribe(); check(got, { 'iteration waited for five messages': (n) => n === 5 }); }
  });
  setTimeout(() => { for (let i = 0; i < 5; i++) conn.publish(subject, 'x'); }, 20);
}`}, Config{})
	r.wantCode(t, ExitOK)
	if got := r.metric(t, "checks", "passes"); got != 2 {
		t.Fatalf("checks passes = %v, want 2\n%s", got, r.stderr)
	}
}

func TestGracefulStopEndsHeldIteration(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
export const options = {
  scenarios: { held: { executor: 'constant-vus', vus: 1, duration: '200ms', gracefulStop: '300ms' } },
};
export default function () {
  const conn = nats.connect({});
  conn.subscribe('runner.never', '', () => {});
}`}, Config{})
	r.wantCode(t, ExitOK)
	if strings.Contains(r.stderr, "ERRO") {
		t.Fatalf("an interrupted iteration was reported as an error:\n%s", r.stderr)
	}
}

func TestExternalNATSURLDisablesEmbedded(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
export const options = { iterations: 1 };
export default function () {
  let code = 0;
  try { nats.connect({ timeout: 0.5, maxReconnects: 0 }); } catch (e) { code = e.code; }
  if (__ENV.NATS_URL !== 'nats://127.0.0.1:1') throw new Error('NATS_URL replaced: ' + __ENV.NATS_URL);
  console.log('connect code ' + code);
}`}, Config{Env: map[string]string{"NATS_URL": "nats://127.0.0.1:1"}})
	r.wantCode(t, ExitOK)
	if !strings.Contains(r.stderr, "connect code 10") {
		t.Fatalf("connecting to the unreachable NATS_URL did not fail with a NatsError:\n%s", r.stderr)
	}
}

func TestHandlerExceptionIsReportedAndVUGoesOn(t *testing.T) {
	r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
import { sleep } from 'k6';
export const options = { iterations: 2 };
export default function () {
  const conn = nats.connect({});
  conn.subscribe('runner.boom', '', () => { throw new Error('handler broke'); });
  conn.publish('runner.boom', 'x');
  conn.flush();
  sleep(0.2);
  conn.close();
}`}, Config{})
	r.wantCode(t, ExitOK)
	if n := strings.Count(r.stderr, "handler broke"); n != 2 {
		t.Fatalf("handler exception reported %d times, want 2:\n%s", n, r.stderr)
	}
	if got := r.metric(t, "iterations", "count"); got != 2 {
		t.Fatalf("iterations = %v, want 2", got)
	}
}

// A close or drain the script asks for is not a disconnect: fifty
// healthy iterations, with and without a subscription, count none, and
// a threshold on nats_disconnects stays green.
func TestClosingIsNoDisconnect(t *testing.T) {
	for name, body := range map[string]string{
		"close": `conn.publish('healthy', 'x'); conn.flush(); conn.close();`,
		"subscription and close": `const sub = conn.subscribe('healthy', '', () => {});
  conn.publish('healthy', 'x'); conn.flush(); sub.unsubscribe(); conn.close();`,
		"drain": `conn.subscribe('healthy', '', () => {}); conn.publish('healthy', 'x'); conn.drain();`,
	} {
		t.Run(name, func(t *testing.T) {
			r := runFiles(t, map[string]string{"script.js": `import nats from 'k6/x/nats';
import { sleep } from 'k6';
export const options = { iterations: 50, thresholds: { nats_disconnects: ['count==0'] } };
export default function () {
  const conn = nats.connect();
  ` + body + `
  sleep(0.01); // nats.go reports a disconnect asynchronously: give one time to arrive
}`}, Config{})
			r.wantCode(t, ExitOK)
			if n := r.count("nats_disconnects"); n != 0 {
				t.Fatalf("nats_disconnects = %v after 50 healthy iterations", n)
			}
		})
	}
}
