// k6/crypto with RFC test vectors: every check must pass.
import { check } from 'k6';
import crypto from 'k6/crypto';
import { sha256, createHMAC } from 'k6/crypto';

export const options = { iterations: 1, thresholds: { checks: ['rate==1'] } };

export default function () {
  check(null, {
    'md4': () => crypto.md4('abc', 'hex') === 'a448017aaf21d8525fc10ae87aa6729d',
    'md5 base64': () => crypto.md5('abc', 'base64') === 'kAFQmDzST7DWlj99KOF/cg==',
    'sha1': () => crypto.sha1('abc', 'hex') === 'a9993e364706816aba3e25717850c26c9cd0d89d',
    'sha256 of ArrayBuffer': () =>
      sha256(new Uint8Array([97, 98, 99]).buffer, 'hex') === 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    'sha384': () => crypto.sha384('abc', 'hex').startsWith('cb00753f45a35e8b'),
    'sha512': () => crypto.sha512('abc', 'hex').startsWith('ddaf35a193617aba'),
    'sha512_224': () => crypto.sha512_224('abc', 'hex') === '4634270f707b6a54daae7530460842e20e37ed265ceee9a43e8924aa',
    'sha512_256': () => crypto.sha512_256('abc', 'hex').startsWith('53048e2681941ef9'),
    'ripemd160': () => crypto.ripemd160('abc', 'hex') === '8eb208f7e05d987a9b044a8e98c6b087f15a0bfc',
    'createHash in parts': () => {
      const h = crypto.createHash('sha1');
      h.update('a');
      h.update('bc');
      return h.digest('hex') === 'a9993e364706816aba3e25717850c26c9cd0d89d';
    },
    'hmac RFC 4231 case 2': () =>
      crypto.hmac('sha256', 'Jefe', 'what do ya want for nothing?', 'hex') ===
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    'createHMAC base64rawurl': () => {
      const h = createHMAC('sha256', 'Jefe');
      h.update('what do ya want for nothing?');
      return h.digest('base64rawurl') === 'W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM';
    },
    'binary is an ArrayBuffer': () => {
      const b = crypto.sha256('abc', 'binary');
      return b instanceof ArrayBuffer && b.byteLength === 32 && new Uint8Array(b)[0] === 0xba;
    },
    'randomBytes': () => crypto.randomBytes(42).byteLength === 42,
  });
}
