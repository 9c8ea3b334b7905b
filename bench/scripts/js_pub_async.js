// JetStream async publish of COUNT messages in one js.publishAsyncBulk
// call into an existing stream (run.sh creates and purges it): the Go
// side keeps maxPending acks in flight and checks every one, as nats
// bench does, without a JS loop per message.
// Matches `nats bench js pub async SUBJECT --size SIZE --msgs COUNT`.
import nats from 'k6/x/nats';
import { Counter } from 'k6/metrics';
import { SUBJECT, connectOptions, onceEachVU, payload, perVU, recordRate } from './common.js';

export const options = onceEachVU();

const failed = new Counter('bench_msgs_failed');
const conn = nats.connect(connectOptions('bench-jspub-bulk'));
// nats bench uses nats.go's default of 4000 async publishes in flight.
const js = nats.jetStream(conn, { maxPending: 4000 });
const data = payload();

export default async function () {
  const n = perVU();
  const start = Date.now();
  const r = await js.publishAsyncBulk(SUBJECT, data, n);
  recordRate(r.acked, start);
  failed.add(r.failed);
}
