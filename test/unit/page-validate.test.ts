import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { parseBatchDetail, parseRelayEvent, MAX_CLOSE_REASON_LENGTH, MAX_ID_LENGTH } from '../../src/shared/validate';
import { base64ToBytes, bytesToBase64 } from '../../src/shared/base64';
import type { PageToContent } from '../../src/shared/messages';
import { encodeBinary, encodeText } from '../../src/page/payload-encoding';

const conn = '0b8f7f7e-6a53-4a43-9d8e-3f4b0d1c2a11';
const time = 1_795_000_000_000.25;

const valid: PageToContent[] = [
  { t: 'created', conn, url: 'wss://example.com/live?x=1', protocols: ['chat', 'v2'], time, origin: 'page' },
  { t: 'created', conn, url: 'ws://127.0.0.1:8080/', protocols: [], time, origin: 'replayed' },
  { t: 'open', conn, protocol: 'chat', extensions: 'permessage-deflate; client_max_window_bits=15', time },
  { t: 'message', conn, seq: 1, dir: 'send', time, origin: 'page', payload: { kind: 'text', source: 'string', size: 6, data: 'héllo', truncated: false } },
  {
    t: 'message',
    conn,
    seq: 2,
    dir: 'receive',
    time,
    origin: 'injected',
    payload: { kind: 'binary', source: 'Blob', size: 3, data: 'AQID', truncated: false },
  },
  {
    t: 'message',
    conn,
    seq: 3,
    dir: 'send',
    time,
    origin: 'replayed',
    payload: { kind: 'binary', source: 'Float16Array', size: 25, data: 'AAECAwQFBgcICQ==', truncated: true },
  },
  { t: 'message', conn, seq: 4, dir: 'send', time, origin: 'page', payload: { kind: 'text', source: 'string', size: 0, data: '', truncated: false } },
  { t: 'close', conn, time, close: { code: 1006, reason: '', wasClean: false, initiator: 'server' } },
  { t: 'close', conn, time, close: { code: 4000, reason: 'bye', wasClean: true, initiator: 'client' } },
  { t: 'error', conn, time, text: 'WebSocket connection failed' },
  { t: 'command-result', id: 'cmd-1', ok: true },
  { t: 'command-result', id: 'cmd-2', ok: true, conn },
  { t: 'command-result', id: 'cmd-3', ok: false, error: 'Socket is closed (code 1006)' },
  {
    t: 'created',
    conn,
    url: 'wss://example.com/feed',
    protocols: [],
    time,
    origin: 'page',
    worker: { kind: 'dedicated', scriptUrl: 'https://example.com/w.js', name: 'feed' },
    api: 'WebSocketStream',
  },
  { t: 'worker-uncaptured', time, worker: { kind: 'dedicated', scriptUrl: 'https://example.com/w.js', name: '' }, reason: 'a reason' },
  { t: 'worker-uncaptured', time, worker: { kind: 'dedicated', scriptUrl: 'https://example.com/w.js', name: '' }, reason: 'a reason', notStarted: true },
];

/** The relay's check of an event as a Firefox hook sends it (binary as base64), binary given back as base64 to compare. */
function parsePageEvent(raw: unknown): PageToContent | null {
  const event = parseRelayEvent(raw);
  if (!event || event.t !== 'message' || !('bytes' in event.payload)) return event as PageToContent | null;
  const { bytes, ...payload } = event.payload;
  return { ...event, payload: { ...payload, data: bytesToBase64(new Uint8Array(bytes as ArrayBuffer)) } };
}

describe('parseRelayEvent, on events as the Firefox hook sends them', () => {
  test.each(valid.map((event) => [event.t, event] as const))('accepts a well-formed %s event as an equal fresh object', (_, event) => {
    const raw = JSON.parse(JSON.stringify(event));
    const parsed = parsePageEvent(raw);
    expect(parsed).toEqual(event);
    expect(parsed).not.toBe(raw);
  });

  test('rejects non-objects and unknown kinds', () => {
    for (const raw of [null, undefined, 'created', 42, [], [valid[0]], { t: 'ready' }, { t: 'toString' }, { t: '__proto__' }]) {
      expect(parsePageEvent(raw)).toBeNull();
    }
  });

  test('rejects extra fields, at the top and inside payload and close', () => {
    expect(parsePageEvent({ ...valid[0], extra: 1 })).toBeNull();
    const message = valid[3] as Extract<PageToContent, { t: 'message' }>;
    expect(parsePageEvent({ ...message, payload: { ...message.payload, html: '<b>' } })).toBeNull();
    const close = valid[7] as Extract<PageToContent, { t: 'close' }>;
    expect(parsePageEvent({ ...close, close: { ...close.close, extra: true } })).toBeNull();
  });

  test('rejects every field with the wrong type, one at a time', () => {
    const wrong: Record<string, unknown[]> = {
      conn: ['', 'x'.repeat(MAX_ID_LENGTH + 1), 5, null],
      url: [5, null, 'x'.repeat(70_000)],
      protocols: ['chat', [1], null, Array(200).fill('p')],
      time: [-1, Number.NaN, Infinity, '1', null],
      origin: ['server', '', null],
      protocol: [null, 1],
      extensions: [null, 1],
      seq: [0, -1, 1.5, '1', null],
      dir: ['both', null],
      text: [null, 'x'.repeat(5000)],
      id: ['', null, 3],
      ok: ['true', 1, null],
      error: [1, null],
      worker: [
        null,
        'https://example.com/w.js',
        { kind: 'background', scriptUrl: 'u', name: '' },
        { kind: 'dedicated', scriptUrl: 'u', name: '', extra: 1 },
        { kind: 'dedicated', scriptUrl: 1, name: '' },
      ],
      api: ['WebSocket', 1, null],
      reason: [null, 1, 'x'.repeat(5000)],
      notStarted: [false, 1, 'true', null],
    };
    for (const event of valid) {
      for (const [field, values] of Object.entries(wrong)) {
        if (!(field in event)) continue;
        for (const value of values) expect(parsePageEvent({ ...event, [field]: value }), `${event.t}.${field}=${String(value).slice(0, 20)}`).toBeNull();
      }
    }
  });

  test('checks payload consistency: kind/source pairing, base64, sizes against data', () => {
    const base = valid[3] as Extract<PageToContent, { t: 'message' }>;
    const withPayload = (payload: Record<string, unknown>) => parsePageEvent({ ...base, payload: { ...base.payload, ...payload } });
    expect(withPayload({ source: 'Uint8Array' })).toBeNull(); // text must come from a string
    expect(withPayload({ kind: 'binary', source: 'string', data: 'AQID', size: 3 })).toBeNull();
    expect(withPayload({ kind: 'binary', source: 'Uint8Array', data: 'AQI*', size: 3 })).toBeNull();
    expect(withPayload({ kind: 'binary', source: 'Uint8Array', data: 'AQID', size: 4 })).toBeNull(); // 4 bytes need 8 chars
    expect(withPayload({ kind: 'binary', source: 'Uint8Array', data: 'AQIDBA==', size: 3, truncated: true })).toBeNull();
    expect(withPayload({ kind: 'binary', source: 'SharedArrayBuffer', data: 'AQID', size: 3 })).toBeNull();
    expect(withPayload({ size: 2 })).toBeNull(); // 5 characters are at least 5 bytes
    expect(withPayload({ size: 100 })).toBeNull(); // and at most 15
    expect(withPayload({ size: 100, truncated: true })).not.toBeNull();
    expect(withPayload({ size: -1 })).toBeNull();
    expect(withPayload({ truncated: 'no' })).toBeNull();
    expect(withPayload({ kind: 'json' })).toBeNull();
  });

  test('checks close info ranges and enums', () => {
    const base = valid[7] as Extract<PageToContent, { t: 'close' }>;
    const withClose = (close: Record<string, unknown>) => parsePageEvent({ ...base, close: { ...base.close, ...close } });
    expect(withClose({ code: 5000 })).toBeNull();
    expect(withClose({ code: 1000.5 })).toBeNull();
    expect(withClose({ reason: 'x'.repeat(MAX_CLOSE_REASON_LENGTH + 1) })).toBeNull();
    expect(withClose({ wasClean: 1 })).toBeNull();
    expect(withClose({ initiator: 'page' })).toBeNull();
    expect(withClose({ initiator: 'unknown' })).not.toBeNull();
  });

  test('accepts every payload the hook encodes, at any cap', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.uint8Array({ maxLength: 64 }), fc.nat(80), (text, bytes, cap) => {
        const textPayload = encodeText(text, cap);
        const binaryPayload = encodeBinary({ source: 'Uint8Array', size: bytes.length, bytes: bytes.subarray(0, cap) });
        for (const payload of [textPayload, binaryPayload]) {
          const event = { t: 'message', conn, seq: 1, dir: 'receive', time, origin: 'page', payload };
          expect(parsePageEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
        }
      }),
    );
  });
});

describe('the relay hands binary payloads on as bytes; the background checks them again and stores them as bytes', () => {
  const base = valid[4] as Extract<PageToContent, { t: 'message' }>; // binary "AQID", 3 bytes
  const withPayload = (payload: Record<string, unknown>) => ({ ...base, payload: { ...base.payload, ...payload } });

  test('parseRelayEvent decodes base64 to an exact ArrayBuffer and passes text and lifecycle events as they are', () => {
    const relayed = parseRelayEvent(JSON.parse(JSON.stringify(base)));
    expect(relayed).toEqual({ ...base, payload: { kind: 'binary', source: 'Blob', size: 3, bytes: new Uint8Array([1, 2, 3]).buffer, truncated: false } });
    for (const event of valid.filter((event) => event.t !== 'message' || event.payload.kind === 'text')) {
      expect(parseRelayEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
    }
  });

  test('parseRelayEvent refuses base64 that is not, decoding being the alphabet check', () => {
    for (const data of ['AQI*', 'AQ D', 'AQI', '====']) expect(parseRelayEvent(withPayload({ data }))).toBeNull();
    // Two bytes where three were stated: the length of the base64 fits, the decoded bytes do not.
    expect(parseRelayEvent(withPayload({ data: 'AQI=' }))).toBeNull();
    expect(parseRelayEvent(withPayload({ data: 'AQIDBA==', size: 3, truncated: true }))).toBeNull();
  });

  const bufferedPayload = (extra: Record<string, unknown>) => {
    const { data: _omitted, ...rest } = base.payload;
    return JSON.parse(JSON.stringify({ ...base, payload: { ...rest, ...extra } }));
  };

  test("parseRelayEvent takes a Chrome hook's bytes from the buffers beside the JSON, by index and exact length", () => {
    const three = new Uint8Array([1, 2, 3]).buffer;
    const buffers = [new ArrayBuffer(7), three];
    expect(parseRelayEvent(bufferedPayload({ buffer: 1 }), buffers)).toEqual({
      ...base,
      payload: { kind: 'binary', source: 'Blob', size: 3, bytes: three, truncated: false },
    });
    expect(parseRelayEvent(bufferedPayload({ buffer: 0 }), buffers)).toBeNull(); // 7 bytes where 3 were stated
    expect(parseRelayEvent(bufferedPayload({ buffer: 0, size: 9, truncated: true }), buffers)).not.toBeNull();
    for (const buffer of [2, -1, 0.5, '1', null]) expect(parseRelayEvent(bufferedPayload({ buffer }), buffers)).toBeNull();
    expect(parseRelayEvent(bufferedPayload({ buffer: 1 }))).toBeNull(); // no buffers came with the batch
    expect(parseRelayEvent(bufferedPayload({ buffer: 1, data: 'AQID' }), buffers)).toBeNull(); // both forms at once
  });

  test('large payloads come beside the JSON as Blobs, checked by their size like buffers', () => {
    const blob = new Blob([new Uint8Array([1, 2, 3])]);
    const buffers = [new Blob([new Uint8Array(7)]), blob];
    expect(parseRelayEvent(bufferedPayload({ buffer: 1 }), buffers)).toEqual({
      ...base,
      payload: { kind: 'binary', source: 'Blob', size: 3, bytes: blob, truncated: false },
    });
    expect(parseRelayEvent(bufferedPayload({ buffer: 0 }), buffers)).toBeNull(); // 7 bytes where 3 were stated
    expect(parseRelayEvent(bufferedPayload({ buffer: 0, size: 9, truncated: true }), buffers)).not.toBeNull();
    expect(parseRelayEvent(bufferedPayload({ buffer: 0, size: 6, truncated: true }), buffers)).toBeNull(); // cut, yet longer than the whole
    expect(parseBatchDetail({ json: '[]', buffers: [blob] })).toEqual({ json: '[]', buffers: [blob] });
    // Something that merely looks like a Blob is not one.
    expect(parseBatchDetail({ json: '[]', buffers: [{ size: 3, slice() {}, arrayBuffer() {} }] })).toBeNull();
  });

  test('parseBatchDetail takes JSON text, or JSON with ArrayBuffers beside it, and nothing else', () => {
    const buffer = new ArrayBuffer(2);
    expect(parseBatchDetail('[]')).toEqual({ json: '[]', buffers: [] });
    expect(parseBatchDetail({ json: '[]', buffers: [buffer] })).toEqual({ json: '[]', buffers: [buffer] });
    // An array without a prototype, as a detail read in the page's own world keeps it.
    expect(parseBatchDetail({ json: '[]', buffers: Object.setPrototypeOf([buffer], null) })?.buffers).toEqual([buffer]);
    for (const detail of [
      null,
      3,
      ['[]'],
      { json: 1, buffers: [] },
      { json: '[]' },
      { json: '[]', buffers: [new Uint8Array(2)] },
      { json: '[]', buffers: {} },
      { json: '[]', buffers: [], extra: 1 },
    ]) {
      expect(parseBatchDetail(detail)).toBeNull();
    }
  });
});

describe('shared base64', () => {
  test('round trips any bytes and refuses unpadded, spaced or foreign characters', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100_000 }), (bytes) => {
        expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
      }),
      { numRuns: 50 },
    );
    for (const text of ['AQI', 'AQ ID', 'AQI*', 'A===']) expect(() => base64ToBytes(text)).toThrow();
    expect(base64ToBytes('')).toEqual(new Uint8Array());
  });
});
