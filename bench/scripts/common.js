// Shared by the benchmark scripts: run.sh passes the work through __ENV
// and reads each script's own throughput from the bench_msgs_per_sec
// counter (the sum of per-VU rates), measured like nats bench does: from
// the first operation to the last, connection set-up excluded.
import { Counter } from 'k6/metrics';

export const COUNT = Number(__ENV.COUNT || 10000);
export const VUS = Number(__ENV.VUS || 1);
export const SIZE = Number(__ENV.SIZE || 16);
export const MODE = __ENV.MODE || '';
export const SUBJECT = __ENV.SUBJECT || 'bench.subject';

// One iteration per VU does all of that VU's work, so the run is as long
// as the work and nothing else.
export function onceEachVU(extra) {
  return {
    scenarios: {
      bench: Object.assign({ executor: 'per-vu-iterations', vus: VUS, iterations: 1, maxDuration: '10m' }, extra || {}),
    },
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  };
}

const msgsPerSec = new Counter('bench_msgs_per_sec');

// perVU splits COUNT over the VUs; the first VUs take the remainder.
export function perVU() {
  const base = Math.floor(COUNT / VUS);
  return base + (__VU <= COUNT % VUS ? 1 : 0);
}

// timed runs fn and records n / its duration.
export function timed(n, fn) {
  const start = Date.now();
  fn();
  recordRate(n, start);
}

export function recordRate(n, startMs, endMs = Date.now()) {
  const secs = Math.max(endMs - startMs, 1) / 1000;
  msgsPerSec.add(n / secs);
}

export function payload() {
  return 'x'.repeat(SIZE);
}

// connectOptions turns metrics off when run.sh measures their overhead.
export function connectOptions(name) {
  const opts = { name: `${name}-vu${__VU}` };
  if (__ENV.NATS_METRICS === 'off') {
    opts.metrics = false;
  }
  return opts;
}
