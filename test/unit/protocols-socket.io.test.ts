import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { engineIoDecoder } from '../../src/protocols/engine-io-decoder';
import { decodeBase64 } from '../../src/protocols/engine-io';
import { detectProtocol } from '../../src/protocols/registry';
import { socketIoDecoder } from '../../src/protocols/socket.io';
import type { ConnectionContext, DecodedMessage, MessageInput } from '../../src/protocols/types';

const V4: ConnectionContext = { url: 'wss://chat.example/socket.io/?EIO=4&transport=websocket', protocol: '', requestedProtocols: [] };
const V3: ConnectionContext = { ...V4, url: 'wss://chat.example/socket.io/?EIO=3&transport=websocket' };
const send = (text: string): MessageInput => ({ direction: 'send', kind: 'text', text });
const receive = (text: string): MessageInput => ({ direction: 'receive', kind: 'text', text });
const binary = (direction: 'send' | 'receive', ...bytes: number[]): MessageInput => ({ direction, kind: 'binary', bytes: new Uint8Array(bytes) });

function decodeAll(context: ConnectionContext, messages: MessageInput[], decoder = socketIoDecoder as typeof socketIoDecoder): DecodedMessage[] {
  const state = decoder.createState(context);
  return messages.map((message) => decoder.decode(message, state, context));
}
const one = (text: string, context = V4, direction: 'send' | 'receive' = 'receive') => decodeAll(context, [{ direction, kind: 'text', text }])[0]!;

describe('Engine.IO packets', () => {
  test('open shows the handshake exactly and its sid', () => {
    const open = one('0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1000000}');
    expect(open.summary).toBe('open');
    expect(open.items[0]!.fields).toEqual({ type: 'open', sid: 'lv_VI97HAXpY6yYWAAAC' });
    expect(open.items[0]!.tree.map((node) => [node.label, node.value])).toEqual([
      ['sid', 'lv_VI97HAXpY6yYWAAAC'],
      ['upgrades', undefined],
      ['pingInterval', '25000'],
      ['pingTimeout', '5000'],
      ['maxPayload', '1000000'],
    ]);
  });
  test.each([
    ['1', 'close'],
    ['2', 'ping'],
    ['3', 'pong'],
    ['2probe', 'ping probe'],
    ['3probe', 'pong probe'],
    ['5', 'upgrade'],
    ['6', 'noop'],
  ])('%s is %s', (text, summary) => expect(one(text).summary).toBe(summary));
  test.each([
    ['', 'empty message: an Engine.IO packet starts with its type digit (0-6)'],
    ['7', "unknown Engine.IO packet type '7' (expected a digit 0-6)"],
    ['{"a":1}', "unknown Engine.IO packet type '{' (expected a digit 0-6)"],
    ['0{"sid":', "open packet's handshake is not JSON: unexpected end of JSON at offset 7"],
    ['0[1]', "open packet's handshake is not a JSON object"],
    ['0{"pingInterval":1}', "open packet's handshake has no sid"],
  ])('malformed %j: %s', (text, error) => {
    const decoded = one(text);
    expect(decoded.error ?? decoded.items[0]!.error).toBe(error);
  });
  test("Firefox's mistake is not ours: '42[…]' is EVENT, not the number 42 followed by junk", () => {
    expect(one('42["chat message","hi"]').summary).toBe('EVENT chat message');
  });
  test("base64 'b' packets: v4 'b' + base64, v3 'b4' + base64", () => {
    const v4 = decodeAll(V4, [send('451-["up",{"_placeholder":true,"num":0}]'), send('bAQID')]);
    expect(v4[1]!.items[0]!.tree[0]).toEqual({ label: 'attachment 0 (3 bytes)', type: 'bytes', value: '01 02 03' });
    const v3 = decodeAll(V3, [send('451-["up",{"_placeholder":true,"num":0}]'), send('b4AQID')]);
    expect(v3[1]!.items[0]!.tree[0]).toEqual({ label: 'attachment 0 (3 bytes)', type: 'bytes', value: '01 02 03' });
    expect(decodeAll(V3, [send('b2AQID')])[0]!.error).toBe("Engine.IO v3 base64 packet of type '2': only message packets ('b4…') carry binary");
    expect(decodeAll(V4, [send('b!!!')])[0]!.error).toBe("a 'b' packet's data is not valid base64");
    expect([...decodeBase64('aGVsbG8=')!]).toEqual([...Buffer.from('hello')]);
    expect([...decodeBase64('aGVsbA')!]).toEqual([...Buffer.from('hell')]);
  });
  test('plain Engine.IO (no Socket.IO) shows messages as text or JSON', () => {
    const decoded = decodeAll(
      { ...V4, url: '/engine.io/?EIO=4' },
      [receive('0{"sid":"a","pingInterval":1}'), receive('4hello'), send('4{"n":1}'), binary('send', 7)],
      engineIoDecoder as never,
    );
    expect(decoded.map((message) => message.summary)).toEqual(['open', 'message hello', 'message {"n":1}', 'message 1 bytes']);
    expect(decoded[2]!.items[0]!.tree).toEqual([{ label: 'data', type: 'object', children: [{ label: 'n', type: 'number', value: '1' }] }]);
  });
});

describe('Socket.IO v5 packets (Socket.IO 3/4, EIO=4)', () => {
  test('CONNECT with auth, the answer with its sid, DISCONNECT', () => {
    const [connect, answer, disconnect] = decodeAll(V4, [
      send('40/admin,{"token":"123"}'),
      receive('40/admin,{"sid":"oSO0OpakMV_3jnilAAAA"}'),
      send('41/admin,'),
    ]);
    expect(connect!.summary).toBe('CONNECT /admin');
    expect(connect!.items[0]!.tree).toEqual([
      { label: 'namespace', type: 'string', value: '/admin' },
      { label: 'data', type: 'object', children: [{ label: 'token', type: 'string', value: '123' }] },
    ]);
    expect(answer!.items[0]!.fields).toEqual({ type: 'CONNECT', namespace: '/admin', sid: 'oSO0OpakMV_3jnilAAAA' });
    expect(disconnect!.summary).toBe('DISCONNECT /admin');
    expect(one('40').summary).toBe('CONNECT /');
  });
  test('EVENT keeps numbers as sent, with ack id and namespace; ACK pairs with it', () => {
    const [event, ack] = decodeAll(V4, [send('42/chat,12["price",9007199254740993,1.0]'), receive('43/chat,12[]')]);
    expect(event!.summary).toBe('EVENT price');
    expect(event!.items[0]!.fields).toEqual({ type: 'EVENT', namespace: '/chat', event: 'price', id: '12' });
    expect(event!.items[0]!.tree).toEqual([
      { label: 'namespace', type: 'string', value: '/chat' },
      { label: 'id', type: 'number', value: '12' },
      { label: 'event', type: 'string', value: 'price' },
      {
        label: 'args',
        type: 'array',
        children: [
          { label: '0', type: 'number', value: '9007199254740993' },
          { label: '1', type: 'number', value: '1.0' },
        ],
      },
    ]);
    expect(event!.items[0]!.correlation).toEqual({ role: 'request', scope: 'ack:/chat:client', id: '12' });
    expect(ack!.summary).toBe('ACK 12');
    expect(ack!.items[0]!.correlation).toEqual({ role: 'response', scope: 'ack:/chat:client', id: '12' });
  });
  test('the server asking: its EVENT and the client ACK share a scope apart from the client asking', () => {
    const [event, ack] = decodeAll(V4, [receive('4213["question"]'), send('4313["yes"]')]);
    expect(event!.items[0]!.correlation).toEqual({ role: 'request', scope: 'ack:/:server', id: '13' });
    expect(ack!.items[0]!.correlation).toEqual({ role: 'response', scope: 'ack:/:server', id: '13' });
  });
  test('CONNECT_ERROR', () => {
    const decoded = one('44{"message":"Not authorized","data":{"code":4}}');
    expect(decoded.summary).toBe('CONNECT_ERROR / Not authorized');
    expect(decoded.items[0]!.fields).toEqual({ type: 'CONNECT_ERROR', namespace: '/', message: 'Not authorized' });
  });
  test('BINARY_EVENT: attachments are continuations, the last one shows the event whole', () => {
    const decoded = decodeAll(V4, [
      send('452-/admin,456["project:delete",{"_placeholder":true,"num":0},{"nested":[{"_placeholder":true,"num":1}]}]'),
      receive('2'),
      send('3'),
      binary('send', 1, 2),
      binary('send', 3, 4),
      send('42["after"]'),
    ]);
    expect(decoded.map((message) => [message.summary, message.continuation ?? false])).toEqual([
      ['BINARY_EVENT project:delete', false],
      ['ping', false],
      ['pong', false],
      ['attachment 1/2 EVENT project:delete', true],
      ['attachment 2/2 EVENT project:delete', true],
      ['EVENT after', false],
    ]);
    expect(decoded[0]!.items[0]!.correlation).toEqual({ role: 'request', scope: 'ack:/admin:client', id: '456' });
    expect(decoded[3]!.items[0]!.tree).toEqual([{ label: 'attachment 0 (2 bytes)', type: 'bytes', value: '01 02' }]);
    expect(decoded[4]!.items[0]!.tree[1]).toEqual({
      label: 'BINARY_EVENT with its attachments',
      type: 'object',
      children: [
        { label: 'namespace', type: 'string', value: '/admin' },
        { label: 'id', type: 'number', value: '456' },
        { label: 'attachments', type: 'number', value: '2' },
        { label: 'event', type: 'string', value: 'project:delete' },
        {
          label: 'args',
          type: 'array',
          children: [
            { label: '0 (2 bytes)', type: 'bytes', value: '01 02' },
            { label: '1', type: 'object', children: [{ label: 'nested', type: 'array', children: [{ label: '0 (2 bytes)', type: 'bytes', value: '03 04' }] }] },
          ],
        },
      ],
    });
    expect(decoded.every((message) => !message.error)).toBe(true);
  });
  test("each side's attachments follow its own packet, even interleaved with the other side's", () => {
    const decoded = decodeAll(V4, [
      send('451-["up",{"_placeholder":true,"num":0}]'),
      receive('451-["down",{"_placeholder":true,"num":0}]'),
      binary('receive', 9),
      binary('send', 8),
    ]);
    expect(decoded.map((message) => message.summary)).toEqual(['BINARY_EVENT up', 'BINARY_EVENT down', 'attachment 1/1 EVENT down', 'attachment 1/1 EVENT up']);
  });
  test.each([
    ['4', 'empty Socket.IO packet: the Engine.IO message has no packet type after its "4"'],
    ['49', "unknown Socket.IO packet type '9' (expected a digit 0-6)"],
    ['45["x"]', "BINARY_EVENT without its attachment count: expected digits and '-' after the type (as in '51-')"],
    ['4599999-["x"]', 'BINARY_EVENT announces 99999 attachments (more than 10000)'],
    ['42["chat",', 'EVENT payload is not JSON: unexpected end of JSON at offset 8 (of the payload)'],
    ['42{"a":1}', 'EVENT payload must be a non-empty JSON array [eventName, ...args], got an object'],
    ['42[]', 'EVENT payload must be a non-empty JSON array [eventName, ...args], got an array'],
    ['42[{}]', 'EVENT name (first item) must be a string, got an object'],
    ['42["disconnect"]', "'disconnect' is a reserved event name: Socket.IO receivers refuse it"],
    ['43[]', 'ACK without an ack id'],
    ['431{}', "ACK payload must be a JSON array of the callback's arguments, got an object"],
    ['40"x"', 'CONNECT payload must be a JSON object (auth data or the sid), got a string'],
    ['41{}', 'DISCONNECT carries no payload'],
    ['44', 'CONNECT_ERROR without a payload: expected {"message": …}'],
  ])('malformed %j: %s', (text, error) => {
    const decoded = one(text);
    expect(decoded.error ?? decoded.items[0]!.error).toBe(error);
    expect(decoded.summary).not.toBe('');
  });
  test('binary without a packet waiting, a packet cut short, and a placeholder beyond the attachments', () => {
    expect(decodeAll(V4, [binary('receive', 1)])[0]!.error).toBe('binary message with no BINARY_EVENT or BINARY_ACK waiting for attachments');
    const cut = decodeAll(V4, [send('452-["up",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]'), binary('send', 1), send('42["next"]')]);
    expect(cut[2]!.summary).toBe('EVENT next');
    expect(cut[2]!.error).toBe('EVENT up got 1 of its 2 attachments before this packet: it stays incomplete');
    const refused = decodeAll(V4, [send('451-["connect",{"_placeholder":true,"num":0}]'), binary('send', 1)]);
    expect(refused.map((message) => message.summary)).toEqual(['BINARY_EVENT connect', 'attachment 1/1 EVENT connect']);
    const beyond = decodeAll(V4, [send('451-["up",{"_placeholder":true,"num":3}]'), binary('send', 1)]);
    expect(beyond[1]!.items[0]!.error).toBe('placeholder for attachment 3, but the packet has 1');
  });
});

describe('Socket.IO v4 packets (Socket.IO 2, EIO=3), from socket.io-protocol v4', () => {
  test("the spec's examples", () => {
    const decoded = decodeAll(V3, [
      receive('0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}'),
      receive('40'),
      send('40/admin?token=1234&uid=abcd,'),
      receive('40/admin,'),
      receive('42["hey","Jude"]'),
      send('42/admin,456["project:delete",123]'),
      receive('43/admin,456[]'),
      receive('44/admin,"Not authorized"'),
      send('461-/admin,456[{"_placeholder":true,"num":0}]'),
      binary('send', 4, 3, 2, 1),
      send('2'),
      receive('3'),
      send('41/admin,'),
    ]);
    expect(decoded.map((message) => message.summary)).toEqual([
      'open',
      'CONNECT /',
      'CONNECT /admin',
      'CONNECT /admin',
      'EVENT hey',
      'EVENT project:delete',
      'ACK 456',
      'ERROR /admin Not authorized',
      'BINARY_ACK 456',
      'attachment 1/1 ACK 456',
      'ping',
      'pong',
      'DISCONNECT /admin',
    ]);
    expect(decoded[2]!.items[0]!.fields).toEqual({ type: 'CONNECT', namespace: '/admin' });
    expect(decoded[2]!.items[0]!.tree[1]).toEqual({ label: 'query', type: 'string', value: 'token=1234&uid=abcd' });
    // v3's binary message starts with the message type byte 4, which is not part of the attachment.
    expect(decoded[9]!.items[0]!.tree[0]).toEqual({ label: 'attachment 0 (3 bytes)', type: 'bytes', value: '03 02 01' });
    expect(decoded.flatMap((message) => [message.error, ...message.items.map((item) => item.error)]).filter(Boolean)).toEqual([]);
  });
  test('without EIO in the URL, v3 is recognised from the traffic (server CONNECT unasked, client pings)', () => {
    const context = { ...V3, url: 'wss://chat.example/realtime' };
    const implicit = decodeAll(context, [
      receive('0{"sid":"a","pingInterval":1}'),
      receive('40'),
      send('451-["up",{"_placeholder":true,"num":0}]'),
      binary('send', 4, 9),
    ]);
    expect(implicit[3]!.items[0]!.tree[0]!.value).toBe('09');
    const pinged = decodeAll(context, [
      receive('0{"sid":"a","pingInterval":1}'),
      send('2'),
      send('451-["up",{"_placeholder":true,"num":0}]'),
      binary('send', 4, 9),
    ]);
    expect(pinged[3]!.items[0]!.tree[0]!.value).toBe('09');
    const v4 = decodeAll(context, [
      receive('0{"sid":"a","pingInterval":1,"maxPayload":1}'),
      send('40'),
      send('451-["up",{"_placeholder":true,"num":0}]'),
      binary('send', 4, 9),
    ]);
    expect(v4[3]!.items[0]!.tree[0]!.value).toBe('04 09');
  });
  test('v3 binary packets must be message packets', () => {
    expect(decodeAll(V3, [binary('send', 2, 1)])[0]!.error).toBe('Engine.IO v3 binary packet of type 2: only message packets (type byte 4) carry binary');
  });
});

describe('detection', () => {
  const detect = (url: string, messages: MessageInput[] = [], protocol = '') => detectProtocol({ url, protocol, requestedProtocols: [] }, messages)?.id;
  test('the URL: Socket.IO path and EIO', () => {
    expect(detect('wss://x/socket.io/?EIO=4&transport=websocket')).toBe('socket.io');
    expect(detect('wss://x/socket.io/?EIO=3&transport=websocket')).toBe('socket.io');
    expect(socketIoDecoder.detect(V4, [])).toBeGreaterThan(
      socketIoDecoder.detect({ ...V4, url: '/ws' }, [receive('0{"sid":"a","pingInterval":1}'), receive('40')]),
    );
  });
  test('sniffing the open handshake and Socket.IO packets', () => {
    expect(detect('wss://x/realtime', [receive('0{"sid":"a","upgrades":[],"pingInterval":25000}'), send('40'), receive('40{"sid":"b"}')])).toBe('socket.io');
    expect(detect('wss://x/realtime', [send('42["chat","hi"]'), receive('42["chat","hi"]')])).toBe('socket.io');
    expect(detect('wss://x/engine.io/?EIO=4', [receive('0{"sid":"a","pingInterval":1}'), receive('4hello'), send('4plain')])).toBe('engine.io');
  });
  test('plain JSON and numbers are not claimed', () => {
    // JSON goes to the plain JSON fallback, not to Socket.IO.
    expect(detect('wss://x/ws', [send('{"type":"hello"}'), receive('[1,2]')])).toBe('json');
    expect(detect('wss://x/ws', [receive('40'), receive('41'), receive('42')])).toBeUndefined();
    expect(detect('wss://x/ws', [receive('40')])).toBeUndefined();
    expect(detect('wss://x/ws', [receive('2'), receive('3')])).toBeUndefined();
  });
});

describe('never throws', () => {
  const real = [
    '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000}',
    '40/admin,{"token":"123"}',
    '42/chat,12["price",9007199254740993,1.0]',
    '452-/admin,456["project:delete",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]',
    '43/admin,456[]',
    '44{"message":"Not authorized"}',
    '2probe',
  ];
  const message = fc.oneof(
    fc.record({ direction: fc.constantFrom('send' as const, 'receive' as const), kind: fc.constant('text' as const), text: fc.string({ maxLength: 60 }) }),
    fc.record({ direction: fc.constantFrom('send' as const, 'receive' as const), kind: fc.constant('text' as const), text: mutated(real) }),
    fc.record({
      direction: fc.constantFrom('send' as const, 'receive' as const),
      kind: fc.constant('binary' as const),
      bytes: fc.uint8Array({ maxLength: 20 }),
    }),
  );
  test.each([
    ['socket.io', socketIoDecoder],
    ['engine.io', engineIoDecoder],
  ])('%s: decode and detect on random and mutated real messages', (_name, decoder) => {
    fc.assert(
      fc.property(fc.constantFrom(V4, V3, { ...V4, url: '' }), fc.array(message, { maxLength: 12 }), (context, messages) => {
        const state = decoder.createState(context);
        for (const input of messages) {
          const decoded = (decoder as typeof socketIoDecoder).decode(input, state as never, context);
          expect(typeof decoded.summary).toBe('string');
          expect(Array.isArray(decoded.items)).toBe(true);
          expect(decoded.items.length > 0 || decoded.error !== undefined).toBe(true);
        }
        expect(decoder.detect(context, messages)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});

/** A real message with a slice cut out, a character changed or a random tail: nearly valid input. */
function mutated(samples: string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(), fc.string({ maxLength: 4 })).map(([text, a, b, insert]) => {
    const from = a % (text.length + 1);
    const to = from + (b % 6);
    return text.slice(0, from) + insert + text.slice(to);
  });
}
