// A jslib-style remote module, as k6 scripts import k6-utils. REMOTE is
// replaced by the test's server address.
import { check } from 'k6';
import { randomIntBetween, uuidv4 } from 'REMOTE/k6-utils/1.4.0/index.js';

export const options = { iterations: 3, thresholds: { checks: ['rate==1'] } };

export default function () {
  const n = randomIntBetween(5, 7);
  check(null, {
    'randomIntBetween from a remote module': () => n >= 5 && n <= 7 && Number.isInteger(n),
    'its relative import resolved against its URL': () => /^[0-9a-f-]{36}$/.test(uuidv4()),
  });
}
