// Key-Value: MODE=put writes keys 0..COUNT-1, MODE=get reads them, in a
// bucket run.sh creates and pre-fills with nats bench.
// Matches `nats bench kv put|get --bucket BUCKET --size SIZE --msgs COUNT`.
import nats from 'k6/x/nats';
import { COUNT, MODE, connectOptions, onceEachVU, payload, recordRate } from './common.js';

const BUCKET = __ENV.BUCKET || 'benchbucket';

export const options = onceEachVU();

const conn = nats.connect(connectOptions('bench-kv'));
const kv = nats.jetStream(conn).keyValue(BUCKET);
const data = payload();

export default function () {
  const start = Date.now();
  let entry = null;
  if (MODE === 'get') {
    for (let i = 0; i < COUNT; i++) {
      entry = kv.get(String(i));
    }
  } else {
    for (let i = 0; i < COUNT; i++) {
      kv.put(String(i), data);
    }
  }
  recordRate(COUNT, start);
  if (MODE === 'get' && entry === null) {
    throw new Error(`key ${COUNT - 1} is missing from bucket ${BUCKET}`);
  }
}
