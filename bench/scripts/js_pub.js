// JetStream publish into an existing stream (run.sh creates and purges it):
// MODE=sync waits for each PubAck with js.publish; MODE=async sends batches
// of 500 js.publishAsync and awaits them, as nats bench does.
// Matches `nats bench js pub sync|async SUBJECT --size SIZE --msgs COUNT`.
import nats from 'k6/x/nats';
import { MODE, SUBJECT, connectOptions, onceEachVU, payload, perVU, recordRate } from './common.js';

const BATCH = 500;

export const options = onceEachVU();

const conn = nats.connect(connectOptions('bench-jspub'));
// nats bench uses nats.go's default of 4000 async publishes in flight.
const js = nats.jetStream(conn, { maxPending: 4000 });
const data = payload();

export default async function () {
  const n = perVU();
  const start = Date.now();
  if (MODE === 'async') {
    for (let sent = 0; sent < n; ) {
      const acks = [];
      for (let i = 0; i < BATCH && sent < n; i++, sent++) {
        acks.push(js.publishAsync(SUBJECT, data));
      }
      await Promise.all(acks);
    }
  } else {
    for (let i = 0; i < n; i++) {
      js.publish(SUBJECT, data);
    }
  }
  recordRate(n, start);
}
