// A request/reply service under load: a responder scenario runs the
// service (a queue group shared by two VUs), a client scenario calls it.
//
//   bin/natsk6 run examples/request-reply.ts
//   bin/natsk6 run -u 5 -d 20s examples/request-reply.ts
//
// With -u/-d the scenarios give way to the default function, as in k6:
// each VU then serves its own instance of the service and awaits its
// requests (requestAsync), so the handler runs while the VU waits.
import nats, { type Subscription } from 'k6/x/nats';
import { setTimeout } from 'k6/timers';
import { checkReply } from '../types/src/assert';
import { JSONCodec } from '../types/src/codec';

const SERVE_MS = 6000;
const ROUND = 10; // requests per default-function iteration

export const options = {
  scenarios: {
    responders: { executor: 'per-vu-iterations', vus: 2, iterations: 1, exec: 'responder' },
    clients: { executor: 'shared-iterations', vus: 2, iterations: 200, exec: 'client', startTime: '1s', maxDuration: '4s' },
  },
  thresholds: {
    checks: ['rate==1'],
    nats_request_timeouts: ['count==0'],
    nats_request_duration: ['p(95)<100'],
  },
};

interface Sum {
  a: number;
  b: number;
}

const codec = JSONCodec<Sum>();
const conn = nats.connect({ name: `request-reply-vu${__VU}` });

/** The service: replies with a + b, one member of the queue group 'sum-service'. */
function serve(subject: string): Subscription {
  return conn.subscribe(subject, 'sum-service', (msg) => {
    const { a, b } = codec.decode(msg);
    msg.respond(String(a + b));
  });
}

export function responder(): void {
  const service = serve('svc.sum');
  setTimeout(() => service.drain(), SERVE_MS);
}

export function client(): void {
  const a = __ITER;
  const b = __VU * 1000;
  const reply = conn.request('svc.sum', codec.encode({ a, b }), 2000);
  checkReply(reply, String(a + b), 'sum');
}

// The default function: this VU's own service on its own subject.
export default async function (): Promise<void> {
  const subject = `svc.sum.vu${__VU}`;
  const service = serve(subject);
  try {
    for (let a = 0; a < ROUND; a++) {
      const b = __ITER;
      const reply = await conn.requestAsync(subject, codec.encode({ a, b }), 2000);
      checkReply(reply, String(a + b), 'sum');
    }
  } finally {
    service.unsubscribe();
  }
}
