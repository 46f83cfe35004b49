import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readCbor } from '../../src/protocols/cbor';
import { cborDecoder, msgpackDecoder } from '../../src/protocols/packed-decoders';
import { packedToTree } from '../../src/protocols/packed-value';
import type { ConnectionContext, MessageInput } from '../../src/protocols/types';
import { hex, readError, readText } from './packed-helpers';

const text = (bytes: string) => readText(readCbor, bytes);
const error = (bytes: string) => readError(readCbor, bytes);
/** The detail pane's leaf text of a value (date-times, floats as shown). */
const leaf = (bytes: string) => {
  const result = readCbor(hex(bytes));
  return result.ok ? packedToTree(result.value).value : result.error;
};

// RFC 8949 Appendix A, every example: encoded bytes and the value, in our one-line text.
describe('RFC 8949 Appendix A', () => {
  test.each([
    ['00', '0'],
    ['01', '1'],
    ['0a', '10'],
    ['17', '23'],
    ['1818', '24'],
    ['1819', '25'],
    ['1864', '100'],
    ['1903e8', '1000'],
    ['1a000f4240', '1000000'],
    ['1b000000e8d4a51000', '1000000000000'],
    ['1bffffffffffffffff', '18446744073709551615'],
    ['c249010000000000000000', '18446744073709551616'],
    ['3bffffffffffffffff', '-18446744073709551616'],
    ['c349010000000000000000', '-18446744073709551617'],
    ['20', '-1'],
    ['29', '-10'],
    ['3863', '-100'],
    ['3903e7', '-1000'],
  ])('integer %s is %s exactly', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['f90000', '0.0'],
    ['f98000', '-0.0'],
    ['f93c00', '1.0'],
    ['fb3ff199999999999a', '1.1'],
    ['f93e00', '1.5'],
    ['f97bff', '65504.0'],
    ['fa47c35000', '100000.0'],
    ['fa7f7fffff', '3.4028235e+38'],
    ['fb7e37e43c8800759c', '1e+300'],
    ['f90001', '5.960464477539063e-8'],
    ['f90400', '0.00006103515625'],
    ['f9c400', '-4.0'],
    ['fbc010666666666666', '-4.1'],
    ['f97c00', 'Infinity'],
    ['f97e00', 'NaN'],
    ['f9fc00', '-Infinity'],
    ['fa7f800000', 'Infinity'],
    ['fa7fc00000', 'NaN'],
    ['faff800000', '-Infinity'],
    ['fb7ff0000000000000', 'Infinity'],
    ['fb7ff8000000000000', 'NaN'],
    ['fbfff0000000000000', '-Infinity'],
  ])('float %s is %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['f4', 'false'],
    ['f5', 'true'],
    ['f6', 'null'],
    ['f7', 'undefined'],
    ['f0', 'simple(16)'],
    ['f8ff', 'simple(255)'],
  ])('simple %s is %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['c074323031332d30332d32315432303a30343a30305a', '2013-03-21T20:04:00Z'],
    ['c11a514b67b0', '2013-03-21T20:04:00Z'],
    ['c1fb41d452d9ec200000', '2013-03-21T20:04:00.500Z'],
  ])('date-time tag %s is shown as %s', (bytes, expected) => expect(leaf(bytes)).toBe(expected));

  test.each([
    ['d74401020304', "23(h'01020304')"],
    ['d818456449455446', "24(h'6449455446')"],
    ['d82076687474703a2f2f7777772e6578616d706c652e636f6d', '32("http://www.example.com")'],
  ])('tag %s is %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['40', "h''"],
    ['4401020304', "h'01020304'"],
    ['60', '""'],
    ['6161', '"a"'],
    ['6449455446', '"IETF"'],
    ['62225c', '"\\"\\\\"'],
    ['62c3bc', '"ü"'],
    ['63e6b0b4', '"水"'],
    ['64f0908591', '"𐅑"'],
  ])('string %s is %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  const oneTo25 = Array.from({ length: 25 }, (_, index) => index + 1).join(', ');
  test.each([
    ['80', '[]'],
    ['83010203', '[1, 2, 3]'],
    ['8301820203820405', '[1, [2, 3], [4, 5]]'],
    ['98190102030405060708090a0b0c0d0e0f101112131415161718181819', `[${oneTo25}]`],
    ['a0', '{}'],
    ['a201020304', '{1: 2, 3: 4}'],
    ['a26161016162820203', '{"a": 1, "b": [2, 3]}'],
    ['826161a161626163', '["a", {"b": "c"}]'],
    ['a56161614161626142616361436164614461656145', '{"a": "A", "b": "B", "c": "C", "d": "D", "e": "E"}'],
  ])('container %s is %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['5f42010243030405ff', "h'0102030405'"],
    ['7f657374726561646d696e67ff', '"streaming"'],
    ['9fff', '[]'],
    ['9f018202039f0405ffff', '[1, [2, 3], [4, 5]]'],
    ['9f01820203820405ff', '[1, [2, 3], [4, 5]]'],
    ['83018202039f0405ff', '[1, [2, 3], [4, 5]]'],
    ['83019f0203ff820405', '[1, [2, 3], [4, 5]]'],
    ['9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff', `[${oneTo25}]`],
    ['bf61610161629f0203ffff', '{"a": 1, "b": [2, 3]}'],
    ['826161bf61626163ff', '["a", {"b": "c"}]'],
    ['bf6346756ef563416d7421ff', '{"Fun": true, "Amt": -2}'],
  ])('indefinite length %s is %s', (bytes, expected) => expect(text(bytes)).toBe(expected));
});

describe('tags', () => {
  test('embedded CBOR (tag 24) is shown decoded beside its bytes', () => {
    const result = readCbor(hex('d818456449455446'));
    expect(result.ok && packedToTree(result.value, 'x')).toEqual({
      label: 'x',
      type: 'object',
      children: [
        { label: 'tag', type: 'number', value: '24' },
        { label: 'content', type: 'bytes', value: '64 49 45 54 46' },
        { label: 'embedded CBOR', type: 'string', value: 'IETF' },
      ],
    });
  });

  test('the self-describe tag (55799) is dropped, the value read as if untagged', () => {
    expect(text('d9d9f7 a1 61 61 01')).toBe('{"a": 1}');
  });

  test('a bignum beyond 64 bits keeps every digit', () => {
    expect(text('c2 50 ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff')).toBe('340282366920938463463374607431768211455');
  });

  test('a date-time tag on the wrong type is shown as the tag it is', () => {
    expect(text('c0 01')).toBe('0(1)');
    expect(text('c1 61 61')).toBe('1("a")');
  });
});

describe('malformed input says what and where', () => {
  test.each([
    ['', 'a data item needs 1 bytes, 0 left at offset 0'],
    ['1c', 'reserved additional information 28 in an unsigned integer head at offset 0'],
    ['fc', 'reserved additional information 28 in a simple value head at offset 0'],
    ['1f', 'indefinite length is not allowed for an unsigned integer at offset 0'],
    ['3f', 'indefinite length is not allowed for a negative integer at offset 0'],
    ['df', 'indefinite length is not allowed for a tag at offset 0'],
    ['ff', 'break (0xff) outside an indefinite-length item at offset 0'],
    ['f800', 'simple value 0 in two bytes (only 32..255 may be) at offset 0'],
    ['19 01', '2-byte argument needs 2 bytes, 1 left at offset 1'],
    ['44 01 02', 'byte string of length 4 cannot fit in the 2 bytes left at offset 0'],
    ['9b ff ff ff ff ff ff ff ff 00', 'array of length 18446744073709551615 cannot fit in the 1 bytes left at offset 0'],
    ['a2 01 02 03', 'map of length 2 cannot fit in the 3 bytes left at offset 0'],
    ['9f 01 02', 'indefinite-length array has no break (0xff) at offset 0'],
    ['5f 41 00 61 61 ff', 'chunk of an indefinite-length byte string is not a definite-length byte string at offset 3'],
    ['7f 7f ff ff', 'chunk of an indefinite-length text string is not a definite-length text string at offset 1'],
    ['bf 61 61 ff', 'indefinite-length map ends after a key without its value at offset 3'],
    ['fa 00 00', 'single float needs 4 bytes, 2 left at offset 1'],
  ])('%s: %s', (bytes, expected) => expect(error(bytes)).toBe(expected));

  test('nesting beyond the depth limit is refused, not a stack overflow', () => {
    expect(readCbor(new Uint8Array(100_000).fill(0x9f))).toMatchObject({ ok: false, error: 'nesting deeper than 256 at offset 256' });
    expect(readCbor(new Uint8Array(100_000).fill(0xc1))).toMatchObject({ ok: false, error: 'nesting deeper than 256 at offset 256' });
  });

  test('invalid UTF-8 in a text string is shown with replacement characters and said', () => {
    const result = readCbor(hex('62 c3 28'));
    expect(result.ok && packedToTree(result.value, 'k')).toEqual({ label: 'k (invalid UTF-8)', type: 'string', value: '\ufffd(' });
  });
});

const context: ConnectionContext = { url: 'wss://example.test/iot', protocol: '', requestedProtocols: [] };
const binary = (bytes: string | Uint8Array): MessageInput => ({ direction: 'receive', kind: 'binary', bytes: typeof bytes === 'string' ? hex(bytes) : bytes });

describe("the standalone 'cbor' decoder", () => {
  test('a map names itself by its type-like field', () => {
    // {"type": "reading", "value": 21.5}
    const decoded = cborDecoder.decode(binary('a2 64 74797065 67 72656164696e67 65 76616c7565 f9 4d60'), null, context);
    expect(decoded).toMatchObject({ protocol: 'cbor', summary: 'map reading', items: [{ fields: { type: 'reading' } }] });
    expect(decoded.items[0]!.tree[1]).toEqual({ label: 'value', type: 'number', value: '21.5' });
  });

  test('malformed messages say what is wrong', () => {
    expect(cborDecoder.decode(binary('ff'), null, context).error).toBe('not CBOR: break (0xff) outside an indefinite-length item at offset 0');
  });

  test('detection: the self-describe magic is strong evidence, a sub-protocol too; sniffed maps weaker', () => {
    expect(cborDecoder.detect(context, [binary('d9d9f7 a1 61 61 01')])).toBeGreaterThanOrEqual(0.9);
    expect(cborDecoder.detect({ ...context, protocol: 'cbor' }, [])).toBeGreaterThan(0.5);
    const sniffed = cborDecoder.detect(context, [binary('a2 64 74797065 67 72656164696e67 65 76616c7565 f9 4d60')]);
    expect(sniffed).toBeGreaterThan(0.5);
    expect(sniffed).toBeLessThan(cborDecoder.detect({ ...context, protocol: 'cbor' }, []));
  });

  test('detection refuses random binary, scalars, unknown tags, simple values and WAMP', () => {
    expect(cborDecoder.detect(context, [binary('01 02 03')])).toBe(0);
    expect(cborDecoder.detect(context, [binary('82 d8 63 01 02')])).toBe(0);
    expect(cborDecoder.detect(context, [binary('82 f0 01')])).toBe(0);
    expect(cborDecoder.detect({ ...context, protocol: 'wamp.2.cbor' }, [])).toBe(0);
  });

  test('a CBOR map is not sniffed as MessagePack, nor a MessagePack map as CBOR', () => {
    const cborMap = binary('a2 64 74797065 67 72656164696e67 65 76616c7565 f9 4d60');
    // {"type": "reading", "value": 21.5} in MessagePack.
    const msgpackMap = binary('82 a4 74797065 a7 72656164696e67 a5 76616c7565 cb 4035800000000000');
    expect(msgpackDecoder.detect(context, [cborMap])).toBe(0);
    expect(cborDecoder.detect(context, [msgpackMap])).toBe(0);
  });
});

describe('never throws', () => {
  test('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const decoded = cborDecoder.decode(binary(bytes), null, context);
        expect(typeof decoded.summary).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  test('on mutated real messages', () => {
    const real = hex(
      'bf 64 74797065 65 6f72646572 62 6964 c2 49 010000000000000000 62 6174 c1 1a 514b67b0 63 726177 5f 42 0102 ff 61 76 d8 18 45 6449455446 ff',
    );
    expect(readCbor(real)).toMatchObject({ ok: true, end: real.length });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(real.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(real.length), (edits, cut) => {
        const bytes = real.slice(0, Math.max(cut, 1));
        for (const [at, byte] of edits) if (at < bytes.length) bytes[at] = byte;
        expect(cborDecoder.decode(binary(bytes), null, context).protocol).toBe('cbor');
      }),
      { numRuns: 2000 },
    );
  });
});
