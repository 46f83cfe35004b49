// How binary decoders show bytes: strict UTF-8 (checked by our loop, compared with a fatal TextDecoder),
// readable text, JSON kept exact, hex.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { hexBytes, isPrintableText, payloadNode, strictUtf8 } from '../../src/protocols/binary-display';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const reference = (bytes: Uint8Array) => {
  try {
    return fatal.decode(bytes);
  } catch {
    return undefined;
  }
};

test('strictUtf8 accepts and refuses exactly what a fatal TextDecoder does', () => {
  const cases = [
    [0xc0, 0x80], // overlong NUL
    [0xe0, 0x9f, 0x80], // overlong
    [0xed, 0xa0, 0x80], // surrogate
    [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
    [0xf0, 0x9f, 0x98], // cut short
    [0xef, 0xbb, 0xbf, 0x61], // BOM kept
    [0xf0, 0x9f, 0x98, 0x80],
    [0xc3, 0xa9],
  ];
  for (const bytes of cases) expect(strictUtf8(Uint8Array.from(bytes))).toBe(reference(Uint8Array.from(bytes)));
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => strictUtf8(bytes) === reference(bytes)),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => strictUtf8(new TextEncoder().encode(text)) === text),
    { numRuns: 1000 },
  );
});

test('payloads: JSON objects and arrays as exact trees, readable text as text, the rest as hex', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  expect(payloadNode('payload', bytes(' {"id":12345678901234567890}'))).toEqual({
    label: 'payload',
    type: 'object',
    children: [{ label: 'id', type: 'number', value: '12345678901234567890' }],
  });
  expect(payloadNode('payload', bytes('{"broken":'))).toEqual({ label: 'payload', type: 'text', value: '{"broken":' });
  expect(payloadNode('payload', bytes('23.5'))).toEqual({ label: 'payload', type: 'text', value: '23.5' });
  expect(payloadNode('payload', Uint8Array.from([0x61, 0x00]))).toEqual({ label: 'payload', type: 'bytes', value: '61 00' });
  expect(isPrintableText('a\tb\r\nc')).toBe(true);
  expect(isPrintableText('a\u0085')).toBe(false);
  expect(hexBytes(Uint8Array.from([1, 2, 3]), 2)).toBe('01 02 … (1 byte more)');
});
