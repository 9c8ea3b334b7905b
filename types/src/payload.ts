// Payload generators of an exact size, deterministic so that a receiver
// can verify what arrived. Plain ES2020: they run inside natsk6.

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 0) {
    throw new RangeError(`payload size must be a whole number >= 0, got ${size}`);
  }
}

/**
 * An ASCII string of exactly `size` bytes (so bytes equal characters),
 * different for each `seed`.
 * @example conn.publish('load', textPayload(1024));
 */
export function textPayload(size: number, seed = 0): string {
  checkSize(size);
  const offset = Math.abs(Math.trunc(seed)) % ALPHABET.length;
  const pattern = ALPHABET.slice(offset) + ALPHABET.slice(0, offset);
  return pattern.repeat(Math.ceil(size / pattern.length)).slice(0, size);
}

/**
 * `size` bytes where byte i is (i * 31 + seed) & 0xff: binary, with every
 * byte value present, and checkable with {@link isBinaryPayload}.
 * @example conn.publish('bin', binaryPayload(4096, 7));
 */
export function binaryPayload(size: number, seed = 0): ArrayBuffer {
  checkSize(size);
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    bytes[i] = (i * 31 + seed) & 0xff;
  }
  return bytes.buffer;
}

/** Whether `data` is exactly what `binaryPayload(data.byteLength, seed)` makes. */
export function isBinaryPayload(data: ArrayBuffer, seed = 0): boolean {
  const bytes = new Uint8Array(data);
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== ((i * 31 + seed) & 0xff)) {
      return false;
    }
  }
  return true;
}

/**
 * A JSON document of exactly `size` bytes: `fields` plus a `pad` string
 * that fills the rest. Throws when `fields` alone are larger than `size`.
 * @example conn.publish('orders', jsonPayload(512, { id: __ITER }));
 */
export function jsonPayload(size: number, fields: Record<string, unknown> = {}): string {
  checkSize(size);
  const base = JSON.stringify({ ...fields, pad: '' });
  const padding = size - utf8Length(base);
  if (padding < 0) {
    throw new RangeError(`jsonPayload: the fields alone take ${utf8Length(base)} bytes, more than ${size}`);
  }
  return JSON.stringify({ ...fields, pad: textPayload(padding) });
}

/** The number of bytes `text` takes in UTF-8. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
