import { describe, expect, test } from 'vitest';
import { applyLifecycle, countMessage, normalizeSocketUrl, type FrameContext, type LifecycleEvent } from '../../src/background/connections';
import { messageRecordOf, previewOf } from '../../src/background/message-records';
import { storableEvents, type StorableMessage } from '../../src/background/storable-events';

const frame: FrameContext = { sessionId: 's1', tabId: 3, frameId: 0, frameUrl: 'http://a.test/' };
const created: LifecycleEvent = { t: 'created', conn: 'd/1', url: 'WS://A.test:80/x', protocols: ['p'], time: 10, origin: 'page' };
const message = (dir: 'send' | 'receive', size: number): StorableMessage => ({
  t: 'message',
  conn: 'd/1',
  seq: 1,
  dir,
  time: 12,
  origin: 'page',
  payload: { kind: 'text', source: 'string', size, data: 'x'.repeat(size), truncated: false },
});

describe('connection records', () => {
  test('lifecycle events build the record; applying one twice changes nothing', () => {
    const afterCreated = applyLifecycle(undefined, created, frame);
    expect(afterCreated).toMatchObject({ id: 'd/1', url: 'ws://a.test/x', state: 'connecting', sessionId: 's1', handshakeId: '' });
    const open = { t: 'open', conn: 'd/1', protocol: 'p', extensions: 'permessage-deflate', time: 11 } as const;
    const afterOpen = applyLifecycle(afterCreated, open, frame);
    expect(afterOpen).toMatchObject({ state: 'open', protocol: 'p', openedAt: 11 });
    expect(applyLifecycle(afterOpen, open, frame)).toEqual(afterOpen);
    expect(applyLifecycle(afterOpen, created, frame).state).toBe('open'); // A re-delivered "created" does not go back.
    const error = { t: 'error', conn: 'd/1', time: 13, text: 'failed' } as const;
    const afterError = applyLifecycle(applyLifecycle(afterOpen, error, frame), error, frame);
    expect(afterError.errors).toEqual(['failed']);
    const close = { t: 'close', conn: 'd/1', time: 14, close: { code: 1000, reason: '', wasClean: true, initiator: 'client' } } as const;
    expect(applyLifecycle(afterError, close, frame)).toMatchObject({ state: 'closed', closedAt: 14 });
  });

  test('messages count per direction, by wire size', () => {
    const record = countMessage(countMessage(applyLifecycle(undefined, created, frame), message('send', 5)), message('receive', 7));
    expect(record).toMatchObject({ sentCount: 1, sentBytes: 5, receivedCount: 1, receivedBytes: 7 });
  });

  test('socket URLs compare as the browser normalises them', () => {
    expect(normalizeSocketUrl('ws://127.0.0.1:80/a?b')).toBe('ws://127.0.0.1/a?b');
    expect(normalizeSocketUrl('not a url')).toBe('not a url');
  });
});

describe('message records', () => {
  test('previews: 200 characters of text, 150 bytes (200 base64 characters) of binary', () => {
    expect(previewOf({ kind: 'text', source: 'string', size: 300, data: 'y'.repeat(300), truncated: false })).toHaveLength(200);
    const preview = previewOf({ kind: 'binary', source: 'ArrayBuffer', size: 300, bytes: new Uint8Array(300).fill(1).buffer, truncated: false });
    expect(Buffer.from(preview, 'base64')).toEqual(Buffer.alloc(150, 1));
  });

  test('Blob payloads are read into bytes before the write; one that cannot be read is stored cut to nothing and marked lost', async () => {
    const bytes = new Uint8Array(300_000).map((_, index) => index % 251);
    const unreadable = new Blob([new Uint8Array(3)]);
    unreadable.arrayBuffer = () => Promise.reject(new Error('renderer gone'));
    const binary = (body: Blob) => ({
      ...message('send', 1),
      payload: { kind: 'binary' as const, source: 'Blob' as const, size: body.size, bytes: body, truncated: false },
    });
    const text = message('send', 10);
    const [first, second, third] = await storableEvents([text, binary(new Blob([bytes])), binary(unreadable)], { readBlobs: true });
    expect(first).toBe(text);
    expect(second).toMatchObject({ payload: { size: 300_000, truncated: false } });
    expect(new Uint8Array((second as { payload: { bytes: ArrayBuffer } }).payload.bytes)).toEqual(bytes);
    expect(Buffer.from(messageRecordOf(second as StorableMessage).payload.preview, 'base64')).toEqual(Buffer.from(bytes.subarray(0, 150)));
    expect(third).toMatchObject({ payload: { size: 3, truncated: true, lost: true } });
    expect((third as { payload: { bytes: ArrayBuffer } }).payload.bytes.byteLength).toBe(0);
    expect(messageRecordOf(third as StorableMessage).payload).toEqual({ kind: 'binary', source: 'Blob', size: 3, truncated: true, lost: true, preview: '' });
    expect('lost' in messageRecordOf(second as StorableMessage).payload).toBe(false);
    // A paused tab's messages are not stored: nothing is read, the Blob stands as empty bytes.
    const [unread] = await storableEvents([binary(unreadable)], { readBlobs: false });
    expect(unread).toMatchObject({ payload: { size: 3, truncated: false } });
    expect((unread as { payload: { bytes: ArrayBuffer } }).payload.bytes.byteLength).toBe(0);
  });

  test('a record keeps the summary and the per-connection sequence number, not the data', () => {
    const record = messageRecordOf(message('send', 300));
    expect(record).toMatchObject({ connectionId: 'd/1', seq: 1, direction: 'send', time: 12 });
    expect(record.payload).toEqual({ kind: 'text', source: 'string', size: 300, truncated: false, preview: 'x'.repeat(200) });
    expect('data' in record.payload).toBe(false);
  });
});
