// Pub/sub fan-out with queue groups: every queue group gets each message
// once, shared among its members; a plain subscriber gets them all.
//
//   bin/natsk6 run examples/pubsub.ts
import nats from 'k6/x/nats';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import exec from 'k6/execution';
import { setTimeout } from 'k6/timers';
import { JSONCodec } from '../types/src/codec';

const MESSAGES = 100;
const LISTEN_MS = 4000;

export const options = {
  scenarios: {
    // Two members in each of the groups 'billing' and 'shipping', plus an auditor that sees everything.
    subscribers: { executor: 'per-vu-iterations', vus: 2, iterations: 1, exec: 'subscriber' },
    publisher: { executor: 'shared-iterations', vus: 1, iterations: MESSAGES, exec: 'publisher', startTime: '1s' },
  },
  thresholds: {
    billing_received: [`count==${MESSAGES}`],
    shipping_received: [`count==${MESSAGES}`],
    audit_received: [`count==${2 * MESSAGES}`],
    checks: ['rate==1'],
  },
};

interface Order {
  id: number;
  item: string;
}

const orders = JSONCodec<Order>();
const billing = new Counter('billing_received');
const shipping = new Counter('shipping_received');
const audit = new Counter('audit_received');

const conn = nats.connect({ name: `pubsub-vu${__VU}` });

export function subscriber(): void {
  const subs = [
    conn.subscribe('orders.*', 'billing', (msg) => {
      billing.add(1);
      check(orders.decode(msg), { 'billing gets an order': (o) => o.id > 0 });
    }),
    conn.subscribe('orders.*', 'shipping', () => shipping.add(1)),
    conn.subscribe('orders.*', '', () => audit.add(1)),
  ];
  // Handlers keep the iteration alive until the subscriptions end.
  setTimeout(() => subs.forEach((s) => s.unsubscribe()), LISTEN_MS);
}

export function publisher(): void {
  const id = exec.scenario.iterationInTest + 1;
  conn.publish(`orders.${id % 2 === 0 ? 'eu' : 'us'}`, orders.encode({ id, item: `item-${id}` }));
  conn.flush(2000);
}
