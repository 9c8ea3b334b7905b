// Publish to subscribe: SUBS VUs subscribe with a handler and count what
// arrives, one VU publishes COUNT messages with publishBulk. Each
// subscriber's rate runs from its first message to its last, as nats
// bench sub measures it: it reads the clock at the first message and at
// the COUNTth, not at every one. If messages go missing, the last one is
// the last time the wait loop saw the count move (within 50 ms). MODE=batch subscribes with { batch: true }, the
// fast pattern for high-rate subscribers (README): one handler call per
// event-loop turn with the messages that arrived, instead of one per message.
// Matches `nats bench sub SUBJECT --clients SUBS --msgs COUNT` with
// `nats bench pub SUBJECT --size SIZE --msgs COUNT`.
import nats from 'k6/x/nats';
import { sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { COUNT, MODE, SUBJECT, connectOptions, onceEachVU, payload, recordRate } from './common.js';

const SUBS = Number(__ENV.SUBS || 1);
// A subscriber is done when it has every message or none came for this long.
const IDLE_MS = 1000;

export const options = {
  scenarios: {
    subscribe: { executor: 'per-vu-iterations', vus: SUBS, iterations: 1, maxDuration: '10m', exec: 'subscriber' },
    publish: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '10m', exec: 'publisher', startTime: '500ms' },
  },
  summaryTrendStats: onceEachVU().summaryTrendStats,
};

const missed = new Counter('bench_msgs_missed');
const conn = nats.connect(connectOptions('bench-pubsub'));

export function subscriber() {
  let received = 0;
  let first = 0;
  let last = 0;
  // nats bench sub lifts nats.go's pending limits; so does this side.
  const limits = { pendingMsgs: -1, pendingBytes: -1 };
  const sub = MODE === 'batch'
    ? conn.subscribe(SUBJECT, '', (msgs) => {
      if (received === 0) {
        first = Date.now();
      }
      received += msgs.length;
      if (received >= COUNT) {
        last = Date.now();
      }
    }, Object.assign({ batch: true }, limits))
    : conn.subscribe(SUBJECT, '', () => {
      if (received++ === 0) {
        first = Date.now();
      }
      if (received === COUNT) {
        last = Date.now();
      }
    }, limits);
  const deadline = Date.now() + 10 * 60 * 1000;
  let seen = 0;
  let moved = 0;
  // sleep runs this VU's handlers while it waits.
  while (received < COUNT && Date.now() < deadline && (first === 0 || Date.now() - moved < IDLE_MS)) {
    sleep(0.05);
    if (received !== seen) {
      seen = received;
      moved = Date.now();
    }
  }
  if (received < COUNT) {
    last = moved;
  }
  sub.unsubscribe();
  if (received > 0) {
    recordRate(received, first, last);
  }
  missed.add(COUNT - received);
}

export function publisher() {
  conn.publishBulk(SUBJECT, payload(), COUNT);
  conn.flush();
}
