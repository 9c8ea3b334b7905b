// A request/reply service under load: a responder scenario runs the
// service (a queue group shared by two VUs), a client scenario calls it.
//
//   bin/natsk6 run examples/request-reply.ts
import nats from 'k6/x/nats';
import { setTimeout } from 'k6/timers';
import { checkReply } from '../types/src/assert';
import { JSONCodec } from '../types/src/codec';

const SERVE_MS = 6000;

export const options = {
  scenarios: {
    responders: { executor: 'per-vu-iterations', vus: 2, iterations: 1, exec: 'responder' },
    clients: { executor: 'shared-iterations', vus: 2, iterations: 200, exec: 'client', startTime: '1s', maxDuration: '4s' },
  },
  thresholds: {
    checks: ['rate==1'],
    nats_requests: ['count==200'],
    nats_request_timeouts: ['count==0'],
  },
};

interface Sum {
  a: number;
  b: number;
}

const codec = JSONCodec<Sum>();
const conn = nats.connect({ name: `request-reply-vu${__VU}` });

export function responder(): void {
  const service = conn.subscribe('svc.sum', 'sum-service', (msg) => {
    const { a, b } = codec.decode(msg);
    msg.respond(String(a + b));
  });
  setTimeout(() => service.drain(), SERVE_MS);
}

export function client(): void {
  const a = __ITER;
  const b = __VU * 1000;
  const reply = conn.request('svc.sum', codec.encode({ a, b }), 2000);
  checkReply(reply, String(a + b), 'sum');
}
