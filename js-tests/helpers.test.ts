// The helper wrappers that need no NATS module: payload generators and
// codecs, checked against Node's own UTF-8 and JSON.
import { describe, expect, it } from 'vitest';
import { binaryPayload, isBinaryPayload, jsonPayload, textPayload, utf8Length } from '../types/src/payload.js';
import { BytesCodec, JSONCodec, StringCodec, utf8Decode, utf8Encode } from '../types/src/codec.js';

describe('payload generators', () => {
  it('make exactly the requested number of bytes', () => {
    for (const size of [0, 1, 61, 62, 63, 1024, 65_537]) {
      expect(Buffer.byteLength(textPayload(size, 3))).toBe(size);
      expect(binaryPayload(size).byteLength).toBe(size);
      if (size >= 10) expect(Buffer.byteLength(jsonPayload(size))).toBe(size);
    }
    expect(Buffer.byteLength(jsonPayload(300, { id: 7, name: 'zoë' }))).toBe(300);
  });

  it('are deterministic and checkable', () => {
    expect(textPayload(100, 5)).toBe(textPayload(100, 5));
    expect(textPayload(100, 5)).not.toBe(textPayload(100, 6));
    expect(isBinaryPayload(binaryPayload(4096, 9), 9)).toBe(true);
    expect(isBinaryPayload(binaryPayload(4096, 9), 8)).toBe(false);
    expect(new Set(new Uint8Array(binaryPayload(256))).size).toBe(256);
  });

  it('reject impossible sizes', () => {
    expect(() => textPayload(-1)).toThrow(RangeError);
    expect(() => binaryPayload(1.5)).toThrow(RangeError);
    expect(() => jsonPayload(5, { long: 'value' })).toThrow(RangeError);
  });
});

describe('codecs', () => {
  const samples = ['', 'ascii', 'zoë ñ', '日本語', 'emoji 🚀 and 𝄞', 'a'.repeat(10_000)];

  it('encode and decode UTF-8 as Node does', () => {
    for (const text of samples) {
      const bytes = utf8Encode(text);
      expect(Buffer.from(bytes).equals(Buffer.from(text, 'utf8'))).toBe(true);
      expect(utf8Decode(bytes)).toBe(text);
      expect(utf8Length(text)).toBe(bytes.length);
    }
  });

  it('round-trip JSON, strings and bytes', () => {
    const json = JSONCodec<{ id: number; tags: string[] }>();
    const value = { id: 1, tags: ['ö', '🚀'] };
    expect(json.decode(json.encode(value) as string)).toEqual(value);
    expect(json.decode(utf8Encode(JSON.stringify(value)))).toEqual(value);
    expect(StringCodec().decode(utf8Encode('héllo').buffer as ArrayBuffer)).toBe('héllo');
    const raw = new Uint8Array([0, 255, 1, 128]);
    expect(BytesCodec().decode(BytesCodec().encode(raw) as ArrayBuffer)).toEqual(raw);
  });
});
