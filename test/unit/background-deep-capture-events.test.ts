// Deep capture's Network events (src/background/deep-capture/): what Chrome's debugger reports for a
// worker's socket, checked like page data, and made into the ingest's own events.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseNetworkSocketEvent, SOCKET_EVENT_METHODS } from '../../src/background/deep-capture/cdp-network';
import { DEBUGGER_CLOSE, SocketEventTranslator, injectedMessageUpdate } from '../../src/background/deep-capture/socket-events';
import type { WorkerContext } from '../../src/shared/models';

const worker: WorkerContext = { kind: 'shared', scriptUrl: 'https://app.test/shared.js', name: '' };
const requestId = '15402.5';
const MB = 1024 * 1024;

/** Events as Chromium 156 sent them for a shared worker's echo (recorded, trimmed). */
const recorded: [string, unknown][] = [
  ['Network.webSocketCreated', { requestId, url: 'wss://app.test/feed', initiator: { type: 'script' } }],
  [
    'Network.webSocketWillSendHandshakeRequest',
    { requestId, timestamp: 63538.9, wallTime: 1796472823.120456, request: { headers: { Upgrade: 'websocket', 'Sec-WebSocket-Protocol': 'chat, v2' } } },
  ],
  [
    'Network.webSocketHandshakeResponseReceived',
    { requestId, response: { status: 101, statusText: 'Switching Protocols', headers: { Upgrade: 'websocket', 'Sec-WebSocket-Protocol': 'chat' } } },
  ],
  ['Network.webSocketFrameSent', { requestId, response: { opcode: 1, mask: true, payloadData: 'hi' } }],
  ['Network.webSocketFrameReceived', { requestId, response: { opcode: 2, mask: false, payloadData: 'AQID' } }],
  ['Network.webSocketClosed', { requestId, timestamp: 63539 }],
];

function translateAll(events: [string, unknown][], maxPayloadBytes = MB) {
  const translator = new SocketEventTranslator(worker);
  return events.map(([method, params]) => {
    const event = parseNetworkSocketEvent(method, params);
    return event && translator.translate(event, 1000, maxPayloadBytes);
  });
}

describe('deep capture events', () => {
  test('a recorded socket becomes created, handshake, open, messages both ways (text as is, binary as bytes) and close', () => {
    const [created, request, response, sent, received, closed] = translateAll(recorded);
    expect(created).toMatchObject({ first: true, events: [{ t: 'created', conn: requestId, url: 'wss://app.test/feed', origin: 'page', worker }] });
    expect(request).toMatchObject({ first: false, events: [], requestedProtocols: ['chat', 'v2'], handshake: { startedAt: 1796472823120 } });
    expect(response?.events).toEqual([{ t: 'open', conn: requestId, protocol: 'chat', extensions: '', time: 1000 }]);
    expect(response?.handshake).toMatchObject({ statusCode: 101, statusLine: 'HTTP/1.1 101 Switching Protocols' });
    expect(sent?.events).toEqual([
      {
        t: 'message',
        conn: requestId,
        seq: 1,
        dir: 'send',
        time: 1000,
        origin: 'page',
        payload: { kind: 'text', source: 'string', size: 2, data: 'hi', truncated: false },
      },
    ]);
    const message = received?.events[0];
    expect(message).toMatchObject({ t: 'message', seq: 2, dir: 'receive', payload: { kind: 'binary', size: 3, truncated: false } });
    expect([...new Uint8Array((message as { payload: { bytes: ArrayBuffer } }).payload.bytes)]).toEqual([1, 2, 3]);
    expect(closed?.events).toEqual([{ t: 'close', conn: requestId, time: 1000, close: DEBUGGER_CLOSE }]);
  });

  test('a refused handshake is an error, not an open', () => {
    const [, , response] = translateAll([
      recorded[0]!,
      recorded[1]!,
      ['Network.webSocketHandshakeResponseReceived', { requestId, response: { status: 403, statusText: 'Forbidden', headers: {} } }],
    ]);
    expect(response?.events).toEqual([{ t: 'error', conn: requestId, time: 1000, text: 'Handshake answered 403 Forbidden' }]);
  });

  test('payloads over the capture cap are cut to it, text on a whole character', () => {
    const [text, binary] = translateAll(
      [
        ['Network.webSocketFrameSent', { requestId, response: { opcode: 1, payloadData: 'aé€x' } }],
        ['Network.webSocketFrameSent', { requestId, response: { opcode: 2, payloadData: 'AQIDBA==' } }],
      ],
      4,
    );
    expect(text?.events[0]).toMatchObject({ payload: { kind: 'text', size: 7, data: 'aé', truncated: true } });
    expect(binary?.events[0]).toMatchObject({ payload: { kind: 'binary', size: 4, truncated: false } });
  });

  test('control frames, other methods and malformed events are ignored', () => {
    const ignored: [string, unknown][] = [
      ['Network.webSocketFrameSent', { requestId, response: { opcode: 8, payloadData: '' } }],
      ['Network.webSocketFrameReceived', { requestId, response: { opcode: 2, payloadData: 'not base64!' } }],
      ['Network.requestWillBeSent', { requestId, request: {} }],
      ['Network.webSocketCreated', { requestId: 5, url: 'wss://x' }],
      ['Network.webSocketCreated', { requestId, url: 'x'.repeat(70_000) }],
      ['Network.webSocketWillSendHandshakeRequest', { requestId, request: { headers: { Upgrade: 1 } } }],
      ['Network.webSocketHandshakeResponseReceived', { requestId, response: { status: '101', headers: {} } }],
      ['Network.webSocketFrameError', { requestId }],
      ['Network.webSocketClosed', null],
    ];
    expect(translateAll(ignored)).toEqual(ignored.map(() => null));
  });

  test('whatever a target sends, parsing never throws', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SOCKET_EVENT_METHODS), fc.anything(), (method, params) => {
        const event = parseNetworkSocketEvent(method, params);
        if (event) new SocketEventTranslator(worker).translate(event, 0, 16);
      }),
    );
  });

  test('an injected message is recorded as received and injected, binary with the type the socket gave the worker, cut to the cap', () => {
    const message = (kind: 'text' | 'binary', data: string, binaryType: string, cap = MB) => {
      const update = injectedMessageUpdate(requestId, { kind, data }, binaryType, 7, cap);
      const event = update?.events[0];
      return event?.t === 'message' ? [event.dir, event.origin, event.payload.source, event.payload.size, event.payload.truncated] : update;
    };
    expect(message('text', 'héllo', 'arraybuffer')).toEqual(['receive', 'injected', 'string', 6, false]);
    expect(message('binary', 'Bwg=', 'arraybuffer')).toEqual(['receive', 'injected', 'ArrayBuffer', 2, false]);
    expect(message('binary', 'Bwg=', 'blob')).toEqual(['receive', 'injected', 'Blob', 2, false]);
    expect(message('text', 'x'.repeat(20), 'blob', 16)).toEqual(['receive', 'injected', 'string', 20, true]);
  });
});
