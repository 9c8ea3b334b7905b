// The distributed test that deploy/kubernetes runs as an Indexed Job and
// `make distributed-demo` runs as local processes: TOTAL_ITERATIONS
// iterations split across INSTANCES instances by k6's execution segments,
// each instance writing a result file; `natsk6 merge` evaluates the
// thresholds below on all instances together.
//
// Each instance takes its segment from JOB_COMPLETION_INDEX (which an
// Indexed Job sets in every pod, 0 to INSTANCES-1), so the same script
// and the same environment serve every pod, with no shell to compute
// --execution-segment. A --execution-segment flag wins over it, as flags
// win over script options.
import nats from 'k6/x/nats';
import { check } from 'k6';

const index = Number(__ENV.JOB_COMPLETION_INDEX ?? '0');
const instances = Number(__ENV.INSTANCES ?? '1');
const total = Number(__ENV.TOTAL_ITERATIONS ?? '100');
const subject = (__ENV.SUBJECT ?? 'natsk6.distributed') + '.' + index;
const perIteration = 10; // messages each iteration publishes

// "0,1/4,2/4,3/4,1" and "1/4:2/4" for the second of four instances.
const bounds = Array.from({ length: instances + 1 }, (_, i) => (i === 0 ? '0' : i === instances ? '1' : `${i}/${instances}`));

export const options = {
  executionSegment: `${bounds[index]}:${bounds[index + 1]}`,
  executionSegmentSequence: bounds.join(','),
  scenarios: {
    // The whole test's iterations: each segment runs its share of them.
    publish: { executor: 'shared-iterations', vus: 4, iterations: total, maxDuration: '5m' },
  },
  // Evaluated by natsk6 merge on the merged data (instances run with
  // --no-thresholds): every iteration ran once, and publishing was fast.
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
