// End-to-end latency: a Go-driven producer offers RATE msgs/s stamped with
// their send time, consumers in other VUs (or another natsk6 process)
// record nats_e2e_latency on receipt. The warm-up's messages go unstamped,
// so they are in no latency sample.
//
//   bin/natsk6 run examples/e2e-latency.ts                     producer and consumer here
//   NATS_URL=nats://host:4222 ROLE=consumer bin/natsk6 run examples/e2e-latency.ts &
//   NATS_URL=nats://host:4222 ROLE=producer bin/natsk6 run examples/e2e-latency.ts
//
// Env: RATE (default 10000), DURATION (default 10s, warm-up included),
// WARMUP (default 2s), CONSUMERS (VUs, default 1), PAYLOAD (bytes, default 128),
// TIMESTAMP (header | payload: the send time in the first 8 bytes, as
// OpenMessaging Benchmark does; default header).
//
// With -u/-d the scenarios give way to the default function: each
// iteration is its own producer and consumer, 1 s at RATE / VUs on a
// subject of its own (no warm-up), checking that every message arrived.
// Processes on one machine share a clock; across machines the latency
// includes their clock skew, so synchronise them (chrony/PTP) or read
// the numbers as skew plus latency.
import nats from 'k6/x/nats';
import { check } from 'k6';
import exec from 'k6/execution';
import { clearTimeout, setTimeout } from 'k6/timers';

const RATE = Number(__ENV.RATE || 10000);
const PAYLOAD = Number(__ENV.PAYLOAD || 128);
const TIMESTAMP = __ENV.TIMESTAMP === 'payload' ? 'payload' : 'header';
const DURATION = __ENV.DURATION || '10s';
const WARMUP = __ENV.WARMUP || '2s';
const ROLE = __ENV.ROLE || 'both';
const SUBJECT = 'e2e.latency';
const DONE = 'e2e.latency.done';
// How long a consumer waits for the producer's end before it gives up.
const LISTEN_MS = Number(__ENV.LISTEN_MS || 120_000);

const scenarios: Record<string, object> = {};
if (ROLE !== 'producer') {
  scenarios.consume = { executor: 'per-vu-iterations', exec: 'consume', vus: Number(__ENV.CONSUMERS || 1), iterations: 1, maxDuration: '10m' };
}
if (ROLE !== 'consumer') {
  // Started a little later, so the consumers subscribe first.
  scenarios.produce = { executor: 'per-vu-iterations', exec: 'produce', vus: 1, iterations: 1, startTime: '500ms', maxDuration: '10m' };
}

export const options = {
  scenarios,
  thresholds: {
    // HDR percentiles: bounded memory at any message count.
    nats_e2e_latency: ['p(99)<100', 'p(99.99)<1000'],
    nats_msgs_missed: ['count==0'],
  },
};

const conn = nats.connect({ name: `e2e-${ROLE}-vu${__VU}` });

export function consume(): void {
  // nats_e2e_latency is recorded as each message arrives; the handler
  // itself has nothing to do.
  const data = conn.subscribe(SUBJECT, '', () => {}, { pendingMsgs: -1, pendingBytes: -1, timestamp: TIMESTAMP });
  const stop = (): void => {
    clearTimeout(giveUp);
    data.unsubscribe();
    done.unsubscribe();
  };
  const giveUp = setTimeout(stop, LISTEN_MS);
  const done = conn.subscribe(DONE, () => { setTimeout(stop, 1000); }); // 1 s for the last messages in flight
  conn.flush();
}

export async function produce(): Promise<void> {
  await conn.publishRate({
    subject: SUBJECT, rate: RATE, duration: DURATION, warmup: WARMUP,
    payload: PAYLOAD, timestamp: TIMESTAMP,
  });
  conn.publish(DONE, '');
  conn.flush();
}

export default async function (): Promise<void> {
  const subject = `${SUBJECT}.vu${__VU}.${__ITER}`;
  let got = 0;
  const sub = conn.subscribe(subject, () => { got++; }, { pendingMsgs: -1, pendingBytes: -1, timestamp: TIMESTAMP });
  conn.flush();
  const res = await conn.publishRate({
    subject, rate: RATE / exec.instance.vusInitialized, duration: '1s', payload: PAYLOAD, timestamp: TIMESTAMP,
  });
  // The handler runs while this waits: poll until the last message is in.
  const deadline = Date.now() + 5000;
  await new Promise<void>((resolve) => {
    const poll = (): void => { if (got >= res.sent || Date.now() > deadline) resolve(); else setTimeout(poll, 10); };
    poll();
  });
  sub.unsubscribe();
  check(res, { 'every message received': (r) => got === r.sent && r.sent > 0 });
}
