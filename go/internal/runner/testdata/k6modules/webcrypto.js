// The global WebCrypto `crypto` object, in init and in iterations.
import { check } from 'k6';

export const options = { vus: 2, iterations: 4, thresholds: { checks: ['rate==1'] } };

const initUUID = crypto.randomUUID();

const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

export default async function () {
  const values = crypto.getRandomValues(new Uint8Array(16));
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array([97, 98, 99]));
  check(null, {
    'uuid in init': () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(initUUID),
    'uuids differ': () => crypto.randomUUID() !== crypto.randomUUID(),
    'getRandomValues fills': () => values.length === 16 && values.some((b) => b !== 0),
    'digest is an ArrayBuffer': () => digest instanceof ArrayBuffer,
    'digest SHA-256': () => hex(digest) === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  });
  const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const data = new Uint8Array([1, 2, 3]);
  const sig = await crypto.subtle.sign('HMAC', key, data);
  const verified = await crypto.subtle.verify('HMAC', key, sig, data);
  const aes = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aes, data);
  const opened = await crypto.subtle.decrypt({ name: 'AES-GCM', iv }, aes, sealed);
  check(null, {
    'HMAC sign and verify': () => sig.byteLength === 32 && verified === true,
    'AES-GCM round trip': () => sealed.byteLength === 3 + 16 && new Uint8Array(opened).join() === '1,2,3',
  });
  let rejected = '';
  await crypto.subtle.digest('MD5', new Uint8Array(1)).catch((e) => { rejected = String(e); });
  check(rejected, { 'unknown digest rejects': (r) => r.includes('NotSupportedError') });
}

