// What a hooked worker says to the hook that started it is the page's word: the parent keeps only
// known, well-typed fields, read as own properties, and rebuilds each event.
import { describe, expect, test } from 'vitest';
import { readChildMessage } from '../../src/page/workers/worker-events';

const conn = 'c1';
const time = 1_795_000_000_000;
const created = { t: 'created', conn, url: 'ws://h/x', protocols: ['a'], time, origin: 'page' };
const message = {
  t: 'message',
  conn,
  seq: 1,
  dir: 'receive',
  time,
  origin: 'page',
  payload: { kind: 'text', source: 'string', size: 2, data: 'hi', truncated: false },
};

describe('readChildMessage', () => {
  test('takes started, fallback with its reason, and events rebuilt from their fields', () => {
    expect(readChildMessage({ t: 'started' })).toEqual({ t: 'started' });
    expect(readChildMessage({ t: 'fallback', reason: 'NetworkError' })).toEqual({ t: 'fallback', reason: 'NetworkError' });
    const read = readChildMessage({ t: 'events', events: [{ ...created, extra: '<b>' }, message] });
    expect(read).toEqual({ t: 'events', events: [created, message] });
    const bytes = new Uint8Array([1, 2]).buffer;
    const binary = { ...message, payload: { kind: 'binary', source: 'ArrayBuffer', size: 2, bytes, truncated: false } };
    expect(readChildMessage({ t: 'events', events: [binary] })).toEqual({ t: 'events', events: [binary] });
  });

  test("takes a nested worker's uncaptured notice, and whether it did not start only when that is exactly true", () => {
    const uncaptured = { t: 'worker-uncaptured', time, worker: { kind: 'dedicated', scriptUrl: 'https://h/w.js', name: '' }, reason: 'why' };
    const notStarted = { ...uncaptured, notStarted: true };
    expect(readChildMessage({ t: 'events', events: [notStarted, { ...uncaptured, notStarted: 'yes' }] })).toEqual({
      t: 'events',
      events: [notStarted, uncaptured],
    });
  });

  test("takes intercept's marks and held notices from a worker's interceptor, checked the same way", () => {
    const original = { kind: 'text', source: 'string', size: 5, data: 'first', truncated: false };
    const marked = { ...message, mark: { steps: [{ action: 'modified', by: 'rename' }], original } };
    const held = { t: 'held', conn, hold: 'h1', dir: 'send', time, payload: original };
    const released = { t: 'released', conn, hold: 'h1' };
    expect(readChildMessage({ t: 'events', events: [marked, held, released] })).toEqual({ t: 'events', events: [marked, held, released] });
    const bad = [
      { ...message, mark: { steps: [{ action: 'rewritten', by: 'x' }] } },
      { ...message, mark: { steps: [{ action: 'held', by: 1 }] } },
      { ...message, mark: { steps: 'held' } },
      { ...message, mark: { steps: [], original: { ...original, data: 5 } } },
      { ...held, dir: 'both' },
      { ...held, payload: { ...original, bytes: new ArrayBuffer(1), data: undefined } },
      { ...released, hold: 1 },
    ];
    expect(readChildMessage({ t: 'events', events: bad })).toEqual({ t: 'events', events: [] });
  });

  test('drops what is not a known message or event, or has a field of the wrong type', () => {
    for (const data of [null, 'started', { t: 'command' }, { t: 'fallback' }, { t: 'events', events: 'x' }]) expect(readChildMessage(data)).toBeNull();
    const events = [
      { ...created, protocols: 'a' },
      { ...created, worker: { kind: 'service', scriptUrl: 'u', name: '' } },
      { ...message, dir: 'both' },
      { ...message, payload: { ...message.payload, data: 5 } },
      { ...message, payload: { kind: 'binary', source: 'ArrayBuffer', size: 2, bytes: [1, 2], truncated: false } },
      { t: 'close', conn, time, close: { code: 1000, reason: '', wasClean: true, initiator: 'nobody' } },
      { t: 'config', maxPayloadBytes: 1 },
      { t: 'send', id: 'x', conn, payload: { kind: 'text', data: 'x' } },
    ];
    expect(readChildMessage({ t: 'events', events })).toEqual({ t: 'events', events: [] });
  });

  test('never reads what a page put on Object.prototype', () => {
    const prototype = Object.prototype as unknown as Record<string, unknown>;
    prototype.worker = { kind: 'dedicated', scriptUrl: 'https://evil/', name: '' };
    prototype.api = 'WebSocketStream';
    try {
      const read = readChildMessage({ t: 'events', events: [created] });
      expect(read).toEqual({ t: 'events', events: [created] });
      const event = (read as { events: Record<string, unknown>[] }).events[0]!;
      expect(Object.hasOwn(event, 'worker') || Object.hasOwn(event, 'api')).toBe(false);
    } finally {
      delete prototype.worker;
      delete prototype.api;
    }
  });
});
