// The distributed test that deploy/kubernetes runs as an Indexed Job and
// `make distributed-demo` runs as local processes: each instance publishes
// its share of TOTAL_ITERATIONS iterations and writes a result file;
// `natsk6 merge` evaluates the thresholds below on all instances together.
//
// Each instance finds its share from JOB_COMPLETION_INDEX (which an
// Indexed Job sets in every pod; 0 to INSTANCES-1) and INSTANCES, so the
// same script and the same environment serve every pod.
import nats from 'k6/x/nats';
import { check } from 'k6';

const index = Number(__ENV.JOB_COMPLETION_INDEX ?? '0');
const instances = Number(__ENV.INSTANCES ?? '1');
const total = Number(__ENV.TOTAL_ITERATIONS ?? '100');
const subject = (__ENV.SUBJECT ?? 'natsk6.distributed') + '.' + index;
const perIteration = 10; // messages each iteration publishes

// total split as evenly as possible: the first total % instances
// instances do one more.
const share = Math.floor(total / instances) + (index < total % instances ? 1 : 0);

export const options = {
  scenarios: {
    publish: { executor: 'shared-iterations', vus: 2, iterations: share, maxDuration: '5m' },
  },
  // Evaluated by natsk6 merge on the merged data (instances run with
  // --no-thresholds): every instance did its share, and publishing was fast.
  thresholds: {
    iterations: [`count==${total}`],
    checks: ['rate==1'],
    iteration_duration: ['p(95)<1000'],
  },
};

const conn = nats.connect(); // NATS_URL

export default function (): void {
  const published = conn.publishBulk(subject, 'x', perIteration);
  conn.flush();
  check(published, { 'every message published': (n) => n === perIteration });
}
