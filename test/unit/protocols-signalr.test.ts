import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { signalrJsonDecoder, signalrMessagepackDecoder, type SignalRState } from '../../src/protocols/signalr';
import type { ConnectionContext, DecodedMessage, MessageInput } from '../../src/protocols/types';
import { hex } from './packed-helpers';

const context: ConnectionContext = { url: 'wss://app.example/chathub?id=Xk2ab9', protocol: '', requestedProtocols: [] };
const text = (value: string, direction: 'send' | 'receive' = 'receive'): MessageInput => ({ direction, kind: 'text', text: value });
const binary = (bytes: string | Uint8Array, direction: 'send' | 'receive' = 'receive'): MessageInput => ({
  direction,
  kind: 'binary',
  bytes: typeof bytes === 'string' ? hex(bytes) : bytes,
});
/** A body from the spec's examples with its VarInt length prefix. */
const framed = (body: string) => {
  const bytes = hex(body);
  return `${bytes.length.toString(16).padStart(2, '0')} ${body}`;
};

/** Decodes messages in order on one connection's state; the handshake is assumed done unless given. */
function decodeAll(messages: MessageInput[], state?: Partial<SignalRState>): DecodedMessage[] {
  const connection = { ...signalrJsonDecoder.createState(context), handshakeSent: true, handshakeAnswered: true, ...state };
  return messages.map((message) => signalrJsonDecoder.decode(message, connection, context));
}
const one = (message: MessageInput, state?: Partial<SignalRState>) => decodeAll([message], state)[0]!;
const labels = (decoded: DecodedMessage) => decoded.items[0]!.tree.map((node) => [node.label, node.value ?? node.children?.map((child) => child.value)]);

describe('handshake', () => {
  test('the JSON handshake names the protocol; the answer follows, possibly with hub messages', () => {
    const state = signalrJsonDecoder.createState(context);
    const request = signalrJsonDecoder.decode(text('{"protocol":"json","version":1}\x1e', 'send'), state, context);
    expect(request).toMatchObject({ protocol: 'signalr-json', summary: 'handshake json', items: [{ fields: { protocol: 'json', version: '1' } }] });
    expect(state.protocol).toBe('json');
    const answer = signalrJsonDecoder.decode(text('{}\x1e{"type":6}\x1e'), state, context);
    expect(answer.summary).toBe('handshake accepted +1');
    expect(answer.items.map((item) => item.type)).toEqual(['handshake', 'Ping']);
  });

  test('a MessagePack connection: JSON handshake, then the answer in a binary message before length-prefixed messages', () => {
    const state = signalrJsonDecoder.createState(context);
    expect(signalrJsonDecoder.decode(text('{"protocol":"messagepack","version":1}\x1e', 'send'), state, context)).toMatchObject({
      protocol: 'signalr-msgpack',
      summary: 'handshake messagepack',
    });
    const answer = signalrJsonDecoder.decode(binary('7b 7d 1e 02 91 06'), state, context);
    expect(answer).toMatchObject({ protocol: 'signalr-msgpack', summary: 'handshake accepted +1' });
    expect(answer.items[1]!.type).toBe('Ping');
  });

  test('a refused handshake says why', () => {
    const state = signalrJsonDecoder.createState(context);
    signalrJsonDecoder.decode(text('{"protocol":"xml","version":1}\x1e', 'send'), state, context);
    const refused = signalrJsonDecoder.decode(text(`{"error":"Requested protocol 'xml' is not available."}\x1e`), state, context);
    expect(refused).toMatchObject({ summary: 'handshake refused', items: [{ fields: { error: "Requested protocol 'xml' is not available." } }] });
  });

  test('a handshake without its separator, or without a protocol, is said to be malformed', () => {
    const state = signalrJsonDecoder.createState(context);
    expect(signalrJsonDecoder.decode(text('{"protocol":"json","version":1}', 'send'), state, context).items[0]!.error).toBe(
      'handshake without its record separator (0x1E)',
    );
    const other = signalrJsonDecoder.createState(context);
    expect(signalrJsonDecoder.decode(text('{"version":1}\x1e', 'send'), other, context).items[0]!.error).toBe('handshake request without a "protocol" string');
  });

  test('a capture that starts after the handshake decodes the hub messages', () => {
    const state = signalrJsonDecoder.createState(context);
    expect(signalrJsonDecoder.decode(text('{"type":1,"target":"Send","arguments":[]}\x1e', 'send'), state, context).summary).toBe('Invocation Send');
    expect(signalrJsonDecoder.decode(text('{"type":6}\x1e'), state, context).summary).toBe('Ping');
  });
});

describe('JSON hub protocol (HubProtocol.md examples)', () => {
  test('Invocation, with and without an invocation id, with headers and stream ids', () => {
    const invocation = one(text('{"type":1,"headers":{"Foo":"Bar"},"invocationId":"123","target":"Send","arguments":[42,"Test Message"]}\x1e', 'send'));
    expect(invocation).toMatchObject({
      summary: 'Invocation Send',
      items: [{ type: 'Invocation', key: 'Send', fields: { target: 'Send', id: '123' }, correlation: { role: 'request', scope: 'signalr:client', id: '123' } }],
    });
    expect(labels(invocation)).toEqual([
      ['type', '1'],
      ['headers', ['Bar']],
      ['invocationId', '123'],
      ['target', 'Send'],
      ['arguments', ['42', 'Test Message']],
    ]);
    const nonBlocking = one(text('{"type":1,"target":"Send","arguments":[42,"Test Message"]}\x1e', 'send'));
    expect(nonBlocking.items[0]).toMatchObject({ fields: { target: 'Send' } });
    expect(nonBlocking.items[0]!.correlation).toBeUndefined();
    expect(one(text('{"type":1,"invocationId":"123","target":"Send","arguments":[42],"streamIds":["1"]}\x1e', 'send')).summary).toBe('Invocation Send');
  });

  test('StreamInvocation, StreamItem, Completion (result, error, none), CancelInvocation', () => {
    expect(one(text('{"type":4,"invocationId":"123","target":"Send","arguments":[42,"Test Message"]}\x1e', 'send')).items[0]).toMatchObject({
      type: 'StreamInvocation',
      key: 'Send',
      correlation: { role: 'request', scope: 'signalr:client', id: '123' },
    });
    expect(one(text('{"type":2,"invocationId":"123","item":42}\x1e')).items[0]).toMatchObject({
      type: 'StreamItem',
      key: '123',
      correlation: { role: 'response', scope: 'signalr:client', id: '123' },
    });
    expect(one(text('{"type":3,"invocationId":"123","result":42}\x1e')).summary).toBe('Completion 123');
    expect(one(text('{"type":3,"invocationId":"123","error":"It didn\'t work!"}\x1e')).items[0]!.fields).toEqual({ id: '123', error: "It didn't work!" });
    expect(one(text('{"type":3,"invocationId":"123"}\x1e')).items[0]!.error).toBeUndefined();
    expect(one(text('{"type":5,"invocationId":"123"}\x1e', 'send')).items[0]).toMatchObject({ type: 'CancelInvocation', key: '123' });
  });

  test('Ping, Close (with error, allowReconnect), Ack, Sequence', () => {
    expect(one(text('{"type":6}\x1e')).summary).toBe('Ping');
    const close = one(text('{"type":7,"error":"Connection closed because of an error!","allowReconnect":true}\x1e'));
    expect(close).toMatchObject({ summary: 'Close', items: [{ fields: { error: 'Connection closed because of an error!' } }] });
    expect(labels(close)[2]).toEqual(['allowReconnect', 'true']);
    expect(one(text('{"type":8,"sequenceId":1394}\x1e')).summary).toBe('Ack 1394');
    expect(one(text('{"type":9,"sequenceId":1234}\x1e')).summary).toBe('Sequence 1234');
  });

  test('several records in one message are items of it; numbers keep their digits', () => {
    const decoded = one(
      text('{"type":2,"invocationId":"7","item":9007199254740993}\x1e{"type":2,"invocationId":"7","item":1.50}\x1e{"type":3,"invocationId":"7"}\x1e'),
    );
    expect(decoded.summary).toBe('StreamItem 7 +2');
    expect(decoded.items.map((item) => item.tree[2]?.value)).toEqual(['9007199254740993', '1.50', undefined]);
  });

  test('a server invoking a client method pairs in the server scope', () => {
    const [ask, answer] = decodeAll([
      text('{"type":1,"invocationId":"0","target":"GetAnswer","arguments":["q"]}\x1e'),
      text('{"type":3,"invocationId":"0","result":"a"}\x1e', 'send'),
    ]);
    expect(ask!.items[0]!.correlation).toEqual({ role: 'request', scope: 'signalr:server', id: '0' });
    expect(answer!.items[0]!.correlation).toEqual({ role: 'response', scope: 'signalr:server', id: '0' });
  });

  test('an unknown message type is shown by its number', () => {
    expect(one(text('{"type":42,"x":1}\x1e')).summary).toBe('type 42');
  });

  test.each([
    ['', 'empty message: no record'],
    ['{"type":6}', '10 characters after the last record separator (0x1E): a record must end with one'],
    ['{"type":6\x1e', "not JSON: expected ',' or '}' in an object at offset 9"],
    ['[1,2]\x1e', 'a hub message is a JSON object, not an array'],
    ['{"target":"x"}\x1e', 'no numeric "type" in the record'],
    ['{"type":"1"}\x1e', 'no numeric "type" in the record'],
    ['{"type":1,"arguments":[]}\x1e', 'Invocation without a target string'],
    ['{"type":1,"target":"Send"}\x1e', 'Invocation without an arguments array'],
    ['{"type":1,"target":7,"arguments":[]}\x1e', '"target" is a number, not a string'],
    ['{"type":4,"target":"S","arguments":[]}\x1e', 'StreamInvocation without an invocation id'],
    ['{"type":2,"item":1}\x1e', 'StreamItem without an invocation id'],
    ['{"type":2,"invocationId":"1"}\x1e', 'StreamItem without an item'],
    ['{"type":3}\x1e', 'Completion without an invocation id'],
    ['{"type":3,"invocationId":"1","result":1,"error":"e"}\x1e', 'Completion with both a result and an error'],
    ['{"type":5}\x1e', 'CancelInvocation without an invocation id'],
    ['{"type":8}\x1e', 'Ack without a sequence id'],
  ])('malformed %j: %s', (message, expected) => {
    const decoded = one(text(message));
    expect(decoded.items.at(-1)!.error).toBe(expected);
  });

  test('a malformed record among good ones is said by its position', () => {
    expect(one(text('{"type":6}\x1e{"type":3}\x1e')).items[1]!.error).toBe('record 2: Completion without an invocation id');
  });
});

describe('MessagePack hub protocol (HubProtocol.md examples)', () => {
  const mp = (body: string, direction: 'send' | 'receive' = 'receive') => one(binary(framed(body), direction), { protocol: 'messagepack' });

  test('Invocation with an id, without one (non-blocking), with headers', () => {
    const invocation = mp('96 01 80 a3 78 79 7a a6 6d 65 74 68 6f 64 91 2a 90', 'send');
    expect(invocation).toMatchObject({
      protocol: 'signalr-msgpack',
      summary: 'Invocation method',
      items: [{ fields: { target: 'method', id: 'xyz' }, correlation: { role: 'request', scope: 'signalr:client', id: 'xyz' } }],
    });
    expect(labels(invocation)).toEqual([
      ['type', '1'],
      ['headers', []],
      ['invocationId', 'xyz'],
      ['target', 'method'],
      ['arguments', ['42']],
      ['streamIds', []],
    ]);
    const nonBlocking = mp('96 01 80 c0 a6 6d 65 74 68 6f 64 91 2a 90', 'send');
    expect(nonBlocking.items[0]!.fields).toEqual({ target: 'method' });
    const headers = mp('96 01 82 a1 78 a1 79 a1 7a a1 7a a3 78 79 7a a6 6d 65 74 68 6f 64 91 2a 90', 'send');
    expect(headers.items[0]!.tree[1]!.children).toEqual([
      { label: 'x', type: 'string', value: 'y' },
      { label: 'z', type: 'string', value: 'z' },
    ]);
  });

  test('StreamInvocation, StreamItem, CancelInvocation, Ping', () => {
    expect(mp('96 04 80 a3 78 79 7a a6 6d 65 74 68 6f 64 91 2a 90', 'send').summary).toBe('StreamInvocation method');
    expect(mp('94 02 80 a3 78 79 7a 2a').items[0]).toMatchObject({ type: 'StreamItem', key: 'xyz', correlation: { role: 'response', id: 'xyz' } });
    expect(mp('93 05 80 a3 78 79 7a', 'send').summary).toBe('CancelInvocation xyz');
    expect(mp('91 06').summary).toBe('Ping');
  });

  test('Completion of each result kind: error, void, non-void', () => {
    const error = mp('95 03 80 a3 78 79 7a 01 a5 45 72 72 6f 72');
    expect(error.items[0]!.fields).toEqual({ id: 'xyz', error: 'Error' });
    expect(labels(error).slice(3)).toEqual([
      ['resultKind', '1'],
      ['error', 'Error'],
    ]);
    expect(mp('94 03 80 a3 78 79 7a 02').items[0]).toMatchObject({ key: 'xyz', fields: { id: 'xyz' } });
    expect(labels(mp('95 03 80 a3 78 79 7a 03 2a')).slice(3)).toEqual([
      ['resultKind', '3'],
      ['result', '42'],
    ]);
  });

  test('Close, with allowReconnect; Ack; Sequence', () => {
    expect(mp('92 07 a3 78 79 7a')).toMatchObject({ summary: 'Close', items: [{ fields: { error: 'xyz' } }] });
    expect(labels(mp('93 07 a3 78 79 7a c3'))[2]).toEqual(['allowReconnect', 'true']);
    expect(mp('92 07 c0').items[0]!.fields).toEqual({});
    expect(mp('92 08 cc 24').summary).toBe('Ack 36');
    expect(mp('92 09 cc 13').summary).toBe('Sequence 19');
  });

  test('several length-prefixed messages in one binary message; a 2-byte VarInt length', () => {
    const decoded = one(binary(`${framed('91 06')} ${framed('94 02 80 a1 31 2a')} ${framed('94 03 80 a1 31 02')}`), { protocol: 'messagepack' });
    expect(decoded.summary).toBe('Ping +2');
    // [2, {}, "1", 192 bytes as bin 16]: 8 bytes before the data, 200 in all, so the VarInt is 0xc8 0x01.
    const long = new Uint8Array(2 + 200);
    long.set([0xc8, 0x01, 0x94, 0x02, 0x80, 0xa1, 0x31, 0xc5, 0x00, 192]);
    const big = one(binary(long), { protocol: 'messagepack' });
    expect(big.summary).toBe('StreamItem 1');
    expect(big.items[0]!.error).toBeUndefined();
  });

  test.each([
    ['', 'empty message: no length-prefixed hub message'],
    ['05 91 06', 'message 1: length prefix says 5 bytes, 2 left'],
    ['80 80 80 80 80 80', 'message 1: length prefix longer than 5 bytes at offset 0'],
    ['80', 'message 1: length prefix cut short at offset 1'],
    ['01 c1', 'message 1: not MessagePack: reserved byte 0xc1 at offset 0'],
    ['01 06', 'message 1: a hub message is a non-empty MessagePack array, not an integer'],
    ['01 90', 'message 1: a hub message is a non-empty MessagePack array, not an empty one'],
    ['02 91 a1', 'message 1: not MessagePack: str of 1 bytes needs 1 bytes, 0 left at offset 2'],
    ['03 91 a1 31', 'message 1: the first element (message type) is not an integer'],
    ['04 93 01 80 c0', 'message 1: Invocation has 3 elements, needs at least 5'],
    ['07 95 01 80 c0 c0 91 01', 'message 1: Invocation without a target string'],
    ['08 95 01 91 c0 c0 a1 78 90', 'message 1: headers are an array, not a map'],
    ['07 95 01 80 01 a1 78 90', 'message 1: invocationId is an integer, not a string'],
    ['06 94 03 80 a1 31 05', 'message 1: Completion result kind 5 is not 1, 2 or 3'],
    ['06 94 03 80 a1 31 03', 'message 1: Completion of result kind 3 without its result'],
    ['03 92 08 c0', 'message 1: Ack without a sequence id'],
    ['03 91 06 06', 'message 1: 1 bytes after the MessagePack array, inside its length'],
  ])('malformed %s: %s', (bytes, expected) => {
    expect(one(binary(bytes), { protocol: 'messagepack' }).items.at(-1)!.error).toBe(expected);
  });
});

describe('detection', () => {
  const handshake = (protocol: string) => text(`{"protocol":"${protocol}","version":1}\x1e`, 'send');
  const noId: ConnectionContext = { ...context, url: 'wss://app.example/chathub' };

  test('the handshake decides between JSON and MessagePack', () => {
    expect(signalrJsonDecoder.detect(noId, [handshake('json')])).toBeGreaterThanOrEqual(0.95);
    expect(signalrMessagepackDecoder.detect(noId, [handshake('json')])).toBe(0);
    expect(signalrMessagepackDecoder.detect(noId, [handshake('messagepack')])).toBeGreaterThanOrEqual(0.95);
    expect(signalrMessagepackDecoder.detect(noId, [handshake('blazorpack')])).toBeGreaterThanOrEqual(0.95);
    expect(signalrJsonDecoder.detect(noId, [handshake('messagepack')])).toBe(0);
  });

  test("the negotiated connection's id= in the URL adds to it; alone it is not enough", () => {
    expect(signalrJsonDecoder.detect(context, [handshake('json')])).toBeGreaterThan(signalrJsonDecoder.detect(noId, [handshake('json')]));
    expect(signalrJsonDecoder.detect(context, [])).toBeLessThan(0.5);
    expect(signalrJsonDecoder.detect(noId, [])).toBe(0);
  });

  test('without a handshake: 0x1E-terminated hub records, or length-prefixed hub arrays', () => {
    expect(signalrJsonDecoder.detect(noId, [text('{"type":1,"target":"Tick","arguments":[1]}\x1e'), text('{"type":6}\x1e')])).toBeGreaterThan(0.5);
    expect(signalrMessagepackDecoder.detect(noId, [binary('02 91 06'), binary(framed('94 02 80 a1 31 2a'))])).toBeGreaterThan(0.5);
  });

  test('plain JSON chat, JSON-RPC, WAMP and random binary are not SignalR', () => {
    const chat = [text('{"type":"message","text":"hi"}', 'send'), text('{"type":1}')];
    expect(signalrJsonDecoder.detect(noId, chat)).toBe(0);
    expect(signalrJsonDecoder.detect(noId, [text('{"jsonrpc":"2.0","method":"x","id":1}', 'send')])).toBe(0);
    expect(signalrJsonDecoder.detect(noId, [text('[1,"realm1",{}]', 'send')])).toBe(0);
    expect(signalrMessagepackDecoder.detect(noId, [binary('83 01 02 03')])).toBe(0);
    expect(signalrMessagepackDecoder.detect(noId, [binary('01 02 03 04 05')])).toBe(0);
  });
});

describe('never throws', () => {
  test('on random text and bytes, in any state', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string().map((value) => text(value)),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => binary(bytes)),
        ),
        fc.boolean(),
        (message, fresh) => {
          const decoded = fresh ? signalrJsonDecoder.decode(message, signalrJsonDecoder.createState(context), context) : one(message);
          expect(typeof decoded.summary).toBe('string');
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('on mutated real messages', () => {
    const real = [
      '{}\x1e{"type":1,"invocationId":"1","target":"Send","arguments":[1,{"a":[true,null]}],"streamIds":["2"]}\x1e{"type":3,"invocationId":"1","result":12.5}\x1e',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...real), fc.array(fc.tuple(fc.nat(200), fc.string({ minLength: 1, maxLength: 1 })), { maxLength: 5 }), (message, edits) => {
        let mutated = message;
        for (const [at, char] of edits) mutated = mutated.slice(0, at % mutated.length) + char + mutated.slice((at % mutated.length) + 1);
        expect(typeof one(text(mutated)).summary).toBe('string');
      }),
      { numRuns: 2000 },
    );
    const bytes = hex(`7b 7d 1e ${framed('96 01 80 a3 78 79 7a a6 6d 65 74 68 6f 64 91 2a 90')} ${framed('95 03 80 a1 31 01 a5 45 72 72 6f 72')}`);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 5 }), (edits) => {
        const mutated = bytes.slice();
        for (const [at, byte] of edits) mutated[at] = byte;
        const decoded = signalrMessagepackDecoder.decode(binary(mutated), signalrMessagepackDecoder.createState(context), context);
        expect(typeof decoded.summary).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });
});
