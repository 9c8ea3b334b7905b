// Messages that look like real traffic: each JSON order has its own
// sequence number, send time and UUID, rendered in Go per message from
// a template compiled once (no JS per message), at an open-loop rate.
//
//   bin/natsk6 run examples/payload-template.ts
//   RATE=50000 MODE=jetstream bin/natsk6 run examples/payload-template.ts
//
// A checker VU subscribes and verifies that every order parses and that
// the sequence numbers arrive without a gap (core NATS on one connection
// keeps order). Env: RATE (msgs/s, default 5000), SECONDS (default 5),
// MODE (core | jetstream).
//
// With -u/-d the scenarios give way to the default function: each
// iteration checks its own subject over core NATS, RATE / VUs orders/s
// for 1 s.
import nats, { type Subscription } from 'k6/x/nats';
import { check } from 'k6';
import exec from 'k6/execution';
import { setTimeout } from 'k6/timers';
import { Counter } from 'k6/metrics';

const RATE = Number(__ENV.RATE || 5000);
const SECONDS = Number(__ENV.SECONDS || 5);
const MODE = __ENV.MODE === 'jetstream' ? 'jetstream' : 'core';
const TEMPLATE = '{"seq":{{seq}},"ts":{{ts}},"id":"{{uuid}}","item":"widget","qty":1}';

export const options = {
  scenarios: {
    checker: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'checker' },
    producer: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'producer', startTime: '500ms', maxDuration: `${SECONDS + 10}s` },
  },
  thresholds: {
    bad_orders: ['count==0'],
    nats_msgs_missed: ['count==0'],
    checks: ['rate==1'],
  },
};

const badOrders = new Counter('bad_orders');
const conn = nats.connect({ name: `payload-template-vu${__VU}` });

interface Order {
  seq: number;
  ts: number;
  id: string;
}

export function setup(): void {
  if (MODE !== 'jetstream') return;
  const js = nats.jetStream(conn);
  if (js.getStreamNames().includes('ORDERS_TPL')) js.deleteStream('ORDERS_TPL');
  js.addStream(nats.streamConfig({ name: 'ORDERS_TPL', subjects: ['orders.tpl'], storage: 'memory' }));
}

/** Subscribes to `subject` and counts an order that is out of sequence or malformed as bad; returns how many arrived. */
function checkOrders(subject: string): { sub: Subscription; received: () => number } {
  let next = 1;
  const sub = conn.subscribe(subject, '', (msg) => {
    const order = msg.json<Order>();
    // In order and well formed: a gap or a bad field counts as a bad order.
    if (order.seq !== next || order.id.length !== 36 || order.ts > Date.now()) badOrders.add(1);
    next = order.seq + 1;
  }, { pendingMsgs: -1, pendingBytes: -1 });
  return { sub, received: () => next - 1 };
}

export function checker(): void {
  const { sub } = checkOrders('orders.tpl');
  setTimeout(() => sub.drain(), (SECONDS + 3) * 1000);
}

export default async function (): Promise<void> {
  const subject = `orders.tpl.vu${__VU}.${__ITER}`;
  const { sub, received } = checkOrders(subject);
  conn.flush();
  const res = await conn.publishRate({
    subject, rate: RATE / exec.instance.vusInitialized, duration: '1s', payload: { template: TEMPLATE },
  });
  // The handler runs while this waits: poll until the last order is in.
  const deadline = Date.now() + 5000;
  await new Promise<void>((resolve) => {
    const poll = (): void => { if (received() >= res.sent || Date.now() > deadline) resolve(); else setTimeout(poll, 10); };
    poll();
  });
  sub.unsubscribe();
  check(res, { 'every order received': (r) => received() === r.sent && r.sent > 0 });
}

export async function producer(): Promise<void> {
  const res = await conn.publishRate({
    subject: 'orders.tpl',
    rate: RATE,
    duration: `${SECONDS}s`,
    mode: MODE,
    payload: { template: TEMPLATE },
  });
  check(res, { 'kept up with the offered rate': (r) => r.keptUp });
}
