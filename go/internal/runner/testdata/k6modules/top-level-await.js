// Top-level await (k6 v0.55+): init awaits a timer and a Promise chain,
// and the options it exports come after the awaits.
import { check } from 'k6';

const later = (value, ms) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

const config = await later({ iterations: 4, greeting: 'hello' }, 20);
const suffix = await Promise.resolve(' world').then((s) => s + '!');
const { b64encode } = await import('k6/encoding');

export const options = {
  vus: 2,
  iterations: config.iterations,
  thresholds: { checks: ['rate==1'] },
};

export default async function () {
  const again = await later(suffix, 1);
  check(config, {
    'awaited a timer in init': (c) => c.greeting === 'hello',
    'awaited a Promise chain in init': () => again === ' world!',
    'dynamic import in init': () => b64encode('hi') === 'aGk=',
  });
}
