import { encode } from '@msgpack/msgpack';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { readMsgpack } from '../../src/protocols/msgpack';
import { msgpackDecoder } from '../../src/protocols/packed-decoders';
import { packedToTree } from '../../src/protocols/packed-value';
import type { ConnectionContext, MessageInput } from '../../src/protocols/types';
import { hex, readError, readText, toPlain } from './packed-helpers';

const text = (bytes: string) => readText(readMsgpack, bytes);
const error = (bytes: string) => readError(readMsgpack, bytes);

// Vectors in the msgpack-test-suite's groups, every format family in each of its widths.
describe('MessagePack formats', () => {
  test.each([
    ['c0', 'null'],
    ['c2', 'false'],
    ['c3', 'true'],
  ])('nil and bool %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['00', '0'],
    ['7f', '127'],
    ['cc 80', '128'],
    ['cc ff', '255'],
    ['cd 01 00', '256'],
    ['cd ff ff', '65535'],
    ['ce 00 01 00 00', '65536'],
    ['ce ff ff ff ff', '4294967295'],
    ['cf 00 00 00 01 00 00 00 00', '4294967296'],
    ['cf 00 20 00 00 00 00 00 01', '9007199254740993'],
    ['cf ff ff ff ff ff ff ff ff', '18446744073709551615'],
    ['ff', '-1'],
    ['e0', '-32'],
    ['d0 80', '-128'],
    ['d0 7f', '127'],
    ['d1 80 00', '-32768'],
    ['d2 80 00 00 00', '-2147483648'],
    ['d3 80 00 00 00 00 00 00 00', '-9223372036854775808'],
    ['d3 ff df ff ff ff ff ff ff', '-9007199254740993'],
  ])('integer %s is %s exactly', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['ca 3f 80 00 00', '1.0'],
    ['ca 3f 8c cc cd', '1.1'],
    ['ca 7f 7f ff ff', '3.4028235e+38'],
    ['cb 3f f1 99 99 99 99 99 9a', '1.1'],
    ['cb 40 59 00 00 00 00 00 00', '100.0'],
    ['cb 80 00 00 00 00 00 00 00', '-0.0'],
    ['cb 7f f8 00 00 00 00 00 00', 'NaN'],
    ['cb ff f0 00 00 00 00 00 00', '-Infinity'],
    ['cb 7e 37 e4 3c 88 00 75 9c', '1e+300'],
  ])('float %s is %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['a0', '""'],
    ['a1 61', '"a"'],
    ['d9 03 e3 81 82', '"あ"'],
    ['da 00 04 f0 9f 8d ba', '"🍺"'],
    ['db 00 00 00 01 61', '"a"'],
  ])('string %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['c4 00', "h''"],
    ['c4 02 01 02', "h'0102'"],
    ['c5 00 01 ff', "h'ff'"],
    ['c6 00 00 00 03 01 02 03', "h'010203'"],
  ])('bin %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['90', '[]'],
    ['92 01 a1 61', '[1, "a"]'],
    ['dc 00 02 c0 c3', '[null, true]'],
    ['dd 00 00 00 01 90', '[[]]'],
    ['80', '{}'],
    ['82 a1 61 01 a1 62 92 02 03', '{"a": 1, "b": [2, 3]}'],
    ['de 00 01 a1 61 c2', '{"a": false}'],
    ['df 00 00 00 01 01 02', '{1: 2}'],
  ])('array and map %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test('map keys of any type are kept, in order, repeats included', () => {
    expect(text('84 01 a1 61 c3 02 92 01 02 a1 78 a1 61 a1 62')).toBe('{1: "a", true: 2, [1, 2]: "x", "a": "b"}');
    expect(text('82 a1 6b 01 a1 6b 02')).toBe('{"k": 1, "k": 2}');
    const result = readMsgpack(hex('82 01 a1 61 92 01 02 c0'));
    expect(result.ok && packedToTree(result.value).children!.map((node) => node.label)).toEqual(['1', '[1, 2]']);
  });

  test.each([
    ['d4 01 10', "ext(1, h'10')"],
    ['d5 02 01 02', "ext(2, h'0102')"],
    ['d6 7f 01 02 03 04', "ext(127, h'01020304')"],
    ['d7 80 01 02 03 04 05 06 07 08', "ext(-128, h'0102030405060708')"],
    ['d8 05 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f', "ext(5, h'000102030405060708090a0b0c0d0e0f')"],
    ['c7 03 05 01 02 03', "ext(5, h'010203')"],
    ['c8 00 01 05 ff', "ext(5, h'ff')"],
    ['c9 00 00 00 00 05', "ext(5, h'')"],
    // Type -1 with a length the timestamp does not have stays a plain extension.
    ['c7 03 ff 01 02 03', "ext(-1, h'010203')"],
  ])('ext %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test.each([
    ['d6 ff 00 00 00 00', '1970-01-01T00:00:00Z'],
    ['d6 ff 65 53 f1 00', '2023-11-14T22:13:20Z'],
    ['d7 ff 00 00 00 04 00 00 00 00', '1970-01-01T00:00:00.000000001Z'],
    ['d7 ff 77 35 94 00 65 53 f1 00', '2023-11-14T22:13:20.500Z'],
    ['c7 0c ff 1d cd 65 00 ff ff ff ff ff ff ff ff', '1969-12-31T23:59:59.500Z'],
    ['c7 0c ff 00 00 00 00 00 00 09 18 4e 72 a0 00', '10000000000000s 0ns since 1970 (beyond dates)'],
  ])('timestamp extension %s is %s', (bytes, expected) => expect(text(bytes)).toBe(expected));

  test('a timestamp with nanoseconds beyond a second is shown as the extension it is', () => {
    expect(text('c7 0c ff 3b 9a ca 00 00 00 00 00 00 00 00 00')).toBe("ext(-1, h'3b9aca000000000000000000')");
  });

  test('invalid UTF-8 in a str is shown with replacement characters and said', () => {
    const result = readMsgpack(hex('a2 c3 28'));
    expect(result.ok && packedToTree(result.value, 'name')).toEqual({ label: 'name (invalid UTF-8)', type: 'string', value: '\ufffd(' });
  });
});

describe('concatenated values', () => {
  test('each read ends where the next value starts', () => {
    const bytes = hex('01 a1 61 92 01 02');
    const ends: number[] = [];
    for (let offset = 0; offset < bytes.length;) {
      const result = readMsgpack(bytes, offset);
      if (!result.ok) throw new Error(result.error);
      ends.push(result.end);
      offset = result.end;
    }
    expect(ends).toEqual([1, 3, 6]);
  });
});

describe('malformed input says what and where', () => {
  test.each([
    ['', 'a value needs 1 bytes, 0 left at offset 0'],
    ['c1', 'reserved byte 0xc1 at offset 0'],
    ['92 01', 'array of 2 items cannot fit in the 1 bytes left at offset 0'],
    ['92 01 92', 'array of 2 items cannot fit in the 0 bytes left at offset 2'],
    ['92 91 01', 'a value needs 1 bytes, 0 left at offset 3'],
    ['a3 61 62', 'str of 3 bytes needs 3 bytes, 2 left at offset 1'],
    ['cd 01', 'uint 16 needs 2 bytes, 1 left at offset 1'],
    ['d9', 'str 8 length needs 1 bytes, 0 left at offset 1'],
    ['c6 ff ff ff ff 00', 'bin 32 data needs 4294967295 bytes, 1 left at offset 5'],
    ['dd ff ff ff ff 01 02', 'array of 4294967295 items cannot fit in the 2 bytes left at offset 0'],
    ['df 00 00 00 02 01 02 03', 'map of 2 entries cannot fit in the 3 bytes left at offset 0'],
    ['d8 01 00', 'ext of 16 bytes needs 16 bytes, 1 left at offset 2'],
  ])('%s: %s', (bytes, expected) => expect(error(bytes)).toBe(expected));

  test('nesting beyond the depth limit is refused, not a stack overflow', () => {
    const deep = new Uint8Array(100_000).fill(0x91);
    const result = readMsgpack(deep);
    expect(result).toMatchObject({ ok: false, error: 'nesting deeper than 256 at offset 256' });
  });

  test('the value count limit holds', () => {
    const result = readMsgpack(hex('93 01 02 03'), 0, { maxDepth: 10, maxValues: 3 });
    expect(result).toMatchObject({ ok: false, error: 'more than 3 values at offset 3' });
  });
});

describe('against a real encoder (@msgpack/msgpack)', () => {
  test('whatever it encodes reads back as the value it was given', () => {
    const values = fc.oneof(
      fc.jsonValue(),
      fc.array(fc.oneof(fc.maxSafeInteger(), fc.uint8Array(), fc.double(), fc.string(), fc.date({ noInvalidDate: true }))),
    );
    fc.assert(
      fc.property(values, (value) => {
        const bytes = encode(value);
        const result = readMsgpack(bytes);
        expect(result.ok && result.end).toBe(bytes.length);
        const plain = result.ok ? toPlain(result.value) : undefined;
        expect(plain).toEqual(normalize(value));
      }),
      { numRuns: 300 },
    );
  });
});

/** What a value reads back as: -0 is an integer to the encoder, a Date its timestamp extension. */
function normalize(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (value instanceof Date)
    return { kind: 'timestamp', seconds: BigInt(Math.floor(value.getTime() / 1000)), nanoseconds: (((value.getTime() % 1000) + 1000) % 1000) * 1e6 };
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  return value;
}

const context: ConnectionContext = { url: 'wss://example.test/feed', protocol: '', requestedProtocols: [] };
const binary = (bytes: string | Uint8Array): MessageInput => ({ direction: 'receive', kind: 'binary', bytes: typeof bytes === 'string' ? hex(bytes) : bytes });

describe("the standalone 'msgpack' decoder", () => {
  test('a map names itself by its type-like field; fields feed the filters', () => {
    const decoded = msgpackDecoder.decode(binary(encode({ type: 'chat', id: 7, text: 'hi' })), null, context);
    expect(decoded).toMatchObject({ protocol: 'msgpack', summary: 'map chat', items: [{ type: 'map', key: 'chat', fields: { type: 'chat', id: '7' } }] });
    expect(decoded.items[0]!.tree.map((node) => [node.label, node.value])).toEqual([
      ['type', 'chat'],
      ['id', '7'],
      ['text', 'hi'],
    ]);
  });

  test('an array headed by a string is keyed by it; others by their size', () => {
    expect(msgpackDecoder.decode(binary(encode(['join', { room: 1 }])), null, context).summary).toBe('array join');
    expect(msgpackDecoder.decode(binary(encode([1, 2, 3])), null, context).summary).toBe('array 3 items');
    expect(msgpackDecoder.decode(binary(encode({ a: 1 })), null, context).summary).toBe('map 1 entry');
  });

  test('back-to-back values are items of one message', () => {
    const decoded = msgpackDecoder.decode(binary('81 a4 74 79 70 65 a1 61 81 a4 74 79 70 65 a1 62'), null, context);
    expect(decoded.summary).toBe('map a +1');
  });

  test('malformed messages say what is wrong', () => {
    expect(msgpackDecoder.decode(binary(''), null, context)).toMatchObject({ error: 'empty message: no MessagePack value', items: [] });
    expect(msgpackDecoder.decode(binary('92 01'), null, context)).toMatchObject({
      summary: 'malformed',
      error: 'not MessagePack: array of 2 items cannot fit in the 1 bytes left at offset 0',
    });
    expect(msgpackDecoder.decode(binary('01 c1'), null, context).error).toBe('MessagePack value 2: reserved byte 0xc1 at offset 1');
  });

  test('detection: MessagePack maps and arrays, consumed whole', () => {
    const messages = [binary(encode({ type: 'tick', price: 1.5 })), binary(encode({ type: 'tick', price: 2 }))];
    expect(msgpackDecoder.detect(context, messages)).toBeGreaterThan(0.5);
    expect(msgpackDecoder.detect({ ...context, protocol: 'v2.msgpack' }, [])).toBeGreaterThan(0.5);
  });

  test('detection does not claim random binary, scalars, text, protobuf or WAMP sub-protocols', () => {
    expect(msgpackDecoder.detect(context, [])).toBe(0);
    expect(msgpackDecoder.detect(context, [binary('01 02 03 04')])).toBe(0);
    expect(msgpackDecoder.detect(context, [binary(encode('a plain string'))])).toBe(0);
    expect(msgpackDecoder.detect(context, [{ direction: 'receive', kind: 'text', text: '{"type":"chat"}' }])).toBe(0);
    // A protobuf message: field 1 varint 150, field 2 string "hi".
    expect(msgpackDecoder.detect(context, [binary('08 96 01 12 02 68 69')])).toBe(0);
    // A value with bytes left after it.
    expect(msgpackDecoder.detect(context, [binary('81 a1 61 01 ff')])).toBe(0);
    // Extensions and invalid UTF-8 are what accidental parses are made of.
    expect(msgpackDecoder.detect(context, [binary('92 d4 01 10 01')])).toBe(0);
    expect(msgpackDecoder.detect({ ...context, protocol: 'wamp.2.msgpack' }, [])).toBe(0);
  });

  test('random binary is rarely claimed', () => {
    let claimed = 0;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 64 }), (bytes) => {
        if (msgpackDecoder.detect(context, [binary(bytes)]) > 0.5) claimed++;
      }),
      { numRuns: 2000, seed: 14 },
    );
    expect(claimed).toBeLessThan(10);
  });
});

describe('never throws', () => {
  test('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const decoded = msgpackDecoder.decode(binary(bytes), null, context);
        expect(typeof decoded.summary).toBe('string');
        expect(Array.isArray(decoded.items)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  test('on mutated real messages', () => {
    const real = encode({ type: 'order', id: 2 ** 50, items: [{ sku: 'a', qty: 2, price: 9.99 }], at: new Date(1.7e12 + 5), raw: new Uint8Array([1, 2]) });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(real.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat(real.length), (edits, cut) => {
        const bytes = real.slice(0, Math.max(cut, 1));
        for (const [at, byte] of edits) if (at < bytes.length) bytes[at] = byte;
        const decoded = msgpackDecoder.decode(binary(bytes), null, context);
        expect(decoded.protocol).toBe('msgpack');
      }),
      { numRuns: 2000 },
    );
  });
});
