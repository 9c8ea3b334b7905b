// End-to-end latency at a fixed rate: VU 1 subscribes, VU 2 publishes
// COUNT messages of SIZE bytes at RATE msgs/s with conn.publishRate,
// each stamped with its send time in its first 8 bytes (as `nats latency`
// does); nats_e2e_latency is send stamp → handler. The figure's rate is
// the achieved publish rate. Matches
// `nats latency --server-b URL --rate RATE --duration COUNT/RATE --size SIZE`.
import nats from 'k6/x/nats';
import { setTimeout } from 'k6/timers';
import { Counter } from 'k6/metrics';
import { COUNT, SIZE, SUBJECT, connectOptions } from './common.js';

const RATE = Number(__ENV.RATE || 10000);
const SECONDS = COUNT / RATE;

export const options = {
  scenarios: {
    subscribe: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '10m', exec: 'subscriber' },
    publish: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '10m', exec: 'publisher', startTime: '500ms' },
  },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
};

const msgsPerSec = new Counter('bench_msgs_per_sec');
const conn = nats.connect(connectOptions('bench-e2e'));

export function subscriber() {
  const sub = conn.subscribe(SUBJECT, '', () => {}, { pendingMsgs: -1, pendingBytes: -1, timestamp: 'payload' });
  // Until the publisher is done (it starts 500 ms in) and its last
  // messages arrived.
  setTimeout(() => sub.unsubscribe(), 500 + SECONDS * 1000 + 1000);
}

export async function publisher() {
  const res = await conn.publishRate({
    subject: SUBJECT,
    rate: RATE,
    duration: Math.max(Math.round(SECONDS * 1000), 1),
    payload: SIZE,
    timestamp: 'payload',
  });
  msgsPerSec.add(res.achievedRate);
}
