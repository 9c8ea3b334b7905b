// natsk6 quickstart: publish messages and check that they arrive.
//
//   make run                      (embedded nats-server, nothing to set up)
//   NATS_URL=nats://host:4222 bin/natsk6 run examples/quickstart.ts
//
// The fast pattern: connect once per VU in init code and reuse the
// connection in every iteration; the runner closes it at the end.
import nats from 'k6/x/nats';
import { check } from 'k6';

export const options = {
  vus: 2,
  iterations: 20,
  thresholds: {
    checks: ['rate==1'],
  },
};

// Init code runs once per VU: one connection per VU, to NATS_URL (or the
// embedded server when NATS_URL is unset).
const conn = nats.connect({ name: `quickstart-vu${__VU}` });

// A subscription without a handler is synchronous: read it with next(ms).
const subject = `quickstart.vu${__VU}`;
const inbox = conn.subscribe(subject, '');

export default function () {
  const body = `hello #${__ITER} from VU ${__VU}`;
  conn.publish(subject, body, { headers: { 'X-Iteration': [String(__ITER)] } });

  const msg = inbox.next(2000);
  check(msg, {
    'message arrives': (m) => m.data === body,
    'headers arrive': (m) => m.headers['X-Iteration']?.[0] === String(__ITER),
  });
}
