import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { detectProtocol } from '../../src/protocols/registry';
import { stompDecoder } from '../../src/protocols/stomp';
import type { ConnectionContext, DecodedMessage, MessageInput } from '../../src/protocols/types';
import { fuzzMessages } from './protocol-test-helpers';

const V12: ConnectionContext = { url: 'wss://mq.example/ws', protocol: 'v12.stomp', requestedProtocols: ['v12.stomp', 'v11.stomp', 'v10.stomp'] };
const send = (text: string): MessageInput => ({ direction: 'send', kind: 'text', text });
const receive = (text: string): MessageInput => ({ direction: 'receive', kind: 'text', text });

function decodeAll(context: ConnectionContext, messages: MessageInput[]): DecodedMessage[] {
  const state = stompDecoder.createState(context);
  return messages.map((message) => stompDecoder.decode(message, state, context));
}
const one = (text: string, context = V12) => decodeAll(context, [receive(text)])[0]!;
const headers = (decoded: DecodedMessage, index = 0) => decoded.items[index]!.tree[0]!.children!.map((node) => [node.label, node.value]);

describe('frames', () => {
  test.each([
    ['CONNECT\naccept-version:1.2\nhost:mq.example\n\n\0', 'CONNECT'],
    ['STOMP\naccept-version:1.2\nhost:mq.example\n\n\0', 'STOMP'],
    ['CONNECTED\nversion:1.2\n\n\0', 'CONNECTED'],
    ['SEND\ndestination:/queue/orders\n\nhi\0', 'SEND /queue/orders'],
    ['SUBSCRIBE\nid:0\ndestination:/topic/x\nack:client\n\n\0', 'SUBSCRIBE /topic/x'],
    ['UNSUBSCRIBE\nid:0\n\n\0', 'UNSUBSCRIBE 0'],
    ['MESSAGE\nsubscription:0\nmessage-id:007\ndestination:/topic/prices\n\n1.5\0', 'MESSAGE /topic/prices'],
    ['ACK\nid:12345\n\n\0', 'ACK 12345'],
    ['NACK\nid:12345\n\n\0', 'NACK 12345'],
    ['BEGIN\ntransaction:tx1\n\n\0', 'BEGIN tx1'],
    ['COMMIT\ntransaction:tx1\n\n\0', 'COMMIT tx1'],
    ['ABORT\ntransaction:tx1\n\n\0', 'ABORT tx1'],
    ['RECEIPT\nreceipt-id:77\n\n\0', 'RECEIPT 77'],
    ['ERROR\nmessage:malformed frame received\n\nThe message:\n-----\nMESSAGE\n\0', 'ERROR malformed frame received'],
    ['DISCONNECT\nreceipt:77\n\n\0', 'DISCONNECT'],
    ['\n', 'heart-beat'],
    ['\r\n', 'heart-beat'],
  ])('%j is %s', (text, summary) => {
    const decoded = one(text);
    expect(decoded.summary).toBe(summary);
    expect(decoded.items.map((item) => item.error)).toEqual([undefined]);
  });
  test('fields, and a receipt pairs its request with RECEIPT (and with an ERROR naming it)', () => {
    const [subscribe, receipt, error] = decodeAll(V12, [
      send('SUBSCRIBE\nid:sub-1\ndestination:/topic/x\nreceipt:r-9\n\n\0'),
      receive('RECEIPT\nreceipt-id:r-9\n\n\0'),
      receive('ERROR\nreceipt-id:r-9\nmessage:no\n\n\0'),
    ]);
    expect(subscribe!.items[0]!.fields).toEqual({ type: 'SUBSCRIBE', destination: '/topic/x', id: 'sub-1', receipt: 'r-9' });
    expect(subscribe!.items[0]!.correlation).toEqual({ role: 'request', scope: 'stomp:receipt', id: 'r-9' });
    expect(receipt!.items[0]!.correlation).toEqual({ role: 'response', scope: 'stomp:receipt', id: 'r-9' });
    expect(error!.items[0]!.correlation).toEqual({ role: 'response', scope: 'stomp:receipt', id: 'r-9' });
  });
  test('JSON bodies are exact trees (with or without content-type); text stays text', () => {
    const declared = one('MESSAGE\ndestination:/t\ncontent-type:application/json;charset=utf-8\n\n{"id":9007199254740993,"p":1.10}\0');
    expect(declared.items[0]!.tree[1]).toEqual({
      label: 'body',
      type: 'object',
      children: [
        { label: 'id', type: 'number', value: '9007199254740993' },
        { label: 'p', type: 'number', value: '1.10' },
      ],
    });
    expect(one('MESSAGE\ndestination:/t\n\n[1,2]\0').items[0]!.tree[1]).toMatchObject({ label: 'body', type: 'array' });
    expect(one('MESSAGE\ndestination:/t\ncontent-type:text/plain\n\n{"a":1}\0').items[0]!.tree[1]).toEqual({ label: 'body', type: 'text', value: '{"a":1}' });
    expect(one('MESSAGE\ndestination:/t\n\n{not json\0').items[0]!.tree[1]).toEqual({ label: 'body', type: 'text', value: '{not json' });
  });
  test('content-length: the body may hold NULs and is counted in UTF-8 bytes; binary messages too', () => {
    const text = one('MESSAGE\ndestination:/t\ncontent-length:5\ncontent-type:application/octet-stream\n\né\0\x01\x02\0');
    expect(text.items[0]!.tree[1]).toEqual({ label: 'body (5 bytes)', type: 'bytes', value: 'c3 a9 00 01 02' });
    const bytes = new Uint8Array([...Buffer.from('SEND\ndestination:/q\ncontent-length:3\n\n'), 0, 0xff, 7, 0]);
    const binary = decodeAll(V12, [{ direction: 'send', kind: 'binary', bytes }])[0]!;
    expect(binary.summary).toBe('SEND /q');
    expect(binary.items[0]!.tree[1]).toEqual({ label: 'body (3 bytes)', type: 'bytes', value: '00 ff 07' });
  });
  test('several frames in one message, CRLF line ends, EOLs between frames', () => {
    const decoded = one('MESSAGE\r\ndestination:/a\r\n\r\none\0\r\n\nMESSAGE\ndestination:/b\n\ntwo\0\n');
    expect(decoded.summary).toBe('MESSAGE /a +1');
    expect(decoded.items.map((item) => [item.key, item.tree[1]!.value, item.error])).toEqual([
      ['/a', 'one', undefined],
      ['/b', 'two', undefined],
    ]);
  });
  test('header escapes: 1.2 \\r \\n \\c \\\\; none in CONNECT/CONNECTED; 1.0 none; 1.1 has no \\r', () => {
    expect(headers(one('MESSAGE\ndestination:/t\nnote:a\\cb\\nc\\\\d\\re\n\n\0'))).toContainEqual(['note', 'a:b\nc\\d\re']);
    expect(headers(one('CONNECTED\nversion:1.2\nserver:x\\cy\n\n\0'))).toContainEqual(['server', 'x\\cy']);
    const v10 = { ...V12, protocol: 'v10.stomp' };
    expect(headers(one('MESSAGE\ndestination:/t\nnote:a\\cb\n\n\0', v10))).toContainEqual(['note', 'a\\cb']);
    const v11 = one('MESSAGE\ndestination:/t\nnote:a\\rb\n\n\0', { ...V12, protocol: 'v11.stomp' });
    expect(v11.items[0]!.error).toBe("undefined escape '\\r' in header 'a\\rb' (STOMP 1.1 allows \\n \\c \\\\)");
    expect(one('MESSAGE\ndestination:/t\nnote:a\\tb\n\n\0').items[0]!.error).toBe(
      "undefined escape '\\t' in header 'a\\tb' (STOMP 1.2 allows \\r \\n \\c \\\\)",
    );
  });
  test('the version CONNECTED negotiates decides the escapes of the frames after it', () => {
    const decoded = decodeAll({ url: '/ws', protocol: '', requestedProtocols: [] }, [
      receive('CONNECTED\nversion:1.0\n\n\0'),
      receive('MESSAGE\ndestination:/t\nnote:a\\tb\n\n\0'),
    ]);
    expect(decoded[1]!.items[0]!.error).toBeUndefined();
    expect(headers(decoded[1]!)).toContainEqual(['note', 'a\\tb']);
  });
  test('repeated headers are all shown; the first one counts', () => {
    const decoded = one('MESSAGE\ndestination:/first\ndestination:/second\n\n\0');
    expect(decoded.summary).toBe('MESSAGE /first');
    expect(headers(decoded)).toEqual([
      ['destination', '/first'],
      ['destination', '/second'],
    ]);
  });
  test.each([
    ['FOO\n\n\0', "unknown STOMP command 'FOO'"],
    ['{"type":"hello"}', 'no end of line after the command \'{"type":"hello"}\''],
    ['SEND\ndestination:/q\nbadline\n\n\0', "header line 'badline' has no ':'"],
    ['SEND\ndestination:/q\ncontent-length:2\n\nlong\0', 'content-length says 2 bytes but no NUL follows them'],
    ['SEND\ndestination:/q\ncontent-length:x\n\nbody\0', "content-length 'x' is not a number of bytes"],
    ['SEND\ndestination:/q\ncontent-type:application/json\n\n{"a":\0', 'body is not JSON (content-type application/json): unexpected end of JSON at offset 5'],
  ])('malformed %j: %s', (text, error) => {
    const decoded = one(text);
    expect(decoded.items[0]!.error).toBe(error);
    expect(decoded.summary).not.toBe('');
  });
});

describe('frames split over several messages (stompjs splitLargeFrames)', () => {
  test('the next message from the same side continues the frame; the other side and heart-beats do not interfere', () => {
    const decoded = decodeAll(V12, [
      send('SEND\ndestination:/queue/big\ncontent-type:application/json\ncontent-len'),
      receive('MESSAGE\ndestination:/t\n\nx\0'),
      send('gth:10\n\n{"n":1.'),
      send('\n'),
      send('50}\0'),
    ]);
    expect(decoded.map((message) => [message.summary, message.continuation ?? false, message.error])).toEqual([
      ['SEND /queue/big', false, undefined],
      ['MESSAGE /t', false, undefined],
      ['SEND /queue/big', true, undefined],
      ['heart-beat', false, undefined],
      ['SEND /queue/big', true, undefined],
    ]);
    expect(decoded[0]!.items[0]!.tree.at(-1)).toEqual({
      label: 'incomplete',
      type: 'text',
      value: 'the message ends inside the frame (69 bytes so far): its end may follow in the next message',
    });
    expect(decoded[4]!.items[0]!.tree[1]).toEqual({ label: 'body', type: 'object', children: [{ label: 'n', type: 'number', value: '1.50' }] });
    expect(decoded[4]!.items[0]!.fields['content-type']).toBe('application/json');
  });
  test('a frame never ended: the next frame says so', () => {
    const decoded = decodeAll(V12, [send('SEND\ndestination:/q\n\nno end'), send('SEND\ndestination:/r\n\nok\0')]);
    expect(decoded[1]!.summary).toBe('SEND /r');
    expect(decoded[1]!.continuation).toBeUndefined();
    expect(decoded[1]!.error).toBe('the SEND frame of an earlier message never got its end');
  });
  test('cut inside the command line', () => {
    const decoded = decodeAll(V12, [send('SE'), send('ND\ndestination:/q\n\n\0')]);
    expect(decoded.map((message) => message.summary)).toEqual(['SE', 'SEND /q']);
    expect(decoded[1]!.items[0]!.error).toBeUndefined();
  });
});

describe('detection', () => {
  const detect = (context: Partial<ConnectionContext>, messages: MessageInput[] = []) =>
    detectProtocol({ url: '/ws', protocol: '', requestedProtocols: [], ...context }, messages)?.id;
  test('sub-protocols', () => {
    expect(detect({ protocol: 'v12.stomp' })).toBe('stomp');
    expect(detect({ protocol: 'v10.stomp' })).toBe('stomp');
    expect(detect({ requestedProtocols: ['v11.stomp'] })).toBe('stomp');
    expect(stompDecoder.detect({ url: '', protocol: 'v12.stomp', requestedProtocols: [] }, [])).toBeGreaterThan(
      stompDecoder.detect({ url: '', protocol: '', requestedProtocols: [] }, [send('CONNECT\n\n\0')]),
    );
  });
  test('a first CONNECT, STOMP or CONNECTED frame', () => {
    expect(detect({}, [send('CONNECT\naccept-version:1.2\n\n\0')])).toBe('stomp');
    expect(detect({}, [send('\n'), send('STOMP\r\naccept-version:1.2\r\n\r\n\0')])).toBe('stomp');
    expect(detect({}, [receive('CONNECTED\nversion:1.2\n\n\0')])).toBe('stomp');
  });
  test('not JSON, not text that merely starts with CONNECT', () => {
    // JSON goes to the plain JSON fallback; graphql-ws is the legacy GraphQL sub-protocol.
    expect(detect({}, [send('{"command":"CONNECT"}')])).toBe('json');
    expect(detect({}, [send('CONNECTING to server')])).toBeUndefined();
    expect(detect({ protocol: 'graphql-ws' })).toBe('subscriptions-transport-ws');
  });
});

test('never throws: random and mutated real frames, text and binary', () => {
  const real = [
    'CONNECT\naccept-version:1.2\nhost:mq.example\nheart-beat:10000,10000\n\n\0',
    'MESSAGE\nsubscription:0\nmessage-id:007\ndestination:/topic/prices\ncontent-type:application/json\ncontent-length:13\n\n{"p":1.50,"q"}\0',
    'SEND\ndestination:/q\nnote:a\\cb\\nc\n\nhi\0\n',
    'CONNECTED\nversion:1.1\n\n\0',
  ];
  const message = fuzzMessages(real, { textLength: 80, binaryLength: 40 });
  fc.assert(
    fc.property(
      fc.constantFrom(V12, { ...V12, protocol: 'v10.stomp' }, { ...V12, protocol: 'v11.stomp' }, { ...V12, protocol: '' }),
      fc.array(message, { maxLength: 10 }),
      (context, messages) => {
        const state = stompDecoder.createState(context);
        for (const input of messages) {
          const decoded = stompDecoder.decode(input, state, context);
          expect(decoded.items.length).toBeGreaterThan(0);
          expect(typeof decoded.summary).toBe('string');
        }
        expect(stompDecoder.detect(context, messages)).toBeGreaterThanOrEqual(0);
      },
    ),
    { numRuns: 500 },
  );
});
