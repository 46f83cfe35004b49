// Protocol-field conditions as the page hook reads them: messages made by the protocols' own codecs
// (socket.io-parser, mqtt-packet) or written as their specs show, read for Socket.IO's event and
// namespace, STOMP's destination (also inside SockJS), MQTT's topic (packets split and joined),
// GraphQL's operation and JSON-RPC's method (results named by their request's id).
import mqttPacket, { type Packet } from 'mqtt-packet';
import { Encoder } from 'socket.io-parser';
import { describe, expect, test } from 'vitest';
import type { FieldProtocol, Rule } from '../../src/shared/intercept';
import { ProtocolWatch, Subject, applyRules, compileRules, forUrl, observe, statefulProtocols } from '../../src/rules/engine';
import { parseRules } from '../../src/rules/parse';
import { firstOperationName } from '../../src/rules/fields-json-protocols';

type Message = string | Uint8Array;

/** The fields `protocol` reads of each message in turn, on one connection (sent unless said otherwise). */
function fieldsOf(protocol: FieldProtocol, messages: (Message | ['send' | 'receive', Message])[]): string[][] {
  const watch = new ProtocolWatch();
  return messages.map((entry) => {
    const [dir, message] = Array.isArray(entry) ? entry : (['send', entry] as const);
    const subject =
      typeof message === 'string' ? new Subject(dir, message, null, watch) : new Subject(dir, null, () => ({ bytes: message, length: message.length }), watch);
    const pairs = Array.from(subject.fields(protocol) as ArrayLike<string>);
    return pairs.map((value, index) => (index % 2 === 0 ? `${value}=${pairs[index + 1]}` : '')).filter(Boolean);
  });
}

/** What socket.io-client puts in a WebSocket message: Engine.IO's "message" type, then the Socket.IO packet. */
const socketIo = (packet: object): string => '4' + (new Encoder().encode(packet as never)[0] as string);

describe('Socket.IO', () => {
  test('event and namespace of events, binary events and other packets', () => {
    expect(
      fieldsOf('socket.io', [
        socketIo({ type: 2, nsp: '/', data: ['chat', 'hi'] }),
        socketIo({ type: 2, nsp: '/admin', id: 17, data: ['chat message', { a: 1 }] }),
        socketIo({ type: 2, nsp: '/', data: ['upload', Buffer.from([1, 2])] }), // a BINARY_EVENT: '451-["upload",{"_placeholder":true,"num":0}]'
        '42["ch\\u0061t\\n"]',
        '42[ "spaced" ,1]',
        socketIo({ type: 3, nsp: '/', id: 4, data: ['not an event'] }),
        '40/admin,{"token":"t"}',
        '2',
        '{"event":"chat"}',
        '42[7]',
        '42["unterminated',
      ]),
    ).toEqual([
      ['namespace=/', 'event=chat'],
      ['namespace=/admin', 'event=chat message'],
      ['namespace=/', 'event=upload'],
      ['namespace=/', 'event=chat\n'],
      ['namespace=/', 'event=spaced'],
      ['namespace=/'],
      ['namespace=/admin'],
      [],
      [],
      ['namespace=/'],
      ['namespace=/'],
    ]);
  });

  test('a rule on event "chat" edits only chat events; `*` stands for any run of characters', () => {
    const rules: Rule[] = [
      {
        id: 'a',
        name: 'loud chat',
        enabled: true,
        site: '',
        direction: 'send',
        url: '',
        condition: { kind: 'protocol', protocol: 'socket.io', field: 'event', value: 'chat' },
        action: { kind: 'replace', find: 'hello', regex: false, flags: '', replacement: 'HELLO' },
      },
      {
        id: 'b',
        name: 'no typing',
        enabled: true,
        site: '',
        direction: 'both',
        url: '',
        condition: { kind: 'protocol', protocol: 'socket.io', field: 'event', value: 'typing:*' },
        action: { kind: 'drop' },
      },
    ];
    const compiled = forUrl(compileRules(parseRules(rules)), 'ws://x/socket.io/?EIO=4&transport=websocket');
    expect(applyRules(compiled, new Subject('send', '42["chat","hello"]'))?.text).toBe('42["chat","HELLO"]');
    expect(applyRules(compiled, new Subject('send', '42["chatter","hello"]'))).toBeNull();
    expect(applyRules(compiled, new Subject('send', '42["news","hello"]'))).toBeNull();
    expect(applyRules(compiled, new Subject('receive', '42["typing:start"]'))?.drop).toBe(true);
    expect(applyRules(compiled, new Subject('send', '{"event":"chat","text":"hello"}'))).toBeNull();
  });
});

describe('STOMP', () => {
  test('the destination of text and binary frames, escaped values, and frames inside SockJS arrays', () => {
    const utf8 = (text: string) => new TextEncoder().encode(text);
    expect(
      fieldsOf('stomp', [
        'SEND\ndestination:/queue/orders\ncontent-type:application/json\n\n{"qty":1}\0',
        'MESSAGE\r\nsubscription:0\r\ndestination:/topic/a\\cb\r\n\r\nbody\0',
        '\n\nSUBSCRIBE\nid:0\ndestination:/topic/prices\ndestination:/topic/second\n\n\0',
        utf8('SEND\ndestination:/queue/bytes\n\n\x01\x02\0'),
        'a["MESSAGE\\ndestination:/topic/sockjs\\nsubscription:0\\n\\nhi\\u0000"]',
        '["SEND\\ndestination:/app/chat\\n\\nhi\\u0000","SEND\\ndestination:/app/other\\n\\n\\u0000"]',
        'CONNECT\naccept-version:1.2\nhost:x\n\n\0',
        'SEND\n\ndestination:/in/the/body\0',
        'not stomp\ndestination:/x\n\n',
        '\n',
      ]),
    ).toEqual([
      ['destination=/queue/orders'],
      ['destination=/topic/a:b'],
      ['destination=/topic/prices'],
      ['destination=/queue/bytes'],
      ['destination=/topic/sockjs'],
      ['destination=/app/chat', 'destination=/app/other'],
      [],
      [],
      [],
      [],
    ]);
  });
});

describe('MQTT', () => {
  const encode = (packet: object, protocolVersion: 4 | 5 = 4) => new Uint8Array(mqttPacket.generate(packet as Packet, { protocolVersion }));
  const publish = (topic: string, payload = 'x', extra: object = {}) => ({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false, ...extra });

  test('the topic of every PUBLISH in a message, in 3.1.1 and 5.0 (properties after the topic)', () => {
    const two = new Uint8Array([
      ...encode(publish('a/b')),
      ...encode({ cmd: 'pingreq' }),
      ...encode(publish('sensors/kitchen', 'y', { qos: 1, messageId: 3 })),
    ]);
    expect(
      fieldsOf('mqtt', [
        encode(publish('sensors/ü')),
        encode(publish('v5/topic', 'z', { properties: { contentType: 'text/plain', userProperties: { a: 'b' } } }), 5),
        two,
        encode({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'sensors/#', qos: 0 }] }),
        'PUBLISH as text',
      ]),
    ).toEqual([['topic=sensors/ü'], ['topic=v5/topic'], ['topic=a/b', 'topic=sensors/kitchen'], [], []]);
  });

  test('a packet running on into the next messages is skipped there, per direction; the packet after it is read', () => {
    const big = encode(publish('big/one', 'p'.repeat(300)));
    const next = encode(publish('after/it'));
    expect(
      fieldsOf('mqtt', [
        big.slice(0, 20),
        ['receive', encode(publish('other/direction'))],
        big.slice(20, 200),
        new Uint8Array([...big.slice(200), ...next]),
        big.slice(0, 1), // cut inside the fixed header: nothing known, the next message starts afresh
        next,
      ]),
    ).toEqual([['topic=big/one'], ['topic=other/direction'], [], ['topic=after/it'], [], ['topic=after/it']]);
  });
});

describe('GraphQL over WebSocket', () => {
  test('the operation of a subscribe, and of the results that answer it (both dialects)', () => {
    expect(
      fieldsOf('graphql', [
        '{"type":"connection_init"}',
        '{"type":"subscribe","id":"1","payload":{"query":"subscription OnPrice($s: String) { price(s: $s) }"}}',
        '{"type":"subscribe","id":"2","payload":{"operationName":"Named","query":"query A { a } query Named { b }"}}',
        ['receive', '{"type":"next","id":"1","payload":{"data":{"price":1}}}'],
        ['receive', '{"type":"complete","id":"2"}'],
        '{"type":"start","id":"9","payload":{"query":"# a comment with query Fake\\nfragment F on T { x } mutation Buy { buy { ...F } }"}}',
        ['receive', '{"type":"data","id":"9","payload":{}}'],
        '{"type":"subscribe","id":"3","payload":{"query":"{ anonymous }"}}',
        ['receive', '{"type":"next","id":"3","payload":{}}'],
        ['receive', '{"type":"next","id":"404","payload":{}}'],
      ]),
    ).toEqual([[], ['operation=OnPrice'], ['operation=Named'], ['operation=OnPrice'], ['operation=Named'], ['operation=Buy'], ['operation=Buy'], [], [], []]);
  });

  test('operation names in documents: strings, block strings, comments and anonymous operations', () => {
    expect(firstOperationName('query Q { a }')).toBe('Q');
    expect(firstOperationName('query { a }')).toBeUndefined();
    expect(firstOperationName('query($x: Int) { a(x: $x) }')).toBeUndefined();
    expect(firstOperationName('fragment F on T { a(s: "query X {") } subscription S { b }')).toBe('S');
    expect(firstOperationName('"""query Doc {"""\nmutation M { a }')).toBe('M');
    expect(firstOperationName('')).toBeUndefined();
  });
});

describe('JSON-RPC', () => {
  test('the method of calls and notifications, and of the results and errors that answer them', () => {
    expect(
      fieldsOf('json-rpc', [
        '{"jsonrpc":"2.0","id":7,"method":"eth_call","params":[]}',
        '{"jsonrpc":"2.0","method":"notify_me"}',
        ['receive', '{"jsonrpc":"2.0","id":"7","result":1}'],
        ['receive', '{"jsonrpc":"2.0","id":7,"result":1}'],
        ['receive', '{"jsonrpc":"2.0","id":8,"method":"server_asks"}'],
        ['send', '{"jsonrpc":"2.0","id":8,"error":{"code":-32601,"message":"no"}}'],
        '[{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","id":2,"method":"b"}]',
        ['receive', '[{"jsonrpc":"2.0","id":2,"result":0},{"jsonrpc":"2.0","id":1,"result":0}]'],
        'not json "method"',
      ]),
    ).toEqual([
      ['method=eth_call'],
      ['method=notify_me'],
      [],
      ['method=eth_call'],
      ['method=server_asks'],
      ['method=server_asks'],
      ['method=a', 'method=b'],
      ['method=b', 'method=a'],
      [],
    ]);
  });

  test("a result is named by its request even when no rule's direction read the request (observe)", () => {
    const rules = parseRules([
      {
        name: 'slow balance',
        direction: 'receive',
        condition: { kind: 'protocol', protocol: 'json-rpc', field: 'method', value: 'get_balance' },
        action: { kind: 'delay', ms: 100 },
      },
    ]);
    const compiled = compileRules(rules);
    const watch = new ProtocolWatch();
    const stateful = statefulProtocols(compiled);
    expect(Array.from(stateful as ArrayLike<string>)).toEqual(['json-rpc']);
    const request = new Subject('send', '{"jsonrpc":"2.0","id":1,"method":"get_balance"}', null, watch);
    expect(applyRules(compiled, request)).toBeNull();
    observe(request, stateful);
    expect(applyRules(compiled, new Subject('receive', '{"jsonrpc":"2.0","id":1,"result":5}', null, watch))?.delayMs).toBe(100);
  });
});

describe('checks', () => {
  test('an unknown protocol or field is refused with what would do; the value defaults to any', () => {
    const check = (condition: object) => {
      try {
        return parseRules([{ name: 'r', action: { kind: 'drop' }, condition }])[0]!.condition;
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(check({ kind: 'protocol', protocol: 'amqp', field: 'queue', value: 'x' })).toBe(
      'Rule "r": no fields of protocol "amqp" can be matched (socket.io, stomp, mqtt, graphql, json-rpc)',
    );
    expect(check({ kind: 'protocol', protocol: 'socket.io', field: 'topic', value: 'x' })).toBe(
      'Rule "r": socket.io has no field "topic" to match (event, namespace)',
    );
    expect(check({ kind: 'protocol', protocol: 'constructor', field: 'name', value: 'x' })).toMatch(/no fields of protocol "constructor"/);
    expect(check({ kind: 'protocol', protocol: 'mqtt', field: 'topic' })).toEqual({ kind: 'protocol', protocol: 'mqtt', field: 'topic', value: '' });
  });
});
