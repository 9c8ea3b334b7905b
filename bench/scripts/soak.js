// The soak: VUS VUs add trend samples in a tight loop for DURATION, plus
// one publish per iteration, so a run of minutes records tens of millions
// of samples. scaling.sh checks that natsk6's RSS stays flat meanwhile:
// a trend keeps a bounded histogram past 100,000 samples, not the samples.
import nats from 'k6/x/nats';
import { Trend } from 'k6/metrics';

const VUS = Number(__ENV.VUS || 50);
const SAMPLES_PER_ITERATION = 10000;

export const options = {
  scenarios: { soak: { executor: 'constant-vus', vus: VUS, duration: __ENV.DURATION || '300s' } },
  // count is how scaling.sh reads the number of samples.
  summaryTrendStats: ['count', 'min', 'med', 'max', 'p(99)'],
};

const sample = new Trend('bench_soak_sample');
const conn = nats.connect({ name: `bench-soak-vu${__VU}` });

export default function () {
  // Values spread over six decades, so the histogram fills many buckets.
  const base = __ITER * SAMPLES_PER_ITERATION;
  for (let i = 0; i < SAMPLES_PER_ITERATION; i++) {
    sample.add(((base + i) * 7919) % 1000003 / 1000);
  }
  conn.publish('bench.soak', 'x');
}
