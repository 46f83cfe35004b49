import { describe, expect, it } from 'vitest';
import { actionCableDecoder as cable } from '../../src/protocols/actioncable.ts';
import { context, decodeAll, decodeOne, fuzzDecoder, receive, send } from './decoder-checks.ts';

// A number beyond 2^53 in the params: JavaScript would round it, the decoder must not.
const chat = '{"channel":"ChatChannel","room":"lobby","since":9007199254740993}';
const identifier = JSON.stringify(chat);
const cableContext = context('wss://example.com/cable', 'actioncable-v1-json', ['actioncable-v1-json', 'actioncable-unsupported']);

describe('Action Cable decoding', () => {
  it('a session: welcome, subscribe and its confirmation, a message with its action, a broadcast, pings, unsubscribe', () => {
    const decoded = decodeAll(
      cable,
      [
        receive('{"type":"welcome"}'),
        send(`{"command":"subscribe","identifier":${identifier}}`),
        receive(`{"identifier":${identifier},"type":"confirm_subscription"}`),
        send(`{"command":"message","identifier":${identifier},"data":"{\\"body\\":\\"hi\\",\\"action\\":\\"speak\\"}"}`),
        receive(`{"identifier":${identifier},"message":{"body":"hi","id":12345678901234567890}}`),
        receive('{"type":"ping","message":1700000000}'),
        send(`{"command":"unsubscribe","identifier":${identifier}}`),
        receive('{"type":"disconnect","reason":"server_restart","reconnect":true}'),
      ],
      cableContext,
    );
    expect(decoded.map((message) => message.summary)).toEqual([
      'welcome',
      'subscribe ChatChannel',
      'confirm_subscription ChatChannel',
      'message ChatChannel speak',
      'broadcast ChatChannel',
      'ping',
      'unsubscribe ChatChannel',
      'disconnect server_restart',
    ]);
    const items = decoded.map((message) => message.items[0]!);
    expect(items.every((item) => item.error === undefined)).toBe(true);
    const [, subscribe, confirm, message, broadcast, ping, , disconnect] = items;
    expect(subscribe!.fields).toEqual({ identifier: chat, channel: 'ChatChannel' });
    expect(subscribe!.correlation).toEqual({ role: 'request', scope: 'actioncable:subscription', id: chat });
    expect(confirm!.correlation).toEqual({ role: 'response', scope: 'actioncable:subscription', id: chat });
    // The identifier, JSON inside JSON, decoded right after its text, numbers exact.
    expect(subscribe!.tree.map((node) => node.label)).toEqual(['command', 'identifier', 'identifier (decoded)']);
    expect(subscribe!.tree[2]!.children).toEqual([
      { label: 'channel', type: 'string', value: 'ChatChannel' },
      { label: 'room', type: 'string', value: 'lobby' },
      { label: 'since', type: 'number', value: '9007199254740993' },
    ]);
    expect(message!.fields).toEqual({ identifier: chat, channel: 'ChatChannel', action: 'speak' });
    expect(message!.tree.map((node) => node.label)).toEqual(['command', 'identifier', 'identifier (decoded)', 'data', 'data (decoded)']);
    expect(message!.correlation).toBeUndefined();
    expect(broadcast!.tree.find((node) => node.label === 'message')!.children![1]).toEqual({ label: 'id', type: 'number', value: '12345678901234567890' });
    expect(ping!.fields).toEqual({ heartbeat: 'true' });
    expect(ping!.tree.at(-1)).toEqual({ label: 'time', type: 'text', value: '2023-11-14T22:13:20.000Z' });
    expect(disconnect!.fields).toEqual({ reason: 'server_restart' });
  });

  it('a rejection answers its subscribe', () => {
    const rejected = JSON.stringify(JSON.stringify({ channel: 'AdminChannel' }));
    const [, reject] = decodeAll(cable, [
      send(`{"command":"subscribe","identifier":${rejected}}`),
      receive(`{"identifier":${rejected},"type":"reject_subscription"}`),
    ]);
    expect(reject!.summary).toBe('reject_subscription AdminChannel');
    expect(reject!.items[0]!.correlation).toEqual({ role: 'response', scope: 'actioncable:subscription', id: '{"channel":"AdminChannel"}' });
  });

  it.each([
    ['an array', receive('[1]'), 'an Action Cable message is a JSON object, not an array'],
    ['an unknown type', receive('{"type":"hello"}'), "'hello' is not an Action Cable message type"],
    ['an unknown command', send(`{"command":"whisper","identifier":${identifier}}`), "'whisper' is not an Action Cable command"],
    ['a server type sent by the client', send('{"type":"welcome"}'), 'welcome comes from the server, but the client sent it'],
    [
      'a command sent by the server',
      receive(`{"command":"subscribe","identifier":${identifier}}`),
      'the subscribe command comes from the client, but the server sent it',
    ],
    ['no identifier', send('{"command":"subscribe"}'), 'no identifier'],
    [
      'an identifier that is an object',
      send('{"command":"subscribe","identifier":{"channel":"C"}}'),
      'identifier is an object, not a string (Action Cable sends it as JSON text)',
    ],
    [
      'an identifier that is not JSON',
      send('{"command":"subscribe","identifier":"{channel"}'),
      /^identifier is not JSON: expected a property name in double quotes at offset 1$/,
    ],
    ['an identifier without channel', send('{"command":"subscribe","identifier":"{\\"room\\":1}"}'), 'identifier names no channel'],
    ['an identifier that is a list', send('{"command":"subscribe","identifier":"[1]"}'), 'identifier is an array, not an object'],
    ['a message without data', send(`{"command":"message","identifier":${identifier}}`), 'no data'],
    ['data that is not JSON', send(`{"command":"message","identifier":${identifier},"data":"speak"}`), /^data is not JSON: /],
    ['none of type, command, identifier', receive('{"hello":1}'), "neither a 'type', a 'command' nor an 'identifier' with a 'message'"],
  ])('%s gets a specific error', (_name, message, error) => {
    const item = decodeOne(cable, message).items[0]!;
    expect(item.error).toMatch(error);
  });

  it('a message that is not JSON is refused whole', () => {
    const decoded = decodeOne(cable, receive('welcome'));
    expect(decoded.items).toEqual([]);
    expect(decoded.error).toMatch(/^not JSON: unexpected 'w' at offset 0$/);
  });
});

describe('Action Cable detection', () => {
  it('its sub-protocols are decisive', () => {
    expect(cable.detect(cableContext, [])).toBe(0.95);
    expect(cable.detect(context('ws://h/cable', 'actioncable-unsupported', ['actioncable-v1-json', 'actioncable-unsupported']), [])).toBe(0.9);
    expect(cable.detect(context('ws://h/cable', '', ['actioncable-v1-json', 'actioncable-unsupported']), [])).toBe(0.85);
  });

  it('sniffs a channel identifier, or a bare welcome on /cable; the path never counts alone', () => {
    const welcome = receive('{"type":"welcome"}');
    expect(cable.detect(context('ws://h/ws'), [welcome, send(`{"command":"subscribe","identifier":${identifier}}`)])).toBeGreaterThan(0.5);
    expect(cable.detect(context('ws://h/cable'), [welcome])).toBeGreaterThan(0.5);
    // A JSON app may greet with a welcome too: alone, it does not pass the threshold (0.5).
    expect(cable.detect(context('ws://h/ws'), [welcome])).toBe(0.5);
    expect(cable.detect(context('ws://h/cable'), [])).toBe(0);
  });

  it('does not claim JSON apps with a welcome or ping type', () => {
    expect(cable.detect(context('ws://h/ws'), [receive('{"type":"welcome","player":7}')])).toBeLessThan(0.5);
    expect(cable.detect(context('ws://h/ws'), [receive('{"type":"ping","message":1}')])).toBeLessThan(0.5);
    expect(cable.detect(context('ws://h/ws'), [receive('{"type":"welcome"}'), receive('{"type":"chat","text":"hi"}')])).toBe(0);
  });
});

describe('Action Cable fuzz', () => {
  it('decode never throws and always returns a DecodedMessage', () => {
    fuzzDecoder(cable, [
      receive('{"type":"welcome"}'),
      send(`{"command":"subscribe","identifier":${identifier}}`),
      send(`{"command":"message","identifier":${identifier},"data":"{\\"body\\":\\"hi\\",\\"action\\":\\"speak\\"}"}`),
      receive(`{"identifier":${identifier},"message":{"body":"hi"}}`),
      receive('{"type":"ping","message":1700000000}'),
    ]);
  });
});
