// JetStream: publish with acknowledgements, then pull and ack every message.
//
//   bin/natsk6 run examples/jetstream.ts
//   bin/natsk6 run -u 5 -d 20s examples/jetstream.ts
//
// setup() creates the stream and a durable pull consumer; each iteration
// publishes a batch (every PubAck checked) and pulls the same number back.
// VUs share the consumer, so a VU may pull another's batch; every message
// is still pulled and acked once, and teardown checks none is left.
import nats from 'k6/x/nats';
import { check } from 'k6';

const STREAM = 'EXAMPLE_ORDERS';
const CONSUMER = 'EXAMPLE_WORKER';
const BATCH = 10;

export const options = {
  vus: 1,
  duration: '2s',
  thresholds: {
    checks: ['rate==1'],
    nats_js_publish_errors: ['count==0'],
  },
};

const conn = nats.connect({});
const js = nats.jetStream(conn);

export function setup() {
  if (js.getStreamNames().includes(STREAM)) js.deleteStream(STREAM);
  js.addStream(nats.streamConfig({ name: STREAM, subjects: ['example.orders.>'], storage: 'memory' }));
  js.addConsumer(STREAM, nats.consumerConfig({ durable: CONSUMER, ackPolicy: 'explicit', deliverPolicy: 'all' }));
}

export default function () {
  for (let i = 0; i < BATCH; i++) {
    const ack = js.publish('example.orders.new', JSON.stringify({ id: i, vu: __VU }), { msgId: `${__VU}-${__ITER}-${i}` });
    check(ack, { 'stored in the stream': (a) => a.stream === STREAM && a.seq > 0 && !a.duplicate });
  }
  const sub = js.pullSubscribe(STREAM, 'example.orders.>', CONSUMER);
  const messages = js.pullMessages(sub, BATCH, 2000);
  check(messages, { 'pulled the whole batch': (m) => m.length === BATCH });
  for (const msg of messages) {
    check(msg.json<{ id: number; vu: number }>(), { 'payload decodes': (order) => typeof order.id === 'number' });
    msg.ack();
  }
}

export function teardown() {
  const info = js.getConsumerInfo(STREAM, CONSUMER);
  check(info, { 'nothing left to deliver': (i) => i.numPending === 0 });
  js.deleteStream(STREAM);
}
