// exec.test.fail() marks the run failed and lets it go on: every
// iteration still runs, and k6 exits with 110.
import exec from 'k6/execution';
import { check } from 'k6';

export const options = {
  iterations: 4,
  thresholds: { checks: ['rate==1'], iterations: ['count==4'] },
};

export default function () {
  if (exec.scenario.iterationInTest === 0) {
    exec.test.fail('the first iteration saw a wrong reply');
  }
  check(true, { 'the iteration goes on after test.fail()': (v) => v });
}
