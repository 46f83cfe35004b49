// The content side of the content → background link: batching, acks, the memory bound, commands.
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { EventBatcher, type PendingBatch } from '../../src/content/batcher';
import type { ScheduleDelay } from '../../src/worlds/page-proof-timer';
import { createCommandRelay } from '../../src/content/command-relay';
import { takeCommandResults } from '../../src/content/hook-batches';
import type { BatchWithBuffers, ContentToBackground, ContentToPage } from '../../src/shared/messages';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const messageEvent = (seq: number, size = 10) => ({
  t: 'message',
  conn: 'c',
  seq,
  dir: 'send',
  time: seq,
  origin: 'page',
  payload: { kind: 'text', source: 'string', size, data: 'x'.repeat(size), truncated: false },
});
const created = { t: 'created', conn: 'c', url: 'ws://a/', protocols: [], time: 0, origin: 'page' };
/** A hook batch as the hook hands it over: the JSON of its events. */
const hookBatch = (...events: unknown[]): BatchWithBuffers => ({ json: JSON.stringify(events), buffers: [] });
const message = (seq: number, size = 10): BatchWithBuffers => hookBatch(messageEvent(seq, size));
/** The events of relay batches, parsed back. */
const eventsOf = (batches: readonly PendingBatch[]): { t: string; seq?: number }[] =>
  batches.flatMap((batch) => batch.chunks.flatMap((chunk) => JSON.parse(chunk.json) as { t: string; seq?: number }[]));
const limits = { flushDelayMs: 40, maxBatchBytes: 1_000_000, maxBatchChunks: 3, maxUnackedBytes: 1_000_000 };
/** The batcher's delay on the fake clock (the real one, AbortSignal.timeout, has no fake). */
const fakeDelay: ScheduleDelay = (ms, callback) => {
  const timer = setTimeout(callback, ms);
  return { cancel: () => clearTimeout(timer) };
};

test('hook batches are batched by count or after a short delay, numbered in order, unparsed', () => {
  const closed: PendingBatch[] = [];
  const batcher = new EventBatcher((batch) => closed.push(batch), limits, fakeDelay);
  const first = message(1);
  batcher.add(first);
  for (let seq = 2; seq <= 4; seq++) batcher.add(message(seq));
  expect(closed.map((batch) => batch.chunks.length)).toEqual([3]);
  expect(closed[0]!.chunks[0]).toBe(first);
  vi.advanceTimersByTime(40);
  expect(closed.map((batch) => [batch.batch, batch.chunks.length])).toEqual([
    [1, 3],
    [2, 1],
  ]);
});

test('a relay batch closes at its byte bound', () => {
  const closed: PendingBatch[] = [];
  const batcher = new EventBatcher((batch) => closed.push(batch), { ...limits, maxBatchChunks: 100, maxBatchBytes: 10_000 }, fakeDelay);
  batcher.add(message(1, 3000));
  expect(closed).toHaveLength(0);
  batcher.add({ json: '[]', buffers: [new ArrayBuffer(5000)] });
  expect(closed).toHaveLength(1);
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
  const batcher = new EventBatcher((batch) => closed.push(batch), { ...limits, maxBatchChunks: 2, maxUnackedBytes: 4000 }, fakeDelay);
  batcher.add(hookBatch(created, messageEvent(1, 200)));
  for (let seq = 2; seq <= 9; seq++) batcher.add(message(seq, 200));
  batcher.flush();
  const kept = eventsOf(batcher.pending());
  expect(kept[0]?.t).toBe('created');
  const seqs = kept.flatMap((event) => (event.t === 'message' ? [event.seq!] : []));
  expect(seqs).toEqual(seqs.slice().sort((a, b) => a - b));
  expect(seqs.at(-1)).toBe(9);
  const dropped = closed.reduce((sum, batch) => sum + batch.dropped, 0);
  expect(dropped + seqs.length).toBe(9);
  expect(dropped).toBeGreaterThan(0);
});

test('posted batches are never shed (they may be stored already); waiting ones are', () => {
  // Each message is estimated at ~20 KB: four posted ones fit, and six in all would not.
  const batcher = new EventBatcher(() => undefined, { ...limits, maxBatchChunks: 2, maxUnackedBytes: 130_000 }, fakeDelay);
  for (let seq = 1; seq <= 4; seq++) batcher.add(message(seq, 10_000));
  for (const batch of batcher.pending()) batch.posted = true;
  expect(batcher.inFlight()).toBe(2);
  for (let seq = 5; seq <= 8; seq++) batcher.add(message(seq, 10_000));
  expect(batcher.nextUnposted()?.batch).toBe(3);
  const kept = eventsOf(batcher.pending()).map((event) => event.seq);
  expect(kept).toEqual([1, 2, 3, 4, 7, 8]);
  batcher.markAllUnposted();
  expect(batcher.inFlight()).toBe(0);
});

test('rejected page details are counted in the next batch', () => {
  const closed: PendingBatch[] = [];
  const batcher = new EventBatcher((batch) => closed.push(batch), limits, fakeDelay);
  batcher.reject();
  batcher.reject();
  vi.advanceTimersByTime(40);
  expect(closed).toMatchObject([{ chunks: [], rejected: 2, dropped: 0 }]);
});

test('command results are taken out of a hook batch; plain traffic is passed on untouched', () => {
  const plain = message(1);
  expect(takeCommandResults(plain)).toEqual({ results: [], rest: plain });
  expect(takeCommandResults(plain).rest).toBe(plain);
  const result = { t: 'command-result', id: 'a', ok: true };
  const buffers = [new ArrayBuffer(1)];
  const mixed = { json: JSON.stringify([messageEvent(1), result, messageEvent(2)]), buffers };
  const { results, rest } = takeCommandResults(mixed);
  expect(results).toEqual([result]);
  expect(JSON.parse(rest!.json)).toEqual([messageEvent(1), messageEvent(2)]);
  expect(rest!.buffers).toBe(buffers);
  expect(takeCommandResults(hookBatch(result))).toEqual({ results: [result], rest: null });
  // Traffic that merely mentions the name is parsed, found to hold no result, and passed on as it came.
  const mention = hookBatch({ ...messageEvent(3), payload: { ...messageEvent(3).payload, data: '"command-result"' } });
  expect(takeCommandResults(mention).rest).toBe(mention);
});

test('commands reach the hook unscoped; only results of commands we sent travel back', () => {
  const toPage: ContentToPage[] = [];
  const toBackground: ContentToBackground[] = [];
  const relay = createCommandRelay({
    documentId: 'doc',
    toPage: (command) => toPage.push(command),
    paired: () => true,
    toBackground: (m) => toBackground.push(m),
  });
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
