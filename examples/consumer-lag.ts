// Consumer lag: does the consumer keep up with the load? nats.sample()
// reads its state every second, and a threshold fails the run (exit 99)
// once it is 1000 messages behind.
//
//   bin/natsk6 run examples/consumer-lag.ts                 a worker that keeps up: passes
//   WORK_MS=20 bin/natsk6 run examples/consumer-lag.ts      20 ms per message: it falls behind, exit 99
//   RATE=2000 DURATION=30s bin/natsk6 run examples/consumer-lag.ts
//
// Two scenarios: `produce` publishes RATE orders/s (open loop per
// iteration), `consume` pulls and acks them in one VU, spending WORK_MS
// on each. The sampled consumer could as well be the application's own:
// drop the consume scenario and name its stream and consumer in
// nats.sample (they need not be natsk6's).
import nats from 'k6/x/nats';
import type { PullSubscription } from 'k6/x/nats';
import { check, sleep } from 'k6';

const STREAM = 'LAG_ORDERS';
const CONSUMER = 'worker';
const RATE = Number(__ENV.RATE || 200);
const DURATION = __ENV.DURATION || '10s';
const WORK_MS = Number(__ENV.WORK_MS || 0);

export const options = {
  scenarios: {
    produce: { executor: 'constant-arrival-rate', exec: 'produce', rate: RATE, timeUnit: '1s', duration: DURATION, preAllocatedVUs: 5 },
    consume: { executor: 'constant-vus', exec: 'consume', vus: 1, duration: DURATION },
  },
  thresholds: {
    // The lag: orders stored that the worker has not been given yet.
    [`nats_js_consumer_num_pending{consumer:${CONSUMER}}`]: ['value<1000'],
    // Given but not acknowledged: the worker holds no more than a batch.
    [`nats_js_consumer_num_ack_pending{consumer:${CONSUMER}}`]: ['value<=100'],
    checks: ['rate==1'],
  },
};

nats.sample({ streams: [STREAM], consumers: [{ stream: STREAM, name: CONSUMER }], interval: '1s' });

const conn = nats.connect({ name: `consumer-lag-vu${__VU}` });
const js = nats.jetStream(conn);

export function setup(): void {
  if (js.getStreamNames().includes(STREAM)) js.deleteStream(STREAM);
  js.addStream(nats.streamConfig({ name: STREAM, subjects: ['lag.orders.>'], storage: 'memory' }));
  js.addConsumer(STREAM, nats.consumerConfig({ durable: CONSUMER, ackPolicy: 'explicit' }));
}

export function produce(): void {
  const ack = js.publish('lag.orders.new', JSON.stringify({ vu: __VU, iter: __ITER }));
  check(ack, { 'order stored': (a) => a.stream === STREAM });
}

// Bound on first use: setup() creates the consumer after init.
let sub: PullSubscription | undefined;

export function consume(): void {
  sub ??= js.consumer(STREAM, CONSUMER);
  for (const msg of sub.fetch(100, 500)) {
    if (WORK_MS > 0) sleep(WORK_MS / 1000);
    msg.ack();
  }
}

// With -u/-d (no scenarios): each iteration produces a few orders and
// works through a batch.
export default function (): void {
  for (let i = 0; i < 10; i++) produce();
  consume();
}

export function teardown(): void {
  js.deleteStream(STREAM);
}
