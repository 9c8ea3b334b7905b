// A short run that feeds every chart of the web dashboard: pub/sub with
// timestamps (end-to-end latency), request/reply with a few deliberate
// timeouts, JetStream publishes and consumer-lag samples, checks, and
// open-loop requests and JetStream publishes (publishRate: publish delay,
// corrected latencies).
import nats from 'k6/x/nats';
import { check, sleep } from 'k6';
import { setTimeout } from 'k6/timers';

const STREAM = 'DASHBOARD';
const CONSUMER = 'DASHBOARD_IDLE';
const SERVE_MS = 6500;

export const options = {
  scenarios: {
    service: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'service' },
    load: { executor: 'constant-vus', vus: 2, duration: '5s', startTime: '500ms', exec: 'load' },
    openLoop: { executor: 'per-vu-iterations', vus: 1, iterations: 1, startTime: '500ms', exec: 'openLoop' },
  },
  thresholds: {
    nats_request_duration: ['p(95)<1000'],
    checks: ['rate>0.5'],
    iterations: ['count>10'],
  },
};

const conn = nats.connect({ timestamp: true });
const js = nats.jetStream(conn);

export function setup(): void {
  if (js.getStreamNames().includes(STREAM)) js.deleteStream(STREAM);
  js.addStream(nats.streamConfig({ name: STREAM, subjects: ['dashboard.js.>'], storage: 'memory' }));
  // Nobody pulls from this consumer, so its pending count (the lag) grows.
  js.addConsumer(STREAM, nats.consumerConfig({ durable: CONSUMER, ackPolicy: 'explicit', deliverPolicy: 'all' }));
}

/** Answers dashboard.echo, listens on dashboard.events and never answers dashboard.silent. */
export function service(): void {
  const subs = [
    conn.subscribe('dashboard.echo', (msg) => msg.respond(msg.data)),
    conn.subscribe('dashboard.events', () => {}),
    conn.subscribe('dashboard.silent', () => {}),
  ];
  setTimeout(() => subs.forEach((s) => s.drain()), SERVE_MS);
}

export function load(): void {
  for (let i = 0; i < 5; i++) conn.publish('dashboard.events', `event ${__ITER}-${i}`);
  const reply = conn.request('dashboard.echo', `ping ${__ITER}`, 2000);
  check(reply, { 'echo answers': (r) => r.data === `ping ${__ITER}` });
  const ack = js.publish(`dashboard.js.vu${__VU}`, `stored ${__ITER}`);
  check(ack, { 'stored in the stream': (a) => a.stream === STREAM });
  if (__ITER % 5 === 0) js.getConsumerInfo(STREAM, CONSUMER);
  if (__ITER % 10 === 3) {
    try {
      conn.request('dashboard.silent', 'anyone?', 50);
    } catch {
      // the timeout is the point: it counts in nats_request_timeouts
    }
  }
  sleep(0.05);
}

/** Requests dashboard.echo and publishes to the stream at a steady rate, at once. */
export async function openLoop(): Promise<void> {
  await Promise.all([
    conn.publishRate({ subject: 'dashboard.echo', rate: 40, duration: '5s', mode: 'request' }),
    conn.publishRate({ subject: 'dashboard.js.openloop', rate: 40, duration: '5s', mode: 'jetstream' }),
  ]);
}

export function teardown(): void {
  js.deleteStream(STREAM);
}
