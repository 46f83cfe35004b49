// The background's check of relayed hook batches: the one place page events are parsed and checked.
import { expect, test } from 'vitest';
import { eventsOfHookBatches } from '../../src/background/hook-batch-events';

const created = { t: 'created', conn: '1', url: 'ws://127.0.0.1:9/x', protocols: [], time: 5, origin: 'page' };
const text = (seq: number) => ({
  t: 'message',
  conn: '1',
  seq,
  dir: 'send',
  time: 6,
  origin: 'page',
  payload: { kind: 'text', source: 'string', size: 2, data: 'hi', truncated: false },
});
const buffered = (buffer: number, size: number) => ({
  t: 'message',
  conn: '2',
  seq: 1,
  dir: 'receive',
  time: 7,
  origin: 'page',
  payload: { kind: 'binary', source: 'ArrayBuffer', size, buffer, truncated: false },
});

test('every event of every hook batch is checked, in order, its connection scoped to the document', () => {
  const bytes = new Uint8Array([1, 2, 3]).buffer;
  const { events, malformed } = eventsOfHookBatches('doc', [
    JSON.stringify([created, text(1)]),
    { json: JSON.stringify([buffered(0, 3), text(2)]), buffers: [bytes] },
  ]);
  expect(malformed).toBe(0);
  expect(events.map((event) => `${event.t} ${event.conn}`)).toEqual(['created doc/1', 'message doc/1', 'message doc/2', 'message doc/1']);
  expect(events[2]).toMatchObject({ payload: { kind: 'binary', size: 3, bytes } });
});

test('Firefox hook batches carry binary as base64, decoded here into bytes', () => {
  const base64 = { ...text(1), payload: { kind: 'binary', source: 'Uint8Array', size: 3, data: 'AQID', truncated: false } };
  const [event] = eventsOfHookBatches('doc', [JSON.stringify([base64])]).events;
  expect(event).toMatchObject({ payload: { bytes: new Uint8Array([1, 2, 3]).buffer } });
});

test('malformed events and batches are counted and dropped; the well-formed ones around them are kept', () => {
  const { events, malformed } = eventsOfHookBatches('doc', [
    JSON.stringify([created, { ...text(1), seq: -1 }, text(2), { t: 'command-result', id: 'x', ok: true }]),
    '{"not":"an array"}',
    'not JSON',
    { json: JSON.stringify([buffered(1, 3)]), buffers: [new ArrayBuffer(3)] }, // names a buffer that did not come
    { json: '[]', buffers: [new Uint8Array(3)] }, // a view, not a buffer
    42,
  ]);
  expect(events.map((event) => (event.t === 'message' ? event.seq : event.t))).toEqual(['created', 2]);
  expect(malformed).toBe(7);
});
