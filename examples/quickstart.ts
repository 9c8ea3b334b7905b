// natsk6 quickstart: a short load test (about 12 s) of core NATS and
// JetStream on one server.
//
//   make run                      (embedded nats-server, nothing to set up)
//   NATS_URL=nats://host:4222 bin/natsk6 run examples/quickstart.ts
//   bin/natsk6 run -u 4 -d 10s examples/quickstart.ts
//
// Six scenarios run side by side:
//   orders      core publish at a target rate (1000 msg/s, constant-arrival-rate)
//   audit       one subscriber that receives every order (nats_e2e_latency)
//   responder   a request/reply service the test starts itself
//   requests    clients calling it at 300 requests/s
//   jsPublish   JetStream publishes at 200 msg/s, every PubAck checked
//   jsConsume   a pull consumer fetching and acking them
// The end-of-test summary shows the throughput each one reached.
//
// With -u/-d (or --iterations) the scenarios give way to the default
// function, as in k6: each iteration publishes a message and reads it back.
//
// The fast pattern: connect once per VU in init code and reuse the
// connection in every iteration; the runner closes it at the end.
import nats, { type JsMsg, type PullSubscription, type Subscription } from 'k6/x/nats';
import { check } from 'k6';
import { setTimeout } from 'k6/timers';

const RUN = '10s';
const WARM_UP = '500ms'; // the subscriber and the responder start first
const LISTEN_MS = 11_500; // WARM_UP + RUN + 1 s for the last replies and messages
const STREAM = 'QUICKSTART';
const CONSUMER = 'QUICKSTART_WORKER';

export const options = {
  scenarios: {
    orders: {
      executor: 'constant-arrival-rate', exec: 'publishOrder', startTime: WARM_UP,
      rate: 1000, timeUnit: '1s', duration: RUN, preAllocatedVUs: 5, maxVUs: 20,
    },
    audit: { executor: 'per-vu-iterations', exec: 'audit', vus: 1, iterations: 1 },
    responder: { executor: 'per-vu-iterations', exec: 'respond', vus: 1, iterations: 1 },
    requests: {
      executor: 'constant-arrival-rate', exec: 'request', startTime: WARM_UP,
      rate: 300, timeUnit: '1s', duration: RUN, preAllocatedVUs: 5, maxVUs: 20,
    },
    jsPublish: {
      executor: 'constant-arrival-rate', exec: 'jsPublish', startTime: WARM_UP,
      rate: 200, timeUnit: '1s', duration: RUN, preAllocatedVUs: 3, maxVUs: 10,
    },
    jsConsume: { executor: 'constant-vus', exec: 'jsConsume', startTime: WARM_UP, vus: 1, duration: RUN },
  },
  // Generous bounds: a healthy laptop or CI machine passes them by far.
  // Iterations are dropped when every VU of an arrival-rate scenario is
  // busy (or still starting): a few at most on an idle machine.
  thresholds: {
    checks: ['rate>0.99'],
    nats_request_duration: ['p(95)<100'],
    nats_e2e_latency: ['p(95)<100'],
    nats_js_publish_duration: ['p(95)<100'],
    nats_js_publish_errors: ['count==0'],
    dropped_iterations: ['count<500'], // the target rates were (nearly) met
  },
};

// Init code runs once per VU: one connection per VU, to NATS_URL (or the
// embedded server when NATS_URL is unset).
const conn = nats.connect({ name: `quickstart-vu${__VU}` });
const js = nats.jetStream(conn);

export function setup(): void {
  if (js.getStreamNames().includes(STREAM)) js.deleteStream(STREAM);
  js.addStream(nats.streamConfig({ name: STREAM, subjects: ['quickstart.js.>'], storage: 'memory' }));
  js.addConsumer(STREAM, nats.consumerConfig({ durable: CONSUMER, ackPolicy: 'explicit', deliverPolicy: 'all' }));
}

export function publishOrder(): void {
  // timestamp: the subscriber measures publish-to-receive latency from it.
  conn.publish('quickstart.orders.new', `order ${__ITER} from VU ${__VU}`, { timestamp: true });
}

export function audit(): void {
  const sub = conn.subscribe('quickstart.orders.>', '', () => {});
  // A handler keeps the iteration alive until its subscription ends.
  setTimeout(() => sub.unsubscribe(), LISTEN_MS);
}

export function respond(): void {
  const service = conn.subscribe('quickstart.svc.echo', 'echo', (msg) => msg.respond(msg.data));
  setTimeout(() => service.drain(), LISTEN_MS);
}

export function request(): void {
  const body = `ping ${__ITER}`;
  try {
    const reply = conn.request('quickstart.svc.echo', body, 2000);
    check(reply, { 'reply echoes the request': (m) => m.data === body });
  } catch (e) {
    check(e, { 'reply echoes the request': () => false }); // a timeout counts as a failed check
  }
}

export function jsPublish(): void {
  const ack = js.publish('quickstart.js.order', `stored order ${__ITER} from VU ${__VU}`);
  check(ack, { 'stored in the stream': (a) => a.stream === STREAM && a.seq > 0 });
}

// Bound on first use: setup() creates the consumer after init code ran.
let worker: PullSubscription | undefined;

function consumeBatch(): JsMsg[] {
  worker ??= js.consumer(STREAM, CONSUMER);
  const batch = js.pullMessages(worker, 10, 1000); // waits for 10 messages or 1 s
  for (const msg of batch) msg.ack();
  return batch;
}

export function jsConsume(): void {
  consumeBatch();
}

export function teardown(): void {
  // Whatever the consumer had not fetched when its scenario ended.
  while (consumeBatch().length > 0);
  const info = js.getConsumerInfo(STREAM, CONSUMER);
  check(info, { 'every stored order consumed': (i) => i.numPending === 0 && i.numAckPending === 0 });
  js.deleteStream(STREAM);
}

// The default function: run with -u/-d, the scenarios above give way to it.
// A subscription without a handler is synchronous: read it with next(ms).
let inbox: Subscription | undefined;

export default function (): void {
  inbox ??= conn.subscribe(`quickstart.vu${__VU}`, '');
  const body = `hello #${__ITER} from VU ${__VU}`;
  conn.publish(`quickstart.vu${__VU}`, body, { headers: { 'X-Iteration': [String(__ITER)] } });
  const msg = inbox.next(2000);
  check(msg, {
    'message arrives': (m) => m.data === body,
    'headers arrive': (m) => m.headers['X-Iteration']?.[0] === String(__ITER),
  });
}
