import { encode as encodeMsgpack } from '@msgpack/msgpack';
import autobahn from 'autobahn-browser';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { detectProtocol } from '../../src/protocols/registry';
import type { ConnectionContext, DecodedMessage, MessageInput } from '../../src/protocols/types';
import { wampDecoder } from '../../src/protocols/wamp';
import { hex } from './packed-helpers';

const contextOf = (protocol: string): ConnectionContext => ({ url: 'wss://router.example/ws', protocol, requestedProtocols: protocol ? [protocol] : [] });
const text = (value: string, direction: 'send' | 'receive' = 'receive'): MessageInput => ({ direction, kind: 'text', text: value });
const binary = (bytes: string | Uint8Array, direction: 'send' | 'receive' = 'receive'): MessageInput => ({
  direction,
  kind: 'binary',
  bytes: typeof bytes === 'string' ? hex(bytes) : bytes,
});

function decode(message: MessageInput, protocol = 'wamp.2.json'): DecodedMessage {
  const context = contextOf(protocol);
  return wampDecoder.decode(message, wampDecoder.createState(context), context);
}

const serialize = {
  json: (value: unknown) => text(JSON.stringify(value)),
  msgpack: (value: unknown) => binary(encodeMsgpack(value)),
  cbor: (value: unknown) => binary(autobahn.cbor.encode(value)),
};

// The spec's examples, one of every message type, with the summary each should have.
const EXAMPLES: [unknown[], string][] = [
  [[1, 'somerealm', { roles: { publisher: {}, subscriber: {} } }], 'HELLO somerealm'],
  [[2, 9129137332, { roles: { broker: {} } }], 'WELCOME 9129137332'],
  [[3, { message: 'The realm does not exist.' }, 'wamp.error.no_such_realm'], 'ABORT wamp.error.no_such_realm'],
  [[4, 'wampcra', { challenge: '{"nonce": "LHRTC9zeOIrt_9U3"}' }], 'CHALLENGE wampcra'],
  [[5, 'gir1mSx+deCDUV7wRM5SGIn/+R/ClqLZuH4m7FJeBVI=', {}], 'AUTHENTICATE'],
  [[6, { message: 'The host is shutting down now.' }, 'wamp.close.system_shutdown'], 'GOODBYE wamp.close.system_shutdown'],
  [
    [8, 48, 7814135, {}, 'com.myapp.error.object_write_protected', ['Object is write protected.'], { severity: 3 }],
    'ERROR com.myapp.error.object_write_protected',
  ],
  [[16, 239714735, {}, 'com.myapp.mytopic1', ['Hello, world!']], 'PUBLISH com.myapp.mytopic1'],
  [[17, 239714735, 4429313566], 'PUBLISHED 239714735'],
  [[32, 713845233, {}, 'com.myapp.mytopic1'], 'SUBSCRIBE com.myapp.mytopic1'],
  [[33, 713845233, 5512315355], 'SUBSCRIBED 5512315355'],
  [[34, 85346237, 5512315355], 'UNSUBSCRIBE 5512315355'],
  [[35, 85346237], 'UNSUBSCRIBED 85346237'],
  [[36, 5512315355, 4429313566, {}, ['Hello, world!']], 'EVENT 5512315355'],
  [[48, 7814135, {}, 'com.myapp.ping'], 'CALL com.myapp.ping'],
  [[49, 7814135, { mode: 'kill' }], 'CANCEL 7814135'],
  [[50, 7814135, {}, [30]], 'RESULT 7814135'],
  [[64, 25349185, {}, 'com.myapp.myprocedure1'], 'REGISTER com.myapp.myprocedure1'],
  [[65, 25349185, 2103333224], 'REGISTERED 2103333224'],
  [[66, 788923562, 2103333224], 'UNREGISTER 2103333224'],
  [[67, 788923562], 'UNREGISTERED 788923562'],
  [[68, 6131533, 9823526, {}, ['Hello, world!']], 'INVOCATION 9823526'],
  [[69, 6131533, { mode: 'kill' }], 'INTERRUPT 6131533'],
  [[70, 6131533, {}, ['Hello, world!']], 'YIELD 6131533'],
];

describe.each(['json', 'msgpack', 'cbor'] as const)('every message type, wamp.2.%s', (serializer) => {
  test.each(EXAMPLES)('%j is %s', (message, summary) => {
    const decoded = decode(serialize[serializer](message), `wamp.2.${serializer}`);
    expect(decoded).toMatchObject({ protocol: 'wamp', summary });
    expect(decoded.items[0]!.error).toBeUndefined();
  });
});

describe('fields, trees and pairing', () => {
  test('a CALL: procedure and request id as fields, elements named in the tree, the id exact', () => {
    const decoded = decode(text('[48,9007199254740993,{"timeout":1000},"com.example.add",[2,3],{"round":true}]', 'send'));
    const [call] = decoded.items;
    expect(call).toMatchObject({ type: 'CALL', key: 'com.example.add', fields: { id: '9007199254740993', procedure: 'com.example.add' } });
    expect(call!.correlation).toEqual({ role: 'request', scope: 'wamp:call', id: '9007199254740993' });
    expect(call!.tree.map((node) => node.label)).toEqual(['type', 'request', 'options', 'procedure', 'arguments', 'argumentsKw']);
  });

  test.each([
    [[17, 1, 2], 'wamp:publish', 'response'],
    [[33, 1, 2], 'wamp:subscribe', 'response'],
    [[35, 1], 'wamp:unsubscribe', 'response'],
    [[50, 1, {}], 'wamp:call', 'response'],
    [[65, 1, 2], 'wamp:register', 'response'],
    [[67, 1], 'wamp:unregister', 'response'],
    [[68, 1, 2, {}], 'wamp:invocation', 'request'],
    [[70, 1, {}], 'wamp:invocation', 'response'],
    [[8, 16, 1, {}, 'e'], 'wamp:publish', 'response'],
    [[8, 32, 1, {}, 'e'], 'wamp:subscribe', 'response'],
    [[8, 34, 1, {}, 'e'], 'wamp:unsubscribe', 'response'],
    [[8, 64, 1, {}, 'e'], 'wamp:register', 'response'],
    [[8, 66, 1, {}, 'e'], 'wamp:unregister', 'response'],
    [[8, 68, 1, {}, 'e'], 'wamp:invocation', 'response'],
  ])('%j pairs in %s as a %s', (message, scope, role) => {
    expect(decode(serialize.json(message)).items[0]!.correlation).toEqual({ role, scope, id: '1' });
  });

  test('an ERROR names the request type it answers', () => {
    expect(decode(serialize.json([8, 48, 7, {}, 'wamp.error.canceled'])).items[0]!.fields).toEqual({
      requesttype: 'CALL',
      id: '7',
      error: 'wamp.error.canceled',
    });
  });

  test('CANCEL and INTERRUPT carry the request id but start no pairing of their own', () => {
    expect(decode(serialize.json([49, 7, {}])).items[0]!.correlation).toBeUndefined();
    expect(decode(serialize.json([69, 7, {}])).items[0]!.correlation).toBeUndefined();
  });

  test("a pattern-based registration's INVOCATION is keyed by the procedure its details name", () => {
    expect(decode(serialize.json([68, 1, 2, { procedure: 'com.example.users.update' }, []])).summary).toBe('INVOCATION com.example.users.update');
  });

  test('a whole number a CBOR encoder wrote as a float is read as the id it is', () => {
    // node-cbor writes 2^53 (the largest WAMP id) as a float32: [48, 2^53, {}, "p"].
    expect(decode(binary('84 18 30 fa 5a000000 a0 61 70'), 'wamp.2.cbor').items[0]!.fields.id).toBe('9007199254740992');
  });
});

describe('batched', () => {
  test('JSON messages each followed by 0x18 (and the spec text’s 0x1E)', () => {
    expect(decode(text('[36,1,2,{},["a"]]\x18[36,1,3,{},["b"]]\x18'), 'wamp.2.json.batched').summary).toBe('EVENT 1 +1');
    expect(decode(text('[36,1,2,{}]\x1e'), 'wamp.2.json.batched').summary).toBe('EVENT 1');
  });

  test('MessagePack and CBOR messages each after a 4-byte big-endian length', () => {
    const prefixed = (bytes: Uint8Array) => [
      (bytes.length >>> 24) & 0xff,
      (bytes.length >>> 16) & 0xff,
      (bytes.length >>> 8) & 0xff,
      bytes.length & 0xff,
      ...bytes,
    ];
    const msgpack = Uint8Array.from([...prefixed(encodeMsgpack([33, 1, 2])), ...prefixed(encodeMsgpack([65, 3, 4]))]);
    expect(decode(binary(msgpack), 'wamp.2.msgpack.batched').summary).toBe('SUBSCRIBED 2 +1');
    const cbor = Uint8Array.from(prefixed(autobahn.cbor.encode([50, 7, {}, [1]])));
    expect(decode(binary(cbor), 'wamp.2.cbor.batched').summary).toBe('RESULT 7');
  });
});

describe('without a sub-protocol', () => {
  test('text is JSON; binary is MessagePack or CBOR by its first byte', () => {
    expect(decode(serialize.json([48, 1, {}, 'p']), '').summary).toBe('CALL p');
    expect(decode(serialize.msgpack([48, 1, {}, 'p']), '').summary).toBe('CALL p');
    expect(decode(serialize.cbor([48, 1, {}, 'p']), '').summary).toBe('CALL p');
  });
});

describe('malformed input says what is wrong', () => {
  test.each([
    ['nope', "not JSON: unexpected 'n' at offset 0"],
    ['{"a":1}', 'a WAMP message is an array, not an object'],
    ['[]', 'an empty array: no message type'],
    ['["CALL"]', 'the first element (message type) is not an integer'],
    ['[99,1]', 'unknown WAMP message type 99'],
    ['[48,1,{}]', 'CALL has 2 elements after its type, needs 3 (request, options, procedure)'],
    ['[48,1,{},"p",[],{},7]', 'CALL has 6 elements after its type, at most 5'],
    ['[48,"1",{},"p"]', "CALL's request is a string, not an integer id"],
    ['[48,1.5,{},"p"]', "CALL's request is a number, not an integer id"],
    ['[48,1,[],"p"]', "CALL's options is an array, not a dict"],
    ['[48,1,{},5]', "CALL's procedure is a number, not a URI string"],
    ['[48,1,{},"p",{"a":1}]', "CALL's arguments is an object, not a list"],
    ['[8,"x",1,{},"e"]', "ERROR's requestType is a string, not a message type code"],
    ['[2,1]', 'WELCOME has 1 elements after its type, needs 2 (session, details)'],
  ])('%s: %s', (message, expected) => {
    expect(decode(text(message)).items[0]!.error).toBe(expected);
  });

  test('an unknown type still shows its elements', () => {
    expect(decode(text('[99,1]'))).toMatchObject({ summary: 'type 99', items: [{ tree: [{ label: 'type' }, { label: '1' }] }] });
  });

  test('a message of the wrong kind for the sub-protocol', () => {
    expect(decode(text('[48,1,{},"p"]'), 'wamp.2.msgpack').items[0]!.error).toBe('a text message on a wamp.2.msgpack connection, which sends binary messages');
    expect(decode(serialize.msgpack([48, 1, {}, 'p']), 'wamp.2.json').items[0]!.error).toBe(
      'a binary message on a wamp.2.json connection, which sends text messages',
    );
  });

  test.each([
    ['wamp.2.msgpack', '94 30 01 80 a1 70 c0 c0', '2 bytes after the MessagePack array'],
    ['wamp.2.msgpack', '81 a1 61 01', 'a WAMP message is an array, not a map'],
    ['wamp.2.msgpack', '94 30', 'not MessagePack: array of 4 items cannot fit in the 1 bytes left at offset 0'],
    ['wamp.2.cbor', '84 18 30 01 a0 61', 'not CBOR: text string of length 1 cannot fit in the 0 bytes left at offset 5'],
    ['wamp.2.msgpack.batched', '00 00', 'message 1: length prefix cut short: 2 of 4 bytes'],
    ['wamp.2.msgpack.batched', '00 00 00 64 91 06', 'message 1: length prefix says 100 bytes, 2 left'],
    ['wamp.2.msgpack.batched', '', 'empty batch: no WAMP message'],
  ])('%s %s: %s', (protocol, bytes, expected) => {
    expect(decode(binary(bytes), protocol).items.at(-1)!.error).toBe(expected);
  });

  test('batched JSON without its separators', () => {
    expect(decode(text('[6,{},"x"]'), 'wamp.2.json.batched').items[0]!.error).toBe(
      '10 characters after the last separator (0x18): each batched message ends with one',
    );
    expect(decode(text(''), 'wamp.2.json.batched').items[0]!.error).toBe('empty batch: no WAMP message');
  });
});

describe('detection', () => {
  const hello: unknown[] = [1, 'realm1', { roles: { caller: {} } }];

  test('the sub-protocol decides, above any sniffing of the standalone MessagePack and CBOR decoders', () => {
    expect(wampDecoder.detect(contextOf('wamp.2.json'), [])).toBeGreaterThanOrEqual(0.95);
    expect(detectProtocol(contextOf('wamp.2.msgpack'), [{ ...serialize.msgpack(hello), direction: 'send' }])?.id).toBe('wamp');
    expect(
      detectProtocol(contextOf('wamp.2.cbor'), [{ ...binary(Uint8Array.from([0xd9, 0xd9, 0xf7, ...autobahn.cbor.encode(hello)])), direction: 'send' }])?.id,
    ).toBe('wamp');
    expect(wampDecoder.detect({ url: '', protocol: '', requestedProtocols: ['wamp.2.cbor', 'wamp.2.json'] }, [])).toBeGreaterThan(0.5);
  });

  test("without one, the client's HELLO in any serialization", () => {
    for (const serializer of ['json', 'msgpack', 'cbor'] as const) {
      expect(wampDecoder.detect(contextOf(''), [{ ...serialize[serializer](hello), direction: 'send' }])).toBeGreaterThan(0.5);
    }
  });

  test('plain JSON arrays and objects, JSON-RPC and SignalR are not WAMP', () => {
    const send = (value: string) => [text(value, 'send')];
    expect(wampDecoder.detect(contextOf(''), send('[1,2,3]'))).toBe(0);
    expect(wampDecoder.detect(contextOf(''), send('[1,"x"]'))).toBe(0);
    expect(wampDecoder.detect(contextOf(''), send('{"type":"hello"}'))).toBe(0);
    expect(wampDecoder.detect(contextOf(''), send('{"jsonrpc":"2.0","method":"hello","id":1}'))).toBe(0);
    expect(wampDecoder.detect(contextOf(''), send('{"protocol":"json","version":1}\x1e'))).toBe(0);
    expect(wampDecoder.detect(contextOf('graphql-transport-ws'), send('{"type":"connection_init"}'))).toBe(0);
  });
});

describe('never throws', () => {
  const protocols = ['wamp.2.json', 'wamp.2.msgpack', 'wamp.2.cbor', 'wamp.2.json.batched', 'wamp.2.msgpack.batched', ''];

  test('on random input, under any sub-protocol', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string().map((value) => text(value)),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => binary(bytes)),
        ),
        fc.constantFrom(...protocols),
        (message, protocol) => {
          expect(typeof decode(message, protocol).summary).toBe('string');
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('on mutated real messages', () => {
    const real = EXAMPLES.map(([message]) => message);
    fc.assert(
      fc.property(
        fc.constantFrom(...real),
        fc.constantFrom('msgpack', 'cbor') as fc.Arbitrary<'msgpack' | 'cbor'>,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        (message, serializer, edits) => {
          const input = serialize[serializer](message) as Extract<MessageInput, { kind: 'binary' }>;
          const bytes = input.bytes.slice();
          for (const [at, byte] of edits) bytes[at % bytes.length] = byte;
          expect(typeof decode(binary(bytes), `wamp.2.${serializer}`).summary).toBe('string');
        },
      ),
      { numRuns: 3000 },
    );
  });
});
