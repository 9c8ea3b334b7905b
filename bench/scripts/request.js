// Request/reply against a `nats bench service serve` responder (a queue
// group, shared with the nats bench side): VUS requesters, each sending
// its share of COUNT requests one after the other.
// Matches `nats bench service request SUBJECT --clients VUS --size SIZE --msgs COUNT`.
import nats from 'k6/x/nats';
import { SUBJECT, connectOptions, onceEachVU, payload, perVU, timed } from './common.js';

export const options = onceEachVU();

const conn = nats.connect(connectOptions('bench-req'));
const data = payload();

export default function () {
  const n = perVU();
  let reply;
  timed(n, () => {
    for (let i = 0; i < n; i++) {
      reply = conn.request(SUBJECT, data, 5000);
    }
  });
  // nats bench checks every reply; one check keeps the loop lean.
  if (reply.data !== 'ok') {
    throw new Error(`unexpected reply ${JSON.stringify(reply.data)}`);
  }
}
