// Backlog build and drain: how long does a consumer take to catch up once
// it has fallen behind, and how fast does it go?
//
//   bin/natsk6 run examples/backlog-drain.ts                       a backlog of 10,000 messages
//   BACKLOG=200000 BATCH=1000 bin/natsk6 run examples/backlog-drain.ts
//   bin/natsk6 run -u 4 -d 30s examples/backlog-drain.ts           4 VUs, build/drain cycles for 30 s
//
// Each iteration builds a backlog with its consumer paused (nothing
// fetches): it publishes BACKLOG messages and waitForBacklog waits until
// the consumer has them all pending. Then drainBacklog fetches and acks
// until nothing is pending or unacknowledged, and records the drain's
// time (nats_js_drain_duration, a Trend) and rate (nats_js_drain_rate,
// msgs/s, a Gauge). Each VU has its own subject and consumer.
//
// The stream is a work queue, so an acked message leaves it and
// nats_js_stream_msgs, which nats.sample() records every 250 ms, is the
// backlog itself: --out json or the web dashboard shows it build and fall,
// and its threshold checks the last sample, taken when the scenarios end.
//
// For an application's own consumer, stop its service, waitForBacklog on
// that consumer while the load runs, restart the service, then
// drainBacklog(js, { stream, consumer, fetch: false }) watches it catch up.
// Env: BACKLOG (messages, default 10000), BATCH (per fetch, default 500),
// PAYLOAD (bytes, default 128).
import nats from 'k6/x/nats';
import { check } from 'k6';
import { drainBacklog, waitForBacklog } from '@pondigo/natsk6/helpers';

const STREAM = 'BACKLOG';
const BACKLOG = Number(__ENV.BACKLOG || 10000);
const BATCH = Number(__ENV.BATCH || 500);
const PAYLOAD = 'x'.repeat(Number(__ENV.PAYLOAD || 128));

export const options = {
  vus: 1,
  iterations: 1,
  thresholds: {
    checks: ['rate==1'],
    nats_js_drain_duration: ['max<30000'], // ms: every backlog gone within 30 s
    nats_js_stream_msgs: ['value==0'], // the last sample: the run left no backlog
  },
};

// Every VU makes this call; the run samples the stream once per interval.
nats.sample({ streams: [STREAM], interval: '250ms' });

const conn = nats.connect({ name: `backlog-drain-vu${__VU}` });
const js = nats.jetStream(conn);

export function setup(): void {
  if (js.getStreamNames().includes(STREAM)) js.deleteStream(STREAM);
  js.addStream(nats.streamConfig({ name: STREAM, subjects: ['backlog.>'], storage: 'memory', retention: 'workqueue' }));
}

// This VU's consumer, created in its first iteration (a work queue
// allows consumers whose filters do not overlap: one subject per VU).
let consumer = '';

export default async function (): Promise<void> {
  const subject = `backlog.vu${__VU}`;
  if (consumer === '') {
    consumer = `drainer-${__VU}`;
    js.addConsumer(STREAM, nats.consumerConfig({ durable: consumer, filterSubject: subject, ackPolicy: 'explicit' }));
  }

  // Build: publish while nothing fetches, until the consumer has it all.
  const published = await js.publishAsyncBulk(subject, PAYLOAD, BACKLOG);
  const backlog = waitForBacklog(js, { stream: STREAM, consumer, msgs: BACKLOG });

  // Drain: fetch and ack until nothing is pending or unacknowledged.
  const drain = drainBacklog(js, { stream: STREAM, consumer, batch: BATCH });
  check(drain, {
    'every message stored': () => published.acked === BACKLOG,
    'the backlog was built': () => backlog.msgs >= BACKLOG,
    'the whole backlog drained': (d) => d.backlog >= BACKLOG && d.fetched >= BACKLOG,
  });
}

export function teardown(): void {
  js.deleteStream(STREAM);
}
