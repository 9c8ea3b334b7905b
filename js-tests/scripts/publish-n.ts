// Publishes COUNT messages to SUBJECT over a connection whose auth comes
// from __ENV (token, user/pass, TLS CA), then flushes.
import nats, { type ConnectOptions } from 'k6/x/nats';
import { check } from 'k6';

export const options = { vus: 1, iterations: 1 };

function connectOptions(): ConnectOptions {
  const o: ConnectOptions = { name: 'js-tests publish-n' };
  if (__ENV.NATS_TOKEN) o.token = __ENV.NATS_TOKEN;
  if (__ENV.NATS_USER) {
    o.user = __ENV.NATS_USER;
    o.pass = __ENV.NATS_PASS;
  }
  if (__ENV.NATS_CA) o.tls = nats.tlsOptions({ caFile: __ENV.NATS_CA });
  return o;
}

const conn = nats.connect(connectOptions());

export default function () {
  const count = Number(__ENV.COUNT ?? '10');
  for (let i = 0; i < count; i++) conn.publish(__ENV.SUBJECT ?? 'js-tests.publish', `msg ${i}`);
  conn.flush(5000);
  check(conn.stats(), { 'all published': (s) => s.outMsgs === count });
}
