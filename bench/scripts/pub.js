// Core publish: MODE=loop calls conn.publish once per message (the cost a
// script pays per call), MODE=bulk sends them all with conn.publishBulk.
// Matches `nats bench pub SUBJECT --size SIZE --msgs COUNT`.
import nats from 'k6/x/nats';
import { MODE, SUBJECT, connectOptions, onceEachVU, payload, perVU, timed } from './common.js';

export const options = onceEachVU();

const conn = nats.connect(connectOptions('bench-pub'));
const data = payload();

export default function () {
  const n = perVU();
  timed(n, () => {
    if (MODE === 'bulk') {
      conn.publishBulk(SUBJECT, data, n);
    } else {
      for (let i = 0; i < n; i++) {
        conn.publish(SUBJECT, data);
      }
    }
    conn.flush();
  });
}
