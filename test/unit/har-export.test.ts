import { describe, expect, test } from 'vitest';
import { exportHar } from '../../src/shared/har/export';
import { harJsonPieces } from '../../src/shared/har/serialize';
import { harFileName } from '../../src/shared/har/file-name';
import { sampleSource } from '../fixtures/har/sample';

describe('exportHar', () => {
  const har = exportHar(sampleSource(), { creatorVersion: '0.1.0' });
  const [entry, quiet] = har.log.entries;

  test('writes HAR 1.2 with one page per session and one websocket entry per connection', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'WebSocket Inspector', version: '0.1.0' });
    expect(har.log.pages).toHaveLength(1);
    expect(har.log.pages[0]).toMatchObject({ id: 'page_1', title: 'Chat', startedDateTime: '2025-11-20T09:15:00.000Z' });
    expect(har.log.entries).toHaveLength(2);
    expect(entry!._resourceType).toBe('websocket');
    expect(entry!.pageref).toBe('page_1');
  });

  test('writes the handshake as request and 101 response with headers', () => {
    expect(entry!.request).toMatchObject({
      method: 'GET',
      url: 'wss://app.example.test/ws?token=abc&room=1',
      httpVersion: 'HTTP/1.1',
      headersSize: -1,
      bodySize: 0,
    });
    expect(entry!.request.queryString).toEqual([
      { name: 'token', value: 'abc' },
      { name: 'room', value: '1' },
    ]);
    expect(entry!.request.cookies).toEqual([
      { name: 'sid', value: 's3cr3t' },
      { name: 'theme', value: 'dark' },
    ]);
    expect(entry!.request.headers).toContainEqual({ name: 'Authorization', value: 'Bearer xyz' });
    expect(entry!.response).toMatchObject({
      status: 101,
      statusText: 'Switching Protocols',
      httpVersion: 'HTTP/1.1',
      redirectURL: '',
      content: { size: 0, mimeType: 'x-unknown' },
    });
    expect(entry!.response.cookies).toEqual([{ name: 'sid', value: 'new' }]);
    expect(entry!.startedDateTime).toBe(new Date(Math.floor(1763630100501.7)).toISOString());
    expect(entry!.timings.wait).toBeCloseTo(9.2, 6);
  });

  test('writes messages in Chrome format: type, Unix seconds, opcode, text or base64', () => {
    const messages = entry!._webSocketMessages!;
    expect(messages.map((m) => [m.type, m.opcode])).toEqual([
      ['send', 1],
      ['receive', 1],
      ['send', 2],
      ['receive', 1],
      ['error', -1],
    ]);
    expect(messages[0]!.time).toBe(1763630100.600063); // microseconds: enough, and stable across round trips
    expect(messages[0]!.data).toBe('{"op":"login","password":"hunter2","nested":{"token":"t"}}');
    expect(messages[2]!.data).toBe('AAEC/w==');
    expect(messages[1]!._wsiOrigin).toBe('injected');
    expect(messages[2]!._wsiSource).toBe('Uint8Array');
    expect(messages[3]).toMatchObject({ _wsiTruncated: true, _wsiSize: 90000 });
    expect(messages[4]).toMatchObject({ type: 'error', data: 'boom' });
  });

  test('a connection that never opened has status 0 and no messages', () => {
    expect(quiet!.response.status).toBe(0);
    expect(quiet!._webSocketMessages).toEqual([]);
    expect(quiet!.request.headers).toEqual([]);
  });

  test('redacts secret headers, cookies, JSON fields and query parameters by name', () => {
    const redacted = exportHar(sampleSource(), { creatorVersion: '0', redaction: { headers: true, fieldNames: ['password', 'TOKEN'], marker: '<hidden>' } });
    const e = redacted.log.entries[0]!;
    expect(e.request.headers).toContainEqual({ name: 'Cookie', value: '<hidden>' });
    expect(e.request.headers).toContainEqual({ name: 'Authorization', value: '<hidden>' });
    expect(e.request.headers).toContainEqual({ name: 'Sec-WebSocket-Protocol', value: 'v2, v1' });
    expect(e.response.headers).toContainEqual({ name: 'Set-Cookie', value: '<hidden>' });
    expect(e.request.cookies.every((c) => c.value === '<hidden>')).toBe(true);
    expect(JSON.parse(e._webSocketMessages![0]!.data)).toEqual({ op: 'login', password: '<hidden>', nested: { token: '<hidden>' } });
    expect(e._webSocketMessages![3]!.data).toBe('plain text, not json');
    expect(e.request.url).toBe('wss://app.example.test/ws?token=%3Chidden%3E&room=1');
    expect(JSON.stringify(redacted)).not.toMatch(/hunter2|s3cr3t|Bearer xyz/);
  });

  test('serialises in pieces that concatenate to the same JSON', () => {
    const big = sampleSource();
    const many = Array.from({ length: 2500 }, (_, i) => ({ ...big.messages[0]!, id: 100 + i, time: big.messages[0]!.time + i }));
    big.messages.push(...many);
    const root = exportHar(big, { creatorVersion: '0' });
    expect(JSON.parse([...harJsonPieces(root)].join(''))).toEqual(JSON.parse(JSON.stringify(root)));
    const empty = exportHar({ ...big, connections: [] }, { creatorVersion: '0' });
    expect(JSON.parse([...harJsonPieces(empty)].join(''))).toEqual(empty);
  });

  test('names the file after the host and local date', () => {
    expect(harFileName('wss://chat.example.test:8443/x', new Date(2026, 10, 22, 4, 5, 6))).toBe('websockets_chat.example.test_8443_2026-11-22_04-05-06.har');
    expect(harFileName('', new Date(2026, 0, 2, 3, 4, 5))).toBe('websockets_websockets_2026-01-02_03-04-05.har');
  });
});
