// The global WebCrypto `crypto` object, in init and in iterations.
import { check } from 'k6';

export const options = { vus: 2, iterations: 4, thresholds: { checks: ['rate==1'] } };

const initUUID = crypto.randomUUID();

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

export default async function () {
  const values = crypto.getRandomValues(new Uint8Array(16));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoderLike('abc').bytes);
  check(null, {
    'uuid in init': () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(initUUID),
    'uuids differ': () => crypto.randomUUID() !== crypto.randomUUID(),
    'getRandomValues fills': () => values.length === 16 && values.some((b) => b !== 0),
    'digest is an ArrayBuffer': () => digest instanceof ArrayBuffer,
    'digest SHA-256': () => hex(digest) === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  });
  let rejected = '';
  await crypto.subtle.digest('MD5', new Uint8Array(1)).catch((e) => { rejected = String(e); });
  check(rejected, { 'unknown digest rejects': (r) => r.includes('NotSupportedError') });
}

// ASCII only: natsk6 has no TextEncoder, and the vectors need none.
function TextEncoderLike(s) {
  this.bytes = new Uint8Array(Array.from(s, (c) => c.charCodeAt(0)));
}
