// The content side of the content → background link: batching, acks, the memory bound, commands.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { EventBatcher, type PendingBatch } from '../../src/content/batcher';
import type { ScheduleDelay } from '../../src/page/page-proof-timer';
import { createCommandRelay } from '../../src/content/command-relay';
import type { ContentToBackground, ContentToPage, RelayedEvent } from '../../src/shared/messages';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const message = (seq: number, size = 10): RelayedEvent => ({
  t: 'message', conn: 'c', seq, dir: 'send', time: seq, origin: 'page',
  payload: { kind: 'text', source: 'string', size, data: 'x'.repeat(size), truncated: false },
});
const limits = { flushDelayMs: 40, maxBatchBytes: 1_000_000, maxBatchEvents: 3, maxUnackedBytes: 1_000_000 };
/** The batcher's delay on the fake clock (the real one, AbortSignal.timeout, has no fake). */
const fakeDelay: ScheduleDelay = (ms, callback) => {
  const timer = setTimeout(callback, ms);
  return { cancel: () => clearTimeout(timer) };
};

test('events are batched by count or after a short delay, numbered in order', () => {
  const closed: PendingBatch[] = [];
  const batcher = new EventBatcher((batch) => closed.push(batch), limits, fakeDelay);
  for (let seq = 1; seq <= 4; seq++) batcher.add(message(seq));
  expect(closed.map((batch) => batch.events.length)).toEqual([3]);
  vi.advanceTimersByTime(40);
  expect(closed.map((batch) => [batch.batch, batch.events.length])).toEqual([[1, 3], [2, 1]]);
});

test('batches stay pending until acknowledged, for resending after a reconnect', () => {
  const batcher = new EventBatcher(() => undefined, limits, fakeDelay);
  for (let seq = 1; seq <= 6; seq++) batcher.add(message(seq));
  expect(batcher.pending().map((batch) => batch.batch)).toEqual([1, 2]);
  batcher.acknowledge(1);
  batcher.acknowledge(7);
  expect(batcher.pending().map((batch) => batch.batch)).toEqual([2]);
});

test('over the memory bound the oldest messages are dropped and counted, lifecycle events kept', () => {
  const closed: PendingBatch[] = [];
  const batcher = new EventBatcher((batch) => closed.push(batch), { ...limits, maxBatchEvents: 2, maxUnackedBytes: 2000 }, fakeDelay);
  batcher.add({ t: 'created', conn: 'c', url: 'ws://a/', protocols: [], time: 0, origin: 'page' });
  for (let seq = 1; seq <= 9; seq++) batcher.add(message(seq, 200));
  batcher.flush();
  const kept = batcher.pending().flatMap((batch) => batch.events);
  expect(kept[0]?.t).toBe('created');
  const seqs = kept.flatMap((event) => (event.t === 'message' ? [event.seq] : []));
  expect(seqs).toEqual(seqs.slice().sort((a, b) => a - b));
  expect(seqs.at(-1)).toBe(9);
  const dropped = closed.reduce((sum, batch) => sum + batch.dropped, 0);
  expect(dropped + seqs.length).toBe(9);
  expect(dropped).toBeGreaterThan(0);
});

test('posted batches are never shed (they may be stored already); waiting ones are', () => {
  // Each message is estimated at ~20 KB: four posted ones fit, and six in all would not.
  const batcher = new EventBatcher(() => undefined, { ...limits, maxBatchEvents: 2, maxUnackedBytes: 130_000 }, fakeDelay);
  for (let seq = 1; seq <= 4; seq++) batcher.add(message(seq, 10_000));
  for (const batch of batcher.pending()) batch.posted = true;
  expect(batcher.inFlight()).toBe(2);
  for (let seq = 5; seq <= 8; seq++) batcher.add(message(seq, 10_000));
  expect(batcher.nextUnposted()?.batch).toBe(3);
  const kept = batcher.pending().flatMap((batch) => batch.events.map((event) => (event.t === 'message' ? event.seq : 0)));
  expect(kept).toEqual([1, 2, 3, 4, 7, 8]);
  batcher.markAllUnposted();
  expect(batcher.inFlight()).toBe(0);
});

test('rejected page events are counted in the next batch', () => {
  const closed: PendingBatch[] = [];
  const batcher = new EventBatcher((batch) => closed.push(batch), limits, fakeDelay);
  batcher.reject();
  batcher.reject();
  vi.advanceTimersByTime(40);
  expect(closed).toMatchObject([{ events: [], rejected: 2, dropped: 0 }]);
});

test('commands reach the hook unscoped; only results of commands we sent travel back', () => {
  const toPage: ContentToPage[] = [];
  const toBackground: ContentToBackground[] = [];
  const relay = createCommandRelay({ documentId: 'doc', toPage: (command) => toPage.push(command), paired: () => true, toBackground: (m) => toBackground.push(m) });
  relay.fromBackground({ t: 'send', id: 'a', conn: 'doc/7', payload: { kind: 'text', data: 'hi' } });
  relay.fromBackground({ t: 'send', id: 'b', conn: 'other/7', payload: { kind: 'text', data: 'hi' } });
  relay.fromBackground({ t: 'config', maxPayloadBytes: 1 });
  expect(toPage).toEqual([{ t: 'send', id: 'a', conn: '7', payload: { kind: 'text', data: 'hi' } }]);
  relay.resultFromPage({ t: 'command-result', id: 'forged', ok: true });
  relay.resultFromPage({ t: 'command-result', id: 'a', ok: true, conn: '7' });
  relay.resultFromPage({ t: 'command-result', id: 'a', ok: true, conn: '7' });
  expect(toBackground).toEqual([
    { t: 'command-result', id: 'b', ok: false, error: expect.stringContaining('another document') },
    { t: 'command-result', id: 'a', ok: true, conn: 'doc/7' },
  ]);
});

test('the payload cap waits for pairing, then goes to the hook once', () => {
  const toPage: ContentToPage[] = [];
  let paired = false;
  const relay = createCommandRelay({ documentId: 'doc', toPage: (command) => toPage.push(command), paired: () => paired, toBackground: () => undefined });
  relay.configure(1000);
  expect(toPage).toEqual([]);
  paired = true;
  relay.flushConfig();
  relay.flushConfig();
  expect(toPage).toEqual([{ t: 'config', maxPayloadBytes: 1000 }]);
});
