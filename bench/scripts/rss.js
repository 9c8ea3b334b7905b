// Memory and start-up: VUS VUs connect once in init code and publish a
// small message every PACE_MS (100 ms). bench_vu_start records, once per VU, how
// long after LAUNCH_MS (run.sh's clock when it started natsk6) the VU's
// first iteration began: its max is the time to start every VU.
import nats from 'k6/x/nats';
import { sleep } from 'k6';
import { Trend } from 'k6/metrics';

const VUS = Number(__ENV.VUS || 1);
const LAUNCH_MS = Number(__ENV.LAUNCH_MS || Date.now());
const PACE_MS = Number(__ENV.PACE_MS || 100);

export const options = {
  scenarios: { hold: { executor: 'constant-vus', vus: VUS, duration: __ENV.DURATION || '3s' } },
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(99)'],
};

const vuStart = new Trend('bench_vu_start');
const conn = nats.connect({ name: `bench-rss-vu${__VU}` });

export default function () {
  if (__ITER === 0) {
    vuStart.add(Date.now() - LAUNCH_MS);
  }
  conn.publish('bench.rss', 'x');
  sleep(PACE_MS / 1000);
}
