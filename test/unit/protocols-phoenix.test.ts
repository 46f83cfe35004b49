import { describe, expect, it } from 'vitest';
import { phoenixDecoder as phoenix } from '../../src/protocols/phoenix.ts';
import { context, decodeAll, decodeOne, fuzzDecoder, receive, receiveBytes, send, sendBytes } from './decoder-checks.ts';

const v2 = context('wss://example.com/socket/websocket?token=x&vsn=2.0.0');
const v1 = context('wss://example.com/socket/websocket?vsn=1.0.0');
const ascii = (text: string) => [...new TextEncoder().encode(text)];

/** A v2 binary frame: kind byte, one length byte per field, the fields, then the payload. */
function frame(kind: number, fields: string[], payload: number[]): Uint8Array {
  return new Uint8Array([kind, ...fields.map((field) => ascii(field).length), ...fields.flatMap(ascii), ...payload]);
}

describe('Phoenix vsn 2.0.0 (arrays)', () => {
  it('a channel session: join and its reply, a push and its reply, pushes and broadcasts, leave and close, heartbeats', () => {
    const decoded = decodeAll(
      phoenix,
      [
        send('["3","3","room:lobby","phx_join",{"name":"ada"}]'),
        receive('["3","3","room:lobby","phx_reply",{"status":"ok","response":{"users":9007199254740993}}]'),
        send('["3","4","room:lobby","new_msg",{"body":"hi"}]'),
        receive('["3","4","room:lobby","phx_reply",{"status":"error","response":{"reason":"too long"}}]'),
        receive('["3",null,"room:lobby","presence_state",{}]'),
        receive('[null,null,"room:lobby","new_msg",{"body":"hi"}]'),
        send('[null,"5","phoenix","heartbeat",{}]'),
        receive('[null,"5","phoenix","phx_reply",{"status":"ok","response":{}}]'),
        send('["3","6","room:lobby","phx_leave",{}]'),
        receive('["3","3","room:lobby","phx_close",{}]'),
        receive('["7","7","room:crashy","phx_error",{}]'),
      ],
      v2,
    );
    expect(decoded.map((message) => message.summary)).toEqual([
      'phx_join room:lobby',
      'phx_reply ok',
      'new_msg room:lobby',
      'phx_reply error',
      'presence_state room:lobby',
      'new_msg room:lobby',
      'heartbeat phoenix',
      'phx_reply ok',
      'phx_leave room:lobby',
      'phx_close room:lobby',
      'phx_error room:crashy',
    ]);
    const items = decoded.map((message) => message.items[0]!);
    expect(items.every((item) => item.error === undefined)).toBe(true);
    expect(items[0]!.fields).toEqual({ topic: 'room:lobby', event: 'phx_join', ref: '3', join_ref: '3' });
    expect(items[0]!.correlation).toEqual({ role: 'request', scope: 'phoenix', id: '3' });
    expect(items[1]!.correlation).toEqual({ role: 'response', scope: 'phoenix', id: '3' });
    expect(items[1]!.fields.status).toBe('ok');
    expect(items[1]!.tree.map((node) => node.label)).toEqual(['join_ref', 'ref', 'topic', 'event', 'payload']);
    expect(items[1]!.tree[4]!.children![1]!.children![0]).toEqual({ label: 'users', type: 'number', value: '9007199254740993' });
    expect(items[2]!.correlation).toEqual({ role: 'request', scope: 'phoenix', id: '4' });
    expect(items[3]!.correlation).toEqual({ role: 'response', scope: 'phoenix', id: '4' });
    // Server pushes and broadcasts answer nothing.
    expect(items[4]!.correlation).toBeUndefined();
    expect(items[5]!.fields).toEqual({ topic: 'room:lobby', event: 'new_msg' });
    expect([items[6]!.fields.heartbeat, items[7]!.fields.heartbeat, items[2]!.fields.heartbeat]).toEqual(['true', 'true', undefined]);
    expect(items[7]!.correlation).toEqual({ role: 'response', scope: 'phoenix', id: '5' });
  });

  it('binary frames: a client push with its ref, and the server push, reply and broadcast layouts', () => {
    const decoded = decodeAll(
      phoenix,
      [
        sendBytes(frame(0, ['3', '8', 'room:lobby', 'file'], [1, 2, 255])),
        receiveBytes(frame(0, ['3', 'room:lobby', 'thumb'], [9])),
        receiveBytes(frame(1, ['3', '8', 'room:lobby', 'ok'], [0xca, 0xfe])),
        receiveBytes(frame(2, ['room:lobby', 'frame'], [])),
      ],
      v2,
    );
    expect(decoded.map((message) => message.summary)).toEqual(['file room:lobby', 'thumb room:lobby', 'phx_reply ok', 'frame room:lobby']);
    const [push, serverPush, reply, broadcast] = decoded.map((message) => message.items[0]!);
    expect(push!.fields).toEqual({ topic: 'room:lobby', event: 'file', ref: '8', join_ref: '3' });
    expect(push!.correlation).toEqual({ role: 'request', scope: 'phoenix', id: '8' });
    expect(push!.tree).toEqual([
      { label: 'kind', type: 'text', value: '0 (push)' },
      { label: 'join_ref', type: 'string', value: '3' },
      { label: 'ref', type: 'string', value: '8' },
      { label: 'topic', type: 'string', value: 'room:lobby' },
      { label: 'event', type: 'string', value: 'file' },
      { label: 'payload', type: 'bytes', value: '01 02 ff' },
    ]);
    expect(serverPush!.fields).toEqual({ topic: 'room:lobby', event: 'thumb', join_ref: '3' });
    expect(reply!.fields).toEqual({ topic: 'room:lobby', event: 'phx_reply', ref: '8', join_ref: '3', status: 'ok' });
    expect(reply!.correlation).toEqual({ role: 'response', scope: 'phoenix', id: '8' });
    expect(reply!.tree.at(-1)).toEqual({ label: 'response', type: 'bytes', value: 'ca fe' });
    expect(broadcast!.fields).toEqual({ topic: 'room:lobby', event: 'frame' });
    expect(decoded.every((message) => message.items[0]!.error === undefined)).toBe(true);
  });

  it.each([
    ['an empty frame', receiveBytes(new Uint8Array()), 'empty binary message'],
    ['an unknown kind', receiveBytes(new Uint8Array([3, 0, 0])), 'binary message kind 3 is none of push (0), reply (1), broadcast (2)'],
    ['a client sending a reply', sendBytes(frame(1, ['1', '1', 't', 'ok'], [])), 'a client sends only binary pushes (kind 0), this is kind 1 (reply)'],
    ['a header cut short', receiveBytes(new Uint8Array([1, 1, 1])), 'binary reply is cut short: its header needs 5 bytes, the message has 3'],
    ['a field cut short', receiveBytes(new Uint8Array([2, 10, 1, ...ascii('room')])), 'binary broadcast is cut short: its topic needs 10 bytes, 4 remain'],
  ])('%s is refused specifically', (_name, message, error) => {
    const decoded = decodeOne(phoenix, message, v2);
    expect(decoded.items).toEqual([]);
    expect(decoded.error).toBe(error);
  });

  it('a binary payload reads as binary payloads do everywhere: exact JSON, text, else hex', () => {
    const payloads = [ascii('{"n":9007199254740993}'), ascii('hello'), [0, 1]].map((payload) =>
      decodeOne(phoenix, receiveBytes(frame(2, ['room:lobby', 'blob'], payload)), v2).items[0]!.tree.at(-1),
    );
    expect(payloads).toEqual([
      { label: 'payload', type: 'object', children: [{ label: 'n', type: 'number', value: '9007199254740993' }] },
      { label: 'payload', type: 'text', value: 'hello' },
      { label: 'payload', type: 'bytes', value: '00 01' },
    ]);
  });

  it('a field that is not UTF-8 is shown anyway, and said so', () => {
    const item = decodeOne(phoenix, receiveBytes(new Uint8Array([2, 1, 1, 0xff, 0x65])), v2).items[0]!;
    expect(item.error).toBe('topic is not UTF-8');
    expect(item.fields.topic).toBe('\ufffd');
  });
});

describe('Phoenix vsn 1.0.0 (objects)', () => {
  it('decodes objects, with or without join_ref, and pairs refs the same way', () => {
    const decoded = decodeAll(
      phoenix,
      [
        send('{"topic":"room:lobby","event":"phx_join","payload":{},"ref":"1","join_ref":"1"}'),
        receive('{"event":"phx_reply","payload":{"response":{},"status":"ok"},"ref":"1","topic":"room:lobby"}'),
        receive('{"event":"new_msg","payload":{"body":"hi"},"ref":null,"topic":"room:lobby"}'),
        send('{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"2"}'),
      ],
      v1,
    );
    expect(decoded.map((message) => message.summary)).toEqual(['phx_join room:lobby', 'phx_reply ok', 'new_msg room:lobby', 'heartbeat phoenix']);
    expect(decoded.map((message) => message.items[0]!.correlation)).toEqual([
      { role: 'request', scope: 'phoenix', id: '1' },
      { role: 'response', scope: 'phoenix', id: '1' },
      undefined,
      { role: 'request', scope: 'phoenix', id: '2' },
    ]);
    expect(decoded.every((message) => message.items[0]!.error === undefined)).toBe(true);
  });

  it('the URL vsn says which serializer to expect; the other is decoded and flagged', () => {
    expect(decodeOne(phoenix, receive('[null,null,"t","e",{}]'), v1).items[0]!.error).toBe('a vsn 2 message on a socket that asked for vsn=1.0.0');
    expect(decodeOne(phoenix, receive('{"topic":"t","event":"e","payload":{},"ref":null}'), v2).items[0]!.error).toBe(
      'a vsn 1 object message on a socket that asked for vsn=2.0.0',
    );
    // No vsn in the URL: each message speaks for itself.
    expect(
      decodeOne(phoenix, receive('{"topic":"t","event":"e","payload":{},"ref":null}'), context('ws://h/socket/websocket')).items[0]!.error,
    ).toBeUndefined();
  });
});

describe('Phoenix malformed messages', () => {
  it.each([
    ['a string', receive('"hello"'), 'a Phoenix message is a JSON array (vsn 2) or object (vsn 1), not a string'],
    ['not JSON', receive('[1,'), /^not JSON: /],
  ])('%s is refused', (_name, message, error) => {
    const decoded = decodeOne(phoenix, message, v2);
    expect(decoded.items).toEqual([]);
    expect(decoded.error).toMatch(error);
  });

  it.each([
    ['an array of 4', receive('[null,null,"t","e"]'), 'a v2 message is an array of 5 [join_ref, ref, topic, event, payload], this one has 4'],
    ['a topic that is a number', receive('[null,null,1,"e",{}]'), 'topic is a number, not a string'],
    ['no event', receive('{"topic":"t","payload":{},"ref":null}'), 'no event'],
    ['a reply without status', receive('[null,"1","t","phx_reply",{"response":{}}]'), 'phx_reply without payload.status'],
    ['a ref that is a boolean', send('[null,true,"t","e",{}]'), 'ref is a boolean, not a string or null'],
    ['an object without payload', send('{"topic":"t","event":"e","ref":"1"}'), 'no payload'],
  ])('%s is decoded with a specific error', (_name, message, error) => {
    const item = decodeOne(phoenix, message, context('ws://h/socket/websocket')).items[0]!;
    expect(item.error).toBe(error);
  });
});

describe('Phoenix detection', () => {
  const join = send('["1","1","room:lobby","phx_join",{}]');
  it("phoenix.js's URL, /websocket?vsn=, is strong evidence", () => {
    expect(phoenix.detect(v2, [])).toBe(0.9);
    expect(phoenix.detect(context('ws://h/live/websocket?_csrf_token=a&vsn=2.0.0'), [])).toBe(0.9);
    expect(phoenix.detect(context('ws://h/socket/websocket'), [])).toBeLessThan(0.9);
  });

  it('sniffs joins, replies and heartbeats', () => {
    expect(phoenix.detect(context('ws://h/ws'), [join, receive('["1","1","room:lobby","phx_reply",{"status":"ok","response":{}}]')])).toBeGreaterThan(0.5);
    expect(phoenix.detect(context('ws://h/ws'), [send('{"topic":"phoenix","event":"heartbeat","payload":{},"ref":"1"}')])).toBeGreaterThan(0.5);
  });

  it('does not claim JSON apps with topic/event members, arrays of other shapes, or binary frames alone', () => {
    const chat = [send('{"topic":"chat","event":"message","payload":{"text":"hi"}}')];
    expect(phoenix.detect(context('ws://h/ws'), chat)).toBe(0);
    expect(phoenix.detect(context('ws://h/ws'), [send('[1,2,3]')])).toBe(0);
    expect(phoenix.detect(context('ws://h/ws'), [send('[null,null,"t","custom",{}]')])).toBeLessThan(0.5);
    expect(phoenix.detect(context('ws://h/ws'), [receiveBytes(frame(2, ['t', 'e'], []))])).toBe(0);
    expect(phoenix.detect(context('ws://h/ws'), [join, send('{"jsonrpc":"2.0","method":"m","id":1}')])).toBe(0);
  });
});

describe('Phoenix fuzz', () => {
  it('decode never throws and always returns a DecodedMessage', () => {
    fuzzDecoder(phoenix, [
      send('["3","3","room:lobby","phx_join",{"name":"ada"}]'),
      receive('["3","3","room:lobby","phx_reply",{"status":"ok","response":{}}]'),
      send('{"topic":"room:lobby","event":"phx_join","payload":{},"ref":"1","join_ref":"1"}'),
      sendBytes(frame(0, ['3', '8', 'room:lobby', 'file'], [1, 2, 255])),
      receiveBytes(frame(1, ['3', '8', 'room:lobby', 'ok'], [0xca, 0xfe])),
      receiveBytes(frame(2, ['room:lobby', 'frame'], [7])),
    ]);
  });
});
