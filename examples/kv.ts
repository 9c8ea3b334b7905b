// Key-Value: put, get and compare-and-set updates under concurrency.
//
//   bin/natsk6 run examples/kv.ts
//
// Every VU increments one shared counter with update(key, value, revision);
// a conflict (another VU updated first) is retried with the new revision.
import nats from 'k6/x/nats';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { isNatsError } from '../types/src/assert';

const BUCKET = 'EXAMPLE_KV';
const conflicts = new Counter('kv_conflicts');

export const options = {
  vus: 2,
  iterations: 20,
  thresholds: {
    checks: ['rate==1'],
  },
};

const conn = nats.connect({});
const js = nats.jetStream(conn);

export function setup() {
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
  kv.put(`vu.${__VU}`, String(__ITER));
  check(kv.get(`vu.${__VU}`), { 'read back what was put': (e) => e !== null && e.value === String(__ITER) });
}

export function teardown() {
  const kv = js.keyValue(BUCKET);
  check(kv.get('counter'), { 'every increment counted': (e) => e !== null && e.value === String(options.iterations) });
  check(kv.keys(), { 'one key per VU plus the counter': (k) => k.length === options.vus + 1 });
  js.deleteKeyValue(BUCKET);
}
