// Open-loop publishing at a fixed rate from Go (conn.publishRate): COUNT
// messages at RATE msgs/s, so the run lasts COUNT / RATE seconds. The
// figure is the achieved rate the result reports (sent per second of
// schedule), against `nats bench ... --throughput RATE --duration`.
// MODE: core (publish), request (against the shared responder) or
// jetstream (async publishes to the stream on SUBJECT).
import nats from 'k6/x/nats';
import { COUNT, MODE, SIZE, SUBJECT, connectOptions, onceEachVU } from './common.js';
import { Counter } from 'k6/metrics';

export const options = onceEachVU();

const RATE = Number(__ENV.RATE || 10000);
const msgsPerSec = new Counter('bench_msgs_per_sec');
const missed = new Counter('bench_msgs_missed');
const conn = nats.connect(connectOptions('bench-rate'));

export default async function () {
  const res = await conn.publishRate({
    subject: SUBJECT,
    rate: RATE,
    duration: Math.max(Math.round((COUNT / RATE) * 1000), 1),
    payload: SIZE,
    mode: MODE || 'core',
  });
  msgsPerSec.add(res.achievedRate);
  missed.add(res.missed);
  if (res.errors > 0 || res.completed !== res.sent) {
    throw new Error(`publishRate: ${JSON.stringify(res)}`);
  }
}
