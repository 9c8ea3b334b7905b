// Requests at an open-loop rate: a responder scenario serves 'svc.rate'
// (a queue group over RESPONDERS VUs), a client scenario offers RATE
// requests/s from a publisher in Go (conn.publishRate, mode 'request'),
// whatever the service does.
//
//   bin/natsk6 run examples/request-rate.ts                  2,000 requests/s for 10 s
//   RATE=10000 RESPONDERS=4 bin/natsk6 run examples/request-rate.ts
//
// Which latency is which: nats_request_duration is the raw service time
// (sent → reply), nats_request_duration_corrected is measured from when
// the request should have been sent (coordinated omission corrected), so
// a service that stalls shows the stall in every request queued behind
// it, and nats_publish_delay is how late requests left. MAX_IN_FLIGHT
// bounds the requests awaiting a reply (default 1000).
//
// With -u/-d the scenarios give way to the default function: each
// iteration serves a subject of its own and offers it RATE / VUs
// requests/s for 1 s.
import nats from 'k6/x/nats';
import { check } from 'k6';
import exec from 'k6/execution';
import { setTimeout } from 'k6/timers';

const RATE = Number(__ENV.RATE || 2000);
const SECONDS = Number(__ENV.SECONDS || 10);
const RESPONDERS = Number(__ENV.RESPONDERS || 2);

export const options = {
  scenarios: {
    responders: { executor: 'per-vu-iterations', vus: RESPONDERS, iterations: 1, exec: 'responder' },
    client: { executor: 'per-vu-iterations', vus: 1, iterations: 1, exec: 'client', startTime: '1s', maxDuration: `${SECONDS + 10}s` },
  },
  thresholds: {
    nats_request_duration_corrected: ['p(99)<500'], // ms, from the intended send time
    nats_request_timeouts: ['count==0'],
    nats_msgs_missed: ['count==0'],
    checks: ['rate==1'],
  },
};

const conn = nats.connect({ name: `request-rate-vu${__VU}` });

export function responder(): void {
  const service = conn.subscribe('svc.rate', 'rate-service', (msg) => msg.respond('ok'), { pendingMsgs: -1, pendingBytes: -1 });
  // Serve until the client is done: it starts 1 s in, plus the timeout's slack.
  setTimeout(() => service.drain(), (SECONDS + 3) * 1000);
}

/** Offers `rate` requests/s to `subject` for `seconds` and checks every one was answered. */
async function offer(subject: string, rate: number, seconds: number): Promise<void> {
  const res = await conn.publishRate({
    subject,
    mode: 'request',
    rate,
    duration: `${seconds}s`,
    payload: 64,
    maxInFlight: Number(__ENV.MAX_IN_FLIGHT || 1000),
    timeout: '1s',
  });
  check(res, {
    'every request answered': (r) => r.completed === r.sent && r.errors === 0,
    'kept up with the offered rate': (r) => r.keptUp,
  });
}

export async function client(): Promise<void> {
  await offer('svc.rate', RATE, SECONDS);
}

export default async function (): Promise<void> {
  const subject = `svc.rate.vu${__VU}.${__ITER}`;
  // The responder runs on this VU's loop while publishRate's Go publisher waits.
  const service = conn.subscribe(subject, (msg) => msg.respond('ok'), { pendingMsgs: -1, pendingBytes: -1 });
  conn.flush();
  await offer(subject, RATE / exec.instance.vusInitialized, 1);
  service.unsubscribe();
}
