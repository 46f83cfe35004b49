import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import {
  base64Decode,
  base64Encode,
  base64EncodeByChunks,
  blobSize,
  encodeBinary,
  encodeText,
  viewBinary,
  utf8ByteLength,
} from '../../src/page/payload-encoding';

describe('text', () => {
  test('size is the UTF-8 byte length, lone surrogates counting as U+FFFD', () => {
    expect(utf8ByteLength('')).toBe(0);
    expect(utf8ByteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(encodeText('a\uD800b', 100)).toEqual({ kind: 'text', source: 'string', size: 5, data: 'a\uFFFDb', truncated: false });
  });

  test('long strings are counted in steps without splitting surrogate pairs', () => {
    for (let shift = 0; shift < 4; shift++) {
      const text = 'a'.repeat(16 * 1024 - 2 + shift) + '😀é'.repeat(20_000) + '\uD800';
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8')); // Node also writes U+FFFD for a lone surrogate
    }
  });

  test('above the cap, data is the longest whole-character prefix within the cap', () => {
    expect(encodeText('abcdef', 4)).toEqual({ kind: 'text', source: 'string', size: 6, data: 'abcd', truncated: true });
    expect(encodeText('ééé', 5)).toMatchObject({ size: 6, data: 'éé', truncated: true });
    expect(encodeText('😀😀', 7)).toMatchObject({ size: 8, data: '😀', truncated: true });
    expect(encodeText('abc', 3)).toMatchObject({ data: 'abc', truncated: false });
    expect(encodeText('abc', 0)).toMatchObject({ size: 3, data: '', truncated: true });
  });
});

describe('binary', () => {
  const buffer = new Uint8Array(Array.from({ length: 32 }, (_, i) => i * 5)).buffer;
  const expectBytes = (value: unknown, source: string, bytes: number[]) => {
    const view = viewBinary(value, 1000)!;
    expect(view.source).toBe(source);
    expect(view.size).toBe(bytes.length);
    expect([...view.bytes]).toEqual(bytes);
  };
  const slice = (start: number, length: number) => [...new Uint8Array(buffer, start, length)];

  test('each view type yields exactly its own bytes', () => {
    expectBytes(buffer, 'ArrayBuffer', slice(0, 32));
    // [constructor, byteOffset, element count]
    const views: [new (buffer: ArrayBuffer, offset: number, length: number) => ArrayBufferView, number, number][] = [
      [Uint8Array, 3, 4],
      [Int8Array, 1, 2],
      [Uint8ClampedArray, 5, 5],
      [Int16Array, 2, 3],
      [Uint16Array, 4, 1],
      [Int32Array, 8, 2],
      [Uint32Array, 4, 3],
      [Float32Array, 12, 2],
      [Float64Array, 8, 2],
      [BigInt64Array, 16, 2],
      [BigUint64Array, 0, 1],
      [DataView, 7, 9],
    ];
    for (const [View, offset, count] of views) {
      const view = new View(buffer, offset, count);
      expectBytes(view, View.name, slice(offset, view.byteLength));
    }
  });

  test('the view is cut to the cap and names the real type whatever the page claims', () => {
    const page = new Uint8Array([1, 2, 3, 4, 5]);
    Object.defineProperty(page, Symbol.toStringTag, { value: 'Float64Array' });
    Object.defineProperty(page, 'byteLength', { value: 1 });
    const view = viewBinary(page, 3)!;
    expect(view).toEqual({ source: 'Uint8Array', size: 5, bytes: new Uint8Array([1, 2, 3]) });
    expect(encodeBinary(view)).toEqual({ kind: 'binary', source: 'Uint8Array', size: 5, data: 'AQID', truncated: true });
  });

  test('strings, Blobs and look-alikes are not buffers', () => {
    for (const value of ['text', null, 5, {}, { byteLength: 3, buffer }, new Blob(['x'])]) expect(viewBinary(value, 10)).toBeNull();
    expect(blobSize(new Blob(['abc']))).toBe(3);
    expect(blobSize({ size: 3 })).toBeNull();
    expect(blobSize(buffer)).toBeNull();
  });

  test('chunked base64 matches Node for any length, across chunk boundaries', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100_000 }), (bytes) => {
        expect(base64EncodeByChunks(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
        expect([...base64Decode(Buffer.from(bytes).toString('base64'))]).toEqual([...bytes]);
      }),
      { numRuns: 30 },
    );
    const offsetView = new Uint8Array(new Uint8Array(70_000).map((_, i) => i).buffer, 3, 69_000);
    expect(base64EncodeByChunks(offsetView)).toBe(Buffer.from(offsetView).toString('base64'));
  });

  test('malformed base64 is refused', () => {
    expect(() => base64Decode('***')).toThrow();
  });
});
