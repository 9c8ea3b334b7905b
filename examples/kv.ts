// Key-Value: put, get and compare-and-set updates under concurrency.
//
//   bin/natsk6 run examples/kv.ts
//   bin/natsk6 run -u 5 -d 20s examples/kv.ts
//
// Every VU increments one shared counter with update(key, value, revision);
// a conflict (another VU updated first) is retried with the new revision.
// Each VU also keeps its own count under vu.<N>: at the end the shared
// counter must equal their sum, however many VUs ran for however long.
import nats from 'k6/x/nats';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { isNatsError } from '../types/src/assert';

const BUCKET = 'EXAMPLE_KV';
const conflicts = new Counter('kv_conflicts');

export const options = {
  vus: 2,
  duration: '2s',
  thresholds: {
    checks: ['rate==1'],
  },
};

const conn = nats.connect({});
const js = nats.jetStream(conn);

export function setup() {
  // A bucket is the stream KV_<bucket>: start from an empty one.
  if (js.getStreamNames().includes(`KV_${BUCKET}`)) js.deleteKeyValue(BUCKET);
  const kv = js.createKeyValue({ bucket: BUCKET, history: 5, storage: 'memory' });
  kv.put('counter', '0');
}

export default function () {
  const kv = js.keyValue(BUCKET);
  for (;;) {
    const entry = kv.get('counter');
    if (entry === null) throw new Error('the counter is missing: setup() creates it');
    try {
      kv.update('counter', String(Number(entry.value) + 1), entry.revision);
      break;
    } catch (e) {
      if (!isNatsError(e, 1021)) throw e; // 1021: revision conflict, retry
      conflicts.add(1);
    }
  }
  const mine = String(__ITER + 1); // increments this VU made so far
  kv.put(`vu.${__VU}`, mine);
  check(kv.get(`vu.${__VU}`), { 'read back what was put': (e) => e !== null && e.value === mine });
}

export function teardown() {
  const kv = js.keyValue(BUCKET);
  const perVU = kv.keys().filter((k) => k.startsWith('vu.'));
  const total = perVU.reduce((sum, k) => sum + Number(kv.get(k)?.value ?? NaN), 0);
  check(kv.get('counter'), { 'every increment counted': (e) => perVU.length > 0 && e !== null && Number(e.value) === total });
  js.deleteKeyValue(BUCKET);
}
