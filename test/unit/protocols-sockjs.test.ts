import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { detectProtocol } from '../../src/protocols/registry';
import { sockJsDecoder } from '../../src/protocols/sockjs';
import type { ConnectionContext, DecodedMessage, MessageInput } from '../../src/protocols/types';
import { fuzzMessages } from './protocol-test-helpers';

const CONTEXT: ConnectionContext = { url: 'wss://app.example/ws/123/abcdefgh/websocket', protocol: '', requestedProtocols: [] };
const send = (text: string): MessageInput => ({ direction: 'send', kind: 'text', text });
const receive = (text: string): MessageInput => ({ direction: 'receive', kind: 'text', text });

function decodeAll(messages: MessageInput[]): DecodedMessage[] {
  const state = sockJsDecoder.createState(CONTEXT);
  return messages.map((message) => sockJsDecoder.decode(message, state, CONTEXT));
}
const errorOf = (decoded: DecodedMessage) => decoded.error ?? decoded.items.find((item) => item.error)?.error;

describe('frames', () => {
  test('o, h, a, m, c and the client arrays, inner messages plain', () => {
    const decoded = decodeAll([
      receive('o'),
      receive('h'),
      send('["hi","{\\"n\\":1.50}"]'),
      send('"one"'),
      receive('a["hi","there"]'),
      receive('m"old style"'),
      receive('c[3000,"Go away!"]'),
    ]);
    expect(decoded.map((message) => message.summary)).toEqual([
      'open',
      'heartbeat',
      'message hi +1',
      'message one',
      'a message hi +1',
      'm message old style',
      'close 3000 Go away!',
    ]);
    expect(decoded[2]!.items[1]!.tree).toEqual([{ label: 'data', type: 'object', children: [{ label: 'n', type: 'number', value: '1.50' }] }]);
    expect(decoded[4]!.items.map((item) => item.tree)).toEqual([
      [{ label: 'data', type: 'text', value: 'hi' }],
      [{ label: 'data', type: 'text', value: 'there' }],
    ]);
    expect(decoded[6]!.items[0]!.fields).toEqual({ type: 'close', code: '3000', reason: 'Go away!' });
    expect(decoded.map(errorOf).filter(Boolean)).toEqual([]);
  });
  test('STOMP inside: each inner message decoded by STOMP, heart-beats too, receipts paired', () => {
    const decoded = decodeAll([
      receive('o'),
      send('["CONNECT\\naccept-version:1.2\\nheart-beat:10000,10000\\n\\n\\u0000"]'),
      receive('a["CONNECTED\\nversion:1.2\\nheart-beat:10000,10000\\n\\n\\u0000"]'),
      send('["SEND\\ndestination:/queue/x\\nreceipt:7\\ncontent-type:application/json\\n\\n{\\"id\\":9007199254740993}\\u0000"]'),
      receive('a["MESSAGE\\ndestination:/queue/x\\nsubscription:0\\nmessage-id:1\\n\\nhi\\u0000","RECEIPT\\nreceipt-id:7\\n\\n\\u0000"]'),
      send('["\\n"]'),
      receive('a["\\n"]'),
    ]);
    expect(decoded.map((message) => message.summary)).toEqual([
      'open',
      'CONNECT',
      'a CONNECTED',
      'SEND /queue/x',
      'a MESSAGE /queue/x +1',
      'heart-beat',
      'a heart-beat',
    ]);
    expect(decoded[3]!.items[0]!.fields).toMatchObject({ destination: '/queue/x', receipt: '7' });
    expect(decoded[3]!.items[0]!.tree[1]).toEqual({ label: 'body', type: 'object', children: [{ label: 'id', type: 'number', value: '9007199254740993' }] });
    expect(decoded[3]!.items[0]!.correlation).toEqual({ role: 'request', scope: 'stomp:receipt', id: '7' });
    expect(decoded[4]!.items[1]!.correlation).toEqual({ role: 'response', scope: 'stomp:receipt', id: '7' });
    expect(decoded.map(errorOf).filter(Boolean)).toEqual([]);
  });
  test.each([
    [receive(''), 'empty SockJS frame (expected o, h, a, m or c)'],
    [receive('x'), "unknown SockJS frame type 'x' (expected o, h, a, m or c)"],
    [receive('ofoo'), "'o' frame followed by foo: it carries nothing"],
    [receive('a[1]'), "'a' frame: expected a JSON array of strings, item 0 is number"],
    [receive('a{"a":1}'), "'a' frame: expected a JSON array of strings, got object"],
    [receive('a["x"'), "'a' frame: not JSON: expected ',' or ']' in an array at offset 4"],
    [receive('m["x"]'), "'m' frame: expected a JSON string, got array"],
    [receive('c[3000]'), '\'c\' frame: expected [code, "reason"]'],
    [receive('c[3000,'), "'c' frame: not JSON: unexpected end of JSON at offset 6"],
    [send('hello'), "client message: not JSON: unexpected 'h' at offset 0"],
    [send('{"a":1}'), 'client message: expected a JSON array of strings, got object'],
    [{ direction: 'receive', kind: 'binary', bytes: new Uint8Array([1]) } as MessageInput, 'SockJS frames are text, but this message is binary'],
  ])('malformed %j: %s', (message, error) => {
    const decoded = decodeAll([message])[0]!;
    expect(errorOf(decoded)).toBe(error);
    expect(decoded.summary).not.toBe('');
  });
  test('an empty a[] frame', () => expect(decodeAll([receive('a[]')])[0]!.summary).toBe('a empty'));
});

describe('detection', () => {
  const detect = (url: string, messages: MessageInput[] = []) => detectProtocol({ url, protocol: '', requestedProtocols: [] }, messages)?.id;
  test('the session URL, with or without the first o', () => {
    expect(detect('wss://x/stomp/123/abcdefgh/websocket')).toBe('sockjs');
    expect(detect('wss://x/stomp/123/abcdefgh/websocket', [receive('o'), receive('a["x"]')])).toBe('sockjs');
    expect(sockJsDecoder.detect(CONTEXT, [receive('o')])).toBeGreaterThan(sockJsDecoder.detect({ ...CONTEXT, url: '/ws' }, [receive('o'), receive('h')]));
  });
  test("sniffing: 'o' then SockJS frames", () => expect(detect('wss://x/live', [receive('o'), send('["hi"]'), receive('a["hi"]')])).toBe('sockjs'));
  test('not JSON apps, nor a raw /websocket endpoint answering something else', () => {
    // JSON goes to the plain JSON fallback, not to SockJS.
    expect(detect('wss://x/ws', [send('["hi"]'), receive('{"a":1}')])).toBe('json');
    expect(detect('wss://x/app/echo/websocket', [receive('{"type":"welcome"}')])).toBe('json');
    expect(detect('wss://x/websocket')).toBeUndefined();
  });
});

test('never throws: random and mutated real frames', () => {
  const real = [
    'o',
    'h',
    'a["CONNECTED\\nversion:1.2\\n\\n\\u0000"]',
    '["SEND\\ndestination:/q\\n\\nhi\\u0000"]',
    'c[3000,"Go away!"]',
    'a["hi","{\\"n\\":1}"]',
    'm"x"',
  ];
  const message = fuzzMessages(real, { textLength: 60, binaryLength: 20 });
  fc.assert(
    fc.property(fc.array(message, { maxLength: 10 }), (messages) => {
      const state = sockJsDecoder.createState(CONTEXT);
      for (const input of messages) {
        const decoded = sockJsDecoder.decode(input, state, CONTEXT);
        expect(decoded.items.length > 0 || decoded.error !== undefined).toBe(true);
        expect(typeof decoded.summary).toBe('string');
      }
      expect(sockJsDecoder.detect(CONTEXT, messages)).toBeGreaterThanOrEqual(0);
    }),
    { numRuns: 500 },
  );
});
