// k6/encoding as k6's documentation shows it: every check must pass.
import { check } from 'k6';
import encoding from 'k6/encoding';
import { b64encode, b64decode } from 'k6/encoding';

export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };

export default function () {
  const bin = new Uint8Array([251, 255, 104, 105]).buffer;
  check(null, {
    'std string': () => encoding.b64encode('hello world') === 'aGVsbG8gd29ybGQ=',
    'std ArrayBuffer': () => b64encode(bin) === '+/9oaQ==',
    'rawstd': () => b64encode(bin, 'rawstd') === '+/9oaQ',
    'url': () => b64encode(bin, 'url') === '-_9oaQ==',
    'rawurl': () => b64encode(bin, 'rawurl') === '-_9oaQ',
    'decode to string': () => b64decode('aGVsbG8gd29ybGQ=', 'std', 's') === 'hello world',
    'decode to ArrayBuffer': () => {
      const out = b64decode('-_9oaQ', 'rawurl');
      return out instanceof ArrayBuffer && new Uint8Array(out).join() === '251,255,104,105';
    },
  });
}
