// Self-checking: one iteration per second for 1.5s starts two quick
// iterations; as in k6 the scenario still lasts its whole duration, so
// teardown starts at least 1.5s after setup.
import { check } from 'k6';

export const options = {
  scenarios: {
    rate: { executor: 'constant-arrival-rate', rate: 1, timeUnit: '1s', duration: '1500ms', preAllocatedVUs: 1 },
  },
  thresholds: { checks: ['rate==1'], iterations: ['count==2'] },
};

export function setup() {
  return { started: Date.now() };
}

export default function () {}

export function teardown(data) {
  check(Date.now() - data.started, { 'the scenario lasted its 1.5s': (ms) => ms >= 1500 });
}
