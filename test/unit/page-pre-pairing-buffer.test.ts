import { expect, test } from 'vitest';
import { PrePairingBuffer, MAX_BUFFERED_MESSAGES_PER_CONNECTION } from '../../src/page/pre-pairing-buffer';
import type { HookEvent } from '../../src/shared/messages';

const time = 1;
const created = (conn: string): HookEvent => ({ t: 'created', conn, url: 'ws://x/', protocols: [], time, origin: 'page' });
const message = (conn: string, seq: number): HookEvent => ({
  t: 'message',
  conn,
  seq,
  dir: 'send',
  time,
  origin: 'page',
  payload: { kind: 'text', source: 'string', size: 1, data: 'x', truncated: false },
});
const describe = (list: ArrayLike<HookEvent>) => Array.from(list).map((e) => (e.t === 'message' ? `${e.conn}${e.seq}` : `${e.t}:${'conn' in e ? e.conn : ''}`));

test('keeps everything, in order, under the limit', () => {
  const buffer = new PrePairingBuffer(3);
  [created('a'), message('a', 1), created('b'), message('b', 1), message('a', 2)].forEach((e) => buffer.add(e));
  expect(describe(buffer.drain())).toEqual(['created:a', 'a1', 'created:b', 'b1', 'a2']);
  expect(buffer.drain().length).toBe(0);
});

test('drops the oldest messages per connection beyond the limit, never lifecycle events', () => {
  const buffer = new PrePairingBuffer(2);
  buffer.add(created('a'));
  for (let seq = 1; seq <= 5; seq++) buffer.add(message('a', seq));
  buffer.add(created('b'));
  buffer.add(message('b', 1));
  buffer.add({ t: 'close', conn: 'a', time, close: { code: 1000, reason: '', wasClean: true, initiator: 'client' } });
  expect(describe(buffer.drain())).toEqual(['created:a', 'a4', 'a5', 'created:b', 'b1', 'close:a']);
});

test('stays correct through compaction with the real limit', () => {
  const buffer = new PrePairingBuffer();
  buffer.add(created('a'));
  for (let seq = 1; seq <= 50_000; seq++) buffer.add(message('a', seq));
  buffer.add(created('b'));
  const events = Array.from(buffer.drain());
  expect(events.length).toBe(MAX_BUFFERED_MESSAGES_PER_CONNECTION + 2);
  expect(describe(events.slice(0, 2))).toEqual(['created:a', `a${50_000 - MAX_BUFFERED_MESSAGES_PER_CONNECTION + 1}`]);
  expect(describe(events.slice(-2))).toEqual(['a50000', 'created:b']);
});
