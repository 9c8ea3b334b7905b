// Open-loop message rates: offer RATE msgs/s in total, whatever the
// server does, and measure how late the messages left and (JetStream)
// how long their acks took from when they should have been sent.
//
//   bin/natsk6 run examples/open-loop.ts                      10,000 msgs/s for 10 s
//   RATE=100000 bin/natsk6 run -d 5s examples/open-loop.ts    100,000 msgs/s for 5 s
//   bin/natsk6 run -u 4 -d 30s examples/open-loop.ts          the rate split over 4 VUs
//   MODE=jetstream bin/natsk6 run examples/open-loop.ts       JetStream, acks awaited
//
// Each VU runs one publisher in Go (conn.publishRate) per iteration of
// SLICE (default 1s) at RATE / VUs, so -u scales the VUs and -d the run.
// Env: RATE, SLICE, MODE (core | jetstream), PAYLOAD (bytes, default 128),
// CONNECTIONS (per VU, default 1), WARMUP (per iteration, default 0),
// DURATION (the run without -d, default 10s).
//
// nats_publish_delay is how late messages were sent (actual minus intended
// send time): a publisher that keeps up stays within a millisecond or so.
// In JetStream mode nats_js_publish_duration is the raw service time (sent
// to ack) and nats_js_publish_duration_corrected the latency measured from
// the intended send time, which a stalled server cannot hide.
import nats from 'k6/x/nats';
import { check } from 'k6';
import exec from 'k6/execution';
import { Gauge } from 'k6/metrics';

const RATE = Number(__ENV.RATE || 10000);
const SLICE = __ENV.SLICE || '1s';
const MODE = __ENV.MODE === 'jetstream' ? 'jetstream' : 'core';
const STREAM = 'OPENLOOP';

export const options = {
  vus: 1,
  duration: __ENV.DURATION || '10s',
  thresholds: {
    nats_publish_delay: ['p(99)<100'], // ms: the publisher kept to its schedule
    nats_msgs_missed: ['count==0'], // every offered message was sent
    checks: ['rate==1'],
  },
};

// Each VU's last slice: what it offered and what it achieved, in msgs/s.
const offered = new Gauge('open_loop_offered_rate');
const achieved = new Gauge('open_loop_achieved_rate');

const conn = nats.connect({ name: `open-loop-vu${__VU}` });

export function setup(): void {
  if (MODE !== 'jetstream') return;
  const js = nats.jetStream(conn);
  if (js.getStreamNames().includes(STREAM)) js.deleteStream(STREAM);
  js.addStream(nats.streamConfig({ name: STREAM, subjects: ['openloop.>'], storage: 'memory', maxMsgs: 1_000_000 }));
}

export default async function (): Promise<void> {
  const res = await conn.publishRate({
    subject: `openloop.${__VU}`,
    rate: RATE / exec.instance.vusInitialized,
    duration: SLICE,
    payload: Number(__ENV.PAYLOAD || 128),
    connections: Number(__ENV.CONNECTIONS || 1),
    warmup: __ENV.WARMUP || 0,
    mode: MODE,
  });
  offered.add(res.offeredRate);
  achieved.add(res.achievedRate);
  check(res, {
    'kept up with the offered rate': (r) => r.keptUp,
    'achieved within 1% of offered': (r) => r.achievedRate >= 0.99 * r.offeredRate,
  });
}
