// Pub/sub fan-out with queue groups: every queue group gets each message
// once, shared among its members; a plain subscriber gets them all.
//
//   bin/natsk6 run examples/pubsub.ts             the scenarios below
//   bin/natsk6 run -u 5 -d 20s examples/pubsub.ts  rounds in the default function
//
// The scenarios put subscribers and the publisher in different VUs. With
// -u/-d they give way to the default function, as in k6: each iteration is
// one round of the same fan-out inside one VU, checked message by message.
import nats, { type Subscription } from 'k6/x/nats';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import exec from 'k6/execution';
import { setTimeout } from 'k6/timers';
import { JSONCodec } from '../types/src/codec';

const MESSAGES = 100;
const LISTEN_MS = 4000;
const ROUND = 20; // messages per default-function iteration
const ROUND_TIMEOUT_MS = 2000;

export const options = {
  scenarios: {
    // Two members in each of the groups 'billing' and 'shipping', plus an auditor that sees everything.
    subscribers: { executor: 'per-vu-iterations', vus: 2, iterations: 1, exec: 'subscriber' },
    publisher: { executor: 'shared-iterations', vus: 1, iterations: MESSAGES, exec: 'publisher', startTime: '1s' },
  },
  thresholds: {
    checks: ['rate==1'],
  },
};

interface Order {
  id: number;
  item: string;
}

/** Deliveries one VU saw, by subscriber kind. */
interface Tally {
  billing: number;
  shipping: number;
  audit: number;
}

const orders = JSONCodec<Order>();
const billing = new Counter('billing_received');
const shipping = new Counter('shipping_received');
const audit = new Counter('audit_received');

const conn = nats.connect({ name: `pubsub-vu${__VU}` });

/** Joins both queue groups with `members` subscriptions each, plus one plain subscriber. */
function fanOut(subject: string, members: number, tally: Tally): Subscription[] {
  const subs: Subscription[] = [];
  for (let i = 0; i < members; i++) {
    subs.push(
      conn.subscribe(subject, 'billing', (msg) => {
        tally.billing++;
        billing.add(1);
        check(orders.decode(msg), { 'billing gets an order': (o) => o.id > 0 });
      }),
      conn.subscribe(subject, 'shipping', () => {
        tally.shipping++;
        shipping.add(1);
      }),
    );
  }
  subs.push(
    conn.subscribe(subject, '', () => {
      tally.audit++;
      audit.add(1);
    }),
  );
  return subs;
}

function publishOrder(subject: string, id: number): void {
  conn.publish(subject, orders.encode({ id, item: `item-${id}` }));
}

export function subscriber(): void {
  const tally: Tally = { billing: 0, shipping: 0, audit: 0 };
  const subs = fanOut('orders.*', 1, tally);
  // Handlers keep the iteration alive until the subscriptions end.
  setTimeout(() => {
    subs.forEach((s) => s.unsubscribe());
    check(tally, { 'the auditor saw every order': (t) => t.audit === MESSAGES });
  }, LISTEN_MS);
}

export function publisher(): void {
  const id = exec.scenario.iterationInTest + 1;
  publishOrder(`orders.${id % 2 === 0 ? 'eu' : 'us'}`, id);
  conn.flush(2000);
}

// The default function: one round on this VU's own subject, so rounds in
// other VUs never mix with it.
export default function (): void {
  const subject = `orders.vu${__VU}`;
  const tally: Tally = { billing: 0, shipping: 0, audit: 0 };
  const subs = fanOut(subject, 2, tally);
  for (let id = 1; id <= ROUND; id++) publishOrder(subject, id);
  conn.flush(2000);

  const deadline = Date.now() + ROUND_TIMEOUT_MS;
  const settle = () => {
    const all = tally.billing === ROUND && tally.shipping === ROUND && tally.audit === ROUND;
    if (!all && Date.now() < deadline) {
      setTimeout(settle, 5);
      return;
    }
    subs.forEach((s) => s.unsubscribe());
    check(tally, {
      'each group got every order once': (t) => t.billing === ROUND && t.shipping === ROUND,
      'the auditor saw every order': (t) => t.audit === ROUND,
    });
  };
  settle();
}
