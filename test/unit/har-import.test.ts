import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { exportHar } from '../../src/shared/har/export';
import { parseHar, type HarImport } from '../../src/shared/har/parse';
import { importSteps } from '../../src/shared/har/to-records';
import { applySteps, counterIds, sampleSource } from '../fixtures/har/sample';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../fixtures/har', name), 'utf8');

function parsed(text: string): HarImport {
  const result = parseHar(text);
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.har;
}

describe('parseHar errors say where', () => {
  const errorsOf = (text: string) => {
    const result = parseHar(text);
    if (result.ok) throw new Error('expected errors');
    return result.errors;
  };
  const withMessage = (message: unknown) =>
    JSON.stringify({
      log: {
        entries: [{ _resourceType: 'websocket', startedDateTime: '2026-01-01T00:00:00Z', time: 1, request: { url: 'ws://x/' }, _webSocketMessages: [message] }],
      },
    });

  test('not JSON', () => {
    expect(errorsOf('<html>')[0]).toMatch(/^The file is not JSON: /);
  });
  test('not HAR', () => {
    expect(errorsOf('{"foo":1}')).toEqual(['Not a HAR file: log: expected an object, got nothing (missing)']);
    expect(errorsOf('[1]')).toEqual(['Not a HAR file: (top level): expected an object, got an array']);
    expect(errorsOf('{"log":{"entries":{}}}')).toEqual(['log.entries: expected an array, got an object']);
  });
  test('wrong field types, with JSON paths', () => {
    const chrome = JSON.parse(fixture('chrome-websocket.har'));
    chrome.log.entries[1]._webSocketMessages[3].opcode = '2';
    chrome.log.entries[1]._webSocketMessages[4].time = null;
    chrome.log.entries[1].request.headers[2].value = 5;
    chrome.log.entries[1].startedDateTime = 'yesterday';
    expect(errorsOf(JSON.stringify(chrome))).toEqual([
      'log.entries[1].startedDateTime: expected an ISO 8601 date, got "yesterday"',
      'log.entries[1].request.headers[2].value: expected a string, got number',
      'log.entries[1]._webSocketMessages[3].opcode: expected a number, got string',
      'log.entries[1]._webSocketMessages[4].time: expected a number, got null',
    ]);
  });
  test('binary data that is not base64', () => {
    expect(errorsOf(withMessage({ type: 'send', time: 1, opcode: 2, data: 'not base64!' }))).toEqual([
      'log.entries[0]._webSocketMessages[0].data: expected base64 for a binary message (opcode 2)',
    ]);
  });
  test('our flags must be booleans', () => {
    expect(errorsOf(withMessage({ type: 'send', time: 1, opcode: 1, data: 'x', _wsiTruncated: 1, _wsiLost: 'yes' }))).toEqual([
      'log.entries[0]._webSocketMessages[0]._wsiTruncated: expected a boolean, got number',
      'log.entries[0]._webSocketMessages[0]._wsiLost: expected a boolean, got string',
    ]);
  });
  test('a message that is not an object, and no WebSocket entries at all', () => {
    expect(errorsOf(withMessage('hi'))).toEqual(['log.entries[0]._webSocketMessages[0]: expected an object, got string']);
    expect(errorsOf('{"log":{"entries":[{"request":{"url":"https://x/"}}]}}')[0]).toMatch(/^log\.entries: no WebSocket entries among 1/);
  });
  test('caps the list of problems', () => {
    const many = Array.from({ length: 50 }, () => ({ type: 'send', time: 'x', opcode: 1, data: '' }));
    const text = JSON.stringify({
      log: { entries: [{ _resourceType: 'websocket', startedDateTime: '2026-01-01T00:00:00Z', request: { url: 'ws://x/' }, _webSocketMessages: many }] },
    });
    const errors = errorsOf(text);
    expect(errors).toHaveLength(21);
    expect(errors.at(-1)).toBe('… and 30 more problems');
  });
});

describe('import of a Chrome DevTools HAR', () => {
  const har = parsed(fixture('chrome-websocket.har'));
  const source = applySteps(importSteps(har, { fileName: 'chrome.har', newId: counterIds() }));

  test('finds the WebSocket entry among HTTP entries', () => {
    expect(har.creator).toBe('WebInspector');
    expect(har.otherEntries).toBe(1);
    expect(har.sockets).toHaveLength(1);
    expect(har.messageCount).toBe(5);
  });

  test('makes a read-only session per page, tab -1', () => {
    expect(source.sessions).toEqual([
      {
        id: 'id-1',
        tabId: -1,
        pageUrl: 'https://chat.example.test/room/7',
        title: 'https://chat.example.test/room/7',
        startedAt: Date.parse('2026-11-20T09:15:02.114Z'),
        imported: true,
      },
    ]);
  });

  test('rebuilds the connection from handshake headers', () => {
    const [connection] = source.connections;
    expect(connection).toMatchObject({
      sessionId: 'id-1',
      tabId: -1,
      url: 'wss://chat.example.test/socket?room=7',
      requestedProtocols: ['chat.v2', 'chat.v1'],
      protocol: 'chat.v2',
      extensions: 'permessage-deflate',
      state: 'closed',
      errors: ['net::ERR_CONNECTION_RESET'],
      sentCount: 2,
      receivedCount: 3,
      sentBytes: 31 + 5,
      receivedBytes: 37 + 4 + 15,
      origin: 'page',
    });
    expect(connection!.openedAt).toBeCloseTo(Date.parse('2026-11-20T09:15:02.801Z') + 12.75, 6);
    expect(source.handshakes[0]).toMatchObject({
      statusCode: 101,
      statusLine: 'HTTP/1.1 101 Switching Protocols',
      connectionId: connection!.id,
      requestId: connection!.handshakeId,
    });
    expect(source.handshakes[0]!.requestHeaders).toHaveLength(8);
  });

  test('keeps text, binary as base64 and times in ms; skips control frames like Chrome does unknown types', () => {
    expect(source.messages.map((m) => [m.seq, m.direction, m.payload.kind, m.payload.size])).toEqual([
      [1, 'send', 'text', 31],
      [2, 'receive', 'text', 37],
      [3, 'send', 'binary', 5],
      [4, 'receive', 'binary', 4],
      [5, 'receive', 'text', 15],
    ]);
    expect(source.messages[0]!.time).toBe(1763630102820.1);
    expect(source.payloadData(3)).toBe('AAECA/8=');
    expect(source.payloadData(5)).toBe('naïve ✓ 😀');
    expect(source.messages.every((m) => m.origin === 'page' && !m.payload.truncated)).toBe(true);
  });
});

describe('import of a mitmproxy HAR', () => {
  const har = parsed(fixture('mitmproxy-websocket.har'));
  const source = applySteps(importSteps(har, { fileName: 'feed.har', newId: counterIds() }));

  test('one session named after the file, when the HAR has no pages', () => {
    expect(source.sessions).toHaveLength(1);
    expect(source.sessions[0]).toMatchObject({ title: 'feed.har', pageUrl: 'wss://stream.example.test/v1/feed', tabId: -1, imported: true });
  });

  test('text and binary messages; its https: URL shown as wss:; null timings accepted', () => {
    expect(source.messages.map((m) => [m.direction, m.payload.kind, m.payload.preview])).toEqual([
      ['send', 'text', 'SUBSCRIBE ticks'],
      ['receive', 'text', '{"tick":1}'],
      ['receive', 'binary', 'aGVsbG8='],
    ]);
    expect(source.connections[0]).toMatchObject({ url: 'wss://stream.example.test/v1/feed', closedAt: Date.parse('2026-11-21T18:40:11.250Z') + 2250 });
    expect(source.handshakes[0]!.requestHeaders).toContainEqual({ name: 'Authorization', value: 'Bearer secret-token' });
  });

  test('control frames some proxies write (opcode 8/9/10) are not messages', () => {
    const har = JSON.parse(fixture('mitmproxy-websocket.har'));
    har.log.entries[0]._webSocketMessages.push({ type: 'receive', time: 1763750413.5, opcode: 8, data: 'A+g=' });
    const withClose = parsed(JSON.stringify(har));
    expect(withClose.messageCount).toBe(3);
    expect(applySteps(importSteps(withClose, { fileName: 'f', newId: counterIds() })).messages).toHaveLength(3);
  });
});

describe('round trip', () => {
  test('export → import → export writes the same HAR', () => {
    const first = exportHar(sampleSource(), { creatorVersion: '1' });
    const imported = applySteps(importSteps(parsed(JSON.stringify(first)), { fileName: 'x.har', newId: counterIds() }));
    const second = exportHar(imported, { creatorVersion: '1' });
    expect(second).toEqual(first);
    expect(imported.sessions[0]).toMatchObject({ imported: true, tabId: -1, pageUrl: 'https://app.example.test/chat', title: 'Chat' });
    expect(imported.connections[0]).toMatchObject({ createdAt: 1763630100500.123, close: { code: 1000, reason: 'bye' }, protocol: 'v2', origin: 'page' });
    expect(imported.connections[1]).toMatchObject({ origin: 'replayed', handshakeId: '' });
    expect(imported.messages.map((m) => m.origin)).toEqual(['page', 'injected', 'replayed', 'page']);
    expect(imported.messages[2]!.payload.source).toBe('Uint8Array');
    expect(imported.messages[3]!.payload).toMatchObject({ truncated: true, size: 90000 });
  });

  test('a payload whose bytes were lost at capture stays marked lost through export and import', () => {
    const source = sampleSource();
    const binary = source.messages[2]!;
    binary.payload = { ...binary.payload, size: 1_048_576, truncated: true, lost: true, preview: '' };
    const exported = exportHar({ ...source, payloadData: (id) => (id === binary.id ? '' : source.payloadData(id)) }, { creatorVersion: '1' });
    expect(exported.log.entries[0]!._webSocketMessages![2]).toMatchObject({ data: '', _wsiTruncated: true, _wsiLost: true, _wsiSize: 1_048_576 });
    const imported = applySteps(importSteps(parsed(JSON.stringify(exported)), { fileName: 'x.har', newId: counterIds() }));
    expect(imported.messages[2]!.payload).toMatchObject({ kind: 'binary', size: 1_048_576, truncated: true, lost: true });
    expect(imported.messages[3]!.payload.lost).toBeUndefined();
  });

  test('import of the Chrome fixture exports with the same messages', () => {
    const source = applySteps(importSteps(parsed(fixture('chrome-websocket.har')), { fileName: 'c.har', newId: counterIds() }));
    const again = exportHar(source, { creatorVersion: '1' });
    const original = JSON.parse(fixture('chrome-websocket.har')).log.entries[1]._webSocketMessages.filter(
      (m: { type: string; opcode: number }) => m.opcode !== 10,
    );
    expect(again.log.entries[0]!._webSocketMessages!.map(({ type, time, opcode, data }) => ({ type, time, opcode, data }))).toEqual(
      original.map((m: { type: string; time: number }) => (m.type === 'error' ? { ...m, time: again.log.entries[0]!._webSocketMessages!.at(-1)!.time } : m)),
    );
  });

  test('batches messages by count', () => {
    const steps = [...importSteps(parsed(fixture('chrome-websocket.har')), { fileName: 'c.har', newId: counterIds(), batchMessages: 2 })];
    expect(steps.map((s) => s.t)).toEqual(['sessions', 'connection', 'messages', 'messages', 'messages']);
  });
});
