// The Protocol Buffers decoder on messages protobufjs encodes from real .proto files (test/fixtures/proto),
// read with and without the schema; malformed and truncated input; fuzz.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeProtobuf, protobufDecoder, protobufDecoderWithSchema } from '../../src/protocols/protobuf';
import type { ProtoSchema } from '../../src/protocols/protobuf-schema';
import { detectProtocol } from '../../src/protocols/registry';
import type { DecodedItem, MessageInput } from '../../src/protocols/types';
import { encodeAs, fixtureRoot, fixtureSchema } from './proto-fixtures';
import { binary, nodeAt, valueAt } from './protocol-test-helpers';

const root = fixtureRoot();
const schema = fixtureSchema();

const chat = {
  id: '-9007199254740993',
  author: { id: '9007199254740993', name: 'Ada', presence: 2, roles: ['admin', 'ops'] },
  text: 'hi',
  reactions: [1, -2, 300],
  unpacked_reactions: [4, 5],
  labels: { lang: 'en' },
  mentions: { 7: { name: 'Bob' } },
  delta: -5,
  offset: '-9223372036854775808',
  attachment: Buffer.from([0, 255]),
  score: 0.1,
  ratio: 3.14,
  checksum: '18446744073709551615',
  temperature: -40,
  pinned: true,
  sent_at: { seconds: 1700000000, nanos: 5 },
  reply_to: '',
  where: { lat: 52.5, lon: 13.4 },
  samples: [1.5, -0],
};
const envelope = encodeAs(root, 'chat.v1.Envelope', { trace_id: '18446744073709551615', chat });

function item(bytes: Uint8Array, typeName?: string, withSchema: ProtoSchema = schema): DecodedItem {
  const decoded = decodeProtobuf(bytes, typeName ? withSchema : undefined, typeName);
  expect(decoded.items).toHaveLength(1);
  return decoded.items[0]!;
}

describe('without a schema', () => {
  test('field numbers, nested messages guessed, strings, and each value with its possible readings', () => {
    const decoded = decodeProtobuf(envelope);
    expect(decoded.summary).toBe('message #1 #15');
    const message = decoded.items[0]!;
    expect(message.error).toBeUndefined();
    expect(valueAt(message, '15 (varint)')).toBe('18446744073709551615 (int64 -1, sint -9223372036854775808)');
    expect(valueAt(message, '1 (message)', '1 (varint)')).toBe('18437736874454810623 (int64 -9007199254740993, sint -9218868437227405312)');
    expect(valueAt(message, '1 (message)', '2 (message)', '1 (varint)')).toBe('9007199254740993 (sint -4503599627370497)');
    expect(valueAt(message, '1 (message)', '2 (message)', '2 (string)')).toBe('Ada');
    expect(valueAt(message, '1 (message)', '8 (varint)')).toBe('9 (sint -5)');
    expect(valueAt(message, '1 (message)', '11 (64-bit)')).toBe('4591870180066957722 (double 0.1)');
    expect(valueAt(message, '1 (message)', '12 (32-bit)')).toBe('1078523331 (float 3.14)');
    expect(valueAt(message, '1 (message)', '14 (32-bit)')).toBe('4294967256 (int32 -40, float NaN)');
    expect(valueAt(message, '1 (message)', '10 (bytes)')).toBe('00 ff');
    expect(valueAt(message, '1 (message)', '17 (empty)')).toBe('');
    expect(valueAt(message, '1 (message)', '7 (message)', '2 (message)', '2 (string)')).toBe('Bob');
    const roles = nodeAt(message.tree, '1 (message)', '2 (message)')!.children!.filter((node) => node.label === '4 (string)');
    expect(roles.map((node) => node.value)).toEqual(['admin', 'ops']);
  });

  test('proto2 groups are reported as groups', () => {
    const search = encodeAs(root, 'legacy.Search', { query: 'q', result: [{ url: 'u', rank: 1 }, { url: 'v' }] });
    const message = item(search);
    expect(message.tree.map((node) => node.label)).toEqual(['1 (string)', '2 (group)', '2 (group)']);
    expect(valueAt(message.tree[2]!.children!, '3 (string)')).toBe('v');
  });

  test('guessing length-delimited values: clean text stays text even when it would parse as a message', () => {
    const field = (bytes: number[]) => item(Uint8Array.from([0x0a, bytes.length, ...bytes])).tree[0]!;
    // "hi" is also field 13 = 105 on the wire.
    expect(field([0x68, 0x69])).toEqual({ label: '1 (string)', type: 'string', value: 'hi' });
    expect(field([0x0a, 0x03, 0x61, 0x62, 0x63])).toEqual({
      label: '1 (message)',
      type: 'object',
      children: [{ label: '1 (string)', type: 'string', value: 'abc' }],
    });
    expect(field([...Buffer.from('line one\nline two')])).toEqual({ label: '1 (string)', type: 'string', value: 'line one\nline two' });
    expect(field([0xff, 0x00, 0x07])).toEqual({ label: '1 (bytes)', type: 'bytes', value: 'ff 00 07' });
    // Field 19500 is in the range no .proto may use: not taken for a nested message.
    expect(field([0xe0, 0xe1, 0x09, 0x01]).label).toBe('1 (bytes)');
  });

  test('an empty message has no fields', () => {
    expect(decodeProtobuf(new Uint8Array(0))).toEqual({
      protocol: 'protobuf',
      summary: 'message (empty)',
      items: [{ type: 'message', key: '(empty)', fields: { type: 'message' }, tree: [] }],
    });
  });
});

describe('with a schema', () => {
  test('fields by name, nested types, enums, repeated packed and not, maps, oneof, exact 64-bit integers, floats', () => {
    const decoded = decodeProtobuf(envelope, schema, 'chat.v1.Envelope');
    expect(decoded.summary).toBe('Envelope chat');
    const message = decoded.items[0]!;
    expect(message.error).toBeUndefined();
    expect(message.fields).toEqual({ type: 'chat.v1.Envelope', oneof: 'chat' });
    expect(valueAt(message, 'trace_id')).toBe('18446744073709551615');
    const at = (...path: string[]) => valueAt(message, 'payload', 'chat', ...path);
    expect(at('id')).toBe('-9007199254740993');
    expect(at('author', 'id')).toBe('9007199254740993');
    expect(at('author', 'presence')).toBe('PRESENCE_AWAY (2)');
    expect(at('author', 'roles', '1')).toBe('ops');
    expect(nodeAt(message.tree, 'payload', 'chat', 'reactions')!.children!.map((node) => node.value)).toEqual(['1', '-2', '300']);
    expect(nodeAt(message.tree, 'payload', 'chat', 'unpacked_reactions')!.children!.map((node) => node.value)).toEqual(['4', '5']);
    expect(at('labels', 'lang')).toBe('en');
    expect(at('mentions', '7', 'name')).toBe('Bob');
    expect(at('delta')).toBe('-5');
    expect(at('offset')).toBe('-9223372036854775808');
    expect(at('attachment')).toBe('00 ff');
    expect(at('score')).toBe('0.1');
    expect(at('ratio')).toBe('3.14');
    expect(at('checksum')).toBe('18446744073709551615');
    expect(at('temperature')).toBe('-40');
    expect(at('pinned')).toBe('true');
    expect(at('sent_at', 'seconds')).toBe('1700000000');
    expect(at('where', 'lon')).toBe('13.4');
    expect(nodeAt(message.tree, 'payload', 'chat', 'samples')!.children!.map((node) => node.value)).toEqual(['1.5', '-0']);
    // proto3 `optional` is presence, not a oneof: no wrapping node.
    expect(at('reply_to')).toBe('');
  });

  test('the other oneof members, and the per-direction decoder', () => {
    const ping = encodeAs(root, 'chat.v1.Envelope', { ping: { seq: 4294967295 } });
    const notice = encodeAs(root, 'chat.v1.Envelope', { notice: 'maintenance' });
    expect(valueAt(item(ping, 'chat.v1.Envelope'), 'payload', 'ping', 'seq')).toBe('4294967295');
    expect(decodeProtobuf(notice, schema, 'chat.v1.Envelope').summary).toBe('Envelope notice');
    const decoder = protobufDecoderWithSchema({ schema, send: 'chat.v1.Envelope', receive: 'chat.v1.Ping' });
    const context = { url: 'wss://x/', protocol: '', requestedProtocols: [] };
    const seq = encodeAs(root, 'chat.v1.Ping', { seq: 9 });
    expect(decoder.decode(binary('send', notice), null, context).summary).toBe('Envelope notice');
    expect(decoder.decode(binary('receive', seq), null, context).summary).toBe('Ping');
    expect(protobufDecoderWithSchema({ schema, send: 'chat.v1.Envelope' }).decode(binary('receive', seq), null, context).summary).toBe('message #1');
  });

  test('proto2: groups by type, required fields, packed int64, the first name of an aliased enum value', () => {
    const search = encodeAs(root, 'legacy.Search', { query: 'q', result: [{ url: 'u', rank: 1 }, { url: 'v' }], kind: 1, ids: ['-1', '2'] });
    const message = item(search, 'legacy.Search');
    expect(message.error).toBeUndefined();
    expect(valueAt(message, 'result', '0', 'url')).toBe('u');
    expect(valueAt(message, 'result', '0', 'rank')).toBe('1');
    expect(valueAt(message, 'result', '1', 'url')).toBe('v');
    expect(valueAt(message, 'kind')).toBe('KIND_A (1)');
    expect(nodeAt(message.tree, 'ids')!.children!.map((node) => node.value)).toEqual(['-1', '2']);
  });

  test('what the schema does not expect is shown and said: unknown fields, wire types, enum values, bad UTF-8, packed lengths, missing types', () => {
    const unknown = item(Uint8Array.from([...encodeAs(root, 'chat.v1.Ping', { seq: 1 }), 0x98, 0x06, 0x2a]), 'chat.v1.Ping');
    expect(unknown.error).toBeUndefined();
    expect(valueAt(unknown, '99 unknown (varint)')).toBe('42 (sint 21)');
    const wrongWire = item(Uint8Array.from([0x0a, 0x01, 0x41]), 'chat.v1.Ping');
    expect(wrongWire.error).toBe('seq: uint32 expects a varint value but came as length-delimited');
    expect(valueAt(wrongWire, 'seq (string)')).toBe('A');
    expect(valueAt(item(Uint8Array.from([0x18, 0x07]), 'chat.v1.User'), 'presence')).toBe('7 (not a value of chat.v1.Presence)');
    expect(item(Uint8Array.from([0x12, 0x02, 0xc3, 0x28]), 'chat.v1.User').error).toBe('name: string is not well-formed UTF-8');
    expect(item(Uint8Array.from([0x9a, 0x01, 0x03, 1, 2, 3]), 'chat.v1.ChatMessage').error).toBe(
      'samples: packed double values take 3 bytes, not a multiple of 8',
    );
    expect(item(Uint8Array.from([0x22, 0x02, 0xff, 0xff]), 'chat.v1.ChatMessage').error).toBe(
      'reactions: packed int32 values: packed varint is cut short at byte 0',
    );
    expect(item(Uint8Array.from([0x12, 0x03, 0x08, 0x01, 0x99]), 'chat.v1.ChatMessage').error).toBe('author: at byte 2 of chat.v1.User: tag is cut short');
    const missing = item(Uint8Array.from([0x08, 0x01]), 'chat.v1.Nothing');
    expect(missing.error).toBe('message type chat.v1.Nothing is not in the schema: shown without it');
    expect(missing.type).toBe('message');
    const brokenSchema: ProtoSchema = {
      messages: [{ name: 'A', fields: [{ number: 1, name: 'b', type: 'message', typeName: 'B', label: 'optional' }] }],
      enums: [],
    };
    expect(item(Uint8Array.from([0x0a, 0x02, 0x08, 0x01]), 'A', brokenSchema).error).toBe('b: message type B is not in the schema');
  });
});

describe('malformed and truncated input', () => {
  test.each([
    ['a varint cut short', [0x08, 0x96], "at byte 1: field 1's varint is cut short"],
    ['a length past the end', [0x12, 0x05, 0x61], "at byte 0: field 2's length 5 runs past the end (1 byte left)"],
    ['a 64-bit value cut short', [0x09, 1, 2, 3], "at byte 1: field 1's 64-bit value needs 8 bytes, 3 left"],
    ['wire type 7', [0x0f], 'at byte 0: field 1 has wire type 7, which does not exist'],
    ['field number 0', [0x00, 0x01], 'at byte 0: field number 0 is not allowed'],
    ['an end-group without start', [0x0c], 'at byte 0: end-group tag for field 1 without a start-group'],
    ['a group without end', [0x0b, 0x10, 0x01], 'at byte 3: group 1 has no end-group tag'],
    ['a varint longer than 10 bytes', [0x08, ...new Array(10).fill(0xff), 0x01], "at byte 1: field 1's varint is longer than 10 bytes"],
    ['a tag beyond 32 bits', [0x80, 0x80, 0x80, 0x80, 0x20], 'at byte 0: tag 8589934592 is beyond 32 bits'],
    ['groups nested past the limit', [...new Array(101).fill(0x0b)], 'at byte 100: groups nested deeper than 100'],
  ])('%s', (_name, bytes, expected) => {
    const message = item(Uint8Array.from(bytes));
    expect(message.error).toBe(expected);
    expect(nodeAt(message.tree, 'unparsed bytes')).toBeDefined();
  });

  test('fields before the break are kept', () => {
    const message = item(Uint8Array.from([0x08, 0x96, 0x01, 0x0f]));
    expect(message.tree.map((node) => [node.label, node.value])).toEqual([
      ['1 (varint)', '150 (sint 75)'],
      ['unparsed bytes', '0f'],
    ]);
  });

  test('every truncation of a real message decodes without throwing, with and without the schema', () => {
    for (let length = 0; length < envelope.length; length++) {
      const cut = envelope.subarray(0, length);
      for (const decoded of [decodeProtobuf(cut), decodeProtobuf(cut, schema, 'chat.v1.Envelope')]) {
        expect(decoded.items).toHaveLength(1);
        expect(decoded.protocol).toBe('protobuf');
      }
    }
  });

  test('text messages are refused with a reason', () => {
    const decoded = protobufDecoder.decode({ direction: 'receive', kind: 'text', text: 'hello' }, null, { url: '', protocol: '', requestedProtocols: [] });
    expect(decoded.error).toBe('Protocol Buffers messages are binary; this one is text');
  });
});

describe('detection', () => {
  const context = { url: 'wss://api.example/stream', protocol: '', requestedProtocols: [] };
  test('a sub-protocol naming proto is evidence; bytes that happen to parse are not enough to claim a socket', () => {
    expect(protobufDecoder.detect({ ...context, protocol: 'v1.protobuf' }, [])).toBeGreaterThan(0.5);
    const sniffed = protobufDecoder.detect(context, [binary('receive', envelope)]);
    expect(sniffed).toBeGreaterThan(0);
    expect(sniffed).toBeLessThan(0.5);
    expect(detectProtocol(context, [binary('receive', envelope)])).toBeUndefined();
    expect(protobufDecoder.detect(context, [{ direction: 'send', kind: 'text', text: '{"a":1}' } as MessageInput])).toBe(0);
    expect(protobufDecoder.detect(context, [binary('send', Uint8Array.from([0x0f]))])).toBe(0);
  });
});

describe('fuzz', () => {
  const typeNames = ['chat.v1.Envelope', 'chat.v1.ChatMessage', 'legacy.Search', undefined];
  const ok = (bytes: Uint8Array, typeName: string | undefined) => {
    const decoded = decodeProtobuf(bytes, typeName ? schema : undefined, typeName);
    return decoded.protocol === 'protobuf' && typeof decoded.summary === 'string' && decoded.items.length === 1 && Array.isArray(decoded.items[0]!.tree);
  };

  test('decode never throws and always returns a DecodedMessage, on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...typeNames), ok), { numRuns: 1000 });
  });

  test('decode never throws on mutated real messages', () => {
    const search = encodeAs(root, 'legacy.Search', { query: 'q', result: [{ url: 'u', rank: 1 }], kind: 2, ids: ['-1'] });
    fc.assert(
      fc.property(
        fc.constantFrom(envelope, search),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...typeNames),
        (original, flips, typeName) => {
          const mutated = original.slice();
          for (const [at, value] of flips) mutated[at % mutated.length] = value;
          return ok(mutated, typeName);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
