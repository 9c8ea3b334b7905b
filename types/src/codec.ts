// JSON, string and bytes codecs for message payloads. natsk6 has no
// TextEncoder (neither has k6), so UTF-8 is done here by hand.
import type { Msg, JsMsg, Payload } from 'k6/x/nats';

/** Anything a codec can decode: a received message or a raw payload. */
export type Received = Msg | JsMsg | string | ArrayBuffer | Uint8Array;

/** Turns values into payloads and received messages back into values. */
export interface Codec<T> {
  encode(value: T): Payload;
  decode(input: Received): T;
}

/** UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return new Uint8Array(out);
}

/** The text that UTF-8 `bytes` encode (invalid sequences become U+FFFD). */
export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    let c = 0xfffd;
    let n = 1;
    if (b < 0x80) c = b;
    else if (b >= 0xc0 && b < 0xe0 && i + 1 < bytes.length) {
      c = ((b & 31) << 6) | (bytes[i + 1] & 63);
      n = 2;
    } else if (b >= 0xe0 && b < 0xf0 && i + 2 < bytes.length) {
      c = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63);
      n = 3;
    } else if (b >= 0xf0 && i + 3 < bytes.length) {
      c = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63);
      n = 4;
    }
    out += String.fromCodePoint(c);
    i += n;
  }
  return out;
}

function isMessage(input: Received): input is Msg | JsMsg {
  return typeof input === 'object' && input !== null && 'subject' in input && 'bytes' in input;
}

function textOf(input: Received): string {
  if (typeof input === 'string') return input;
  if (isMessage(input)) return input.data;
  return utf8Decode(input instanceof Uint8Array ? input : new Uint8Array(input));
}

function bytesOf(input: Received): Uint8Array {
  if (typeof input === 'string') return utf8Encode(input);
  if (isMessage(input)) return new Uint8Array(input.bytes);
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/**
 * JSON payloads, typed.
 * @example
 * const orders = JSONCodec<{ id: number }>();
 * conn.publish('orders', orders.encode({ id: 1 }));
 * const order = orders.decode(sub.next(1000));
 */
export function JSONCodec<T = unknown>(): Codec<T> {
  return {
    encode: (value) => JSON.stringify(value),
    decode: (input) => JSON.parse(textOf(input)) as T,
  };
}

/** UTF-8 string payloads. */
export function StringCodec(): Codec<string> {
  return { encode: (value) => value, decode: textOf };
}

/** Raw bytes, byte-exact both ways. */
export function BytesCodec(): Codec<Uint8Array> {
  return {
    encode: (value) => value.slice().buffer,
    decode: bytesOf,
  };
}
