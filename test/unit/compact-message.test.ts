// The compact wire form of whole text messages: what the hook packs, the background's strict decoder
// gives back exactly as the object form would have, and refuses anything else.
import { expect, test } from 'vitest';
import { COMPACT_DIRECTIONS, COMPACT_ORIGINS, compactCode, utf8Length } from '../../src/shared/compact-message';
import { compactMessage } from '../../src/page/compact-events';
import { hookBatchParser, parseRelayEvent } from '../../src/shared/validate';
import { eventsOfHookBatches } from '../../src/background/hook-batch-events';
import { EventBatcher, type PendingBatch } from '../../src/content/batcher';
import type { HookEvent } from '../../src/shared/messages';
import type { Direction, MessageOrigin } from '../../src/shared/models';

const text = (data: string, fields: Partial<{ conn: string; seq: number; dir: Direction; origin: MessageOrigin; time: number }> = {}): HookEvent => ({
  t: 'message',
  conn: 'c1',
  seq: 1,
  dir: 'receive',
  time: 1764967747123.4558,
  origin: 'page',
  ...fields,
  payload: { kind: 'text', source: 'string', size: new TextEncoder().encode(data).length, data, truncated: false },
});

/** Packs events as the hook does and parses them back as the background does. */
function roundTrip(events: HookEvent[]): unknown[] {
  let previousConn: string | null = null;
  const packed = events.map((event) => {
    const compact = compactMessage(event, previousConn);
    if (compact === null) return event;
    previousConn = (event as { conn: string }).conn;
    return compact;
  });
  const parse = hookBatchParser();
  return (JSON.parse(JSON.stringify(packed)) as unknown[]).map((raw) => parse(raw));
}

test('every direction and origin has its own code, the one the decoder reads back', () => {
  const codes = COMPACT_DIRECTIONS.flatMap((dir) => COMPACT_ORIGINS.map((origin) => compactCode(dir, origin)));
  expect(codes).toEqual([0, 1, 2, 3, 4, 5]);
  for (const dir of COMPACT_DIRECTIONS) for (const origin of COMPACT_ORIGINS) expect(roundTrip([text('x', { dir, origin })])[0]).toMatchObject({ dir, origin });
});

test('whole text messages go compact and come back as the object form would, sizes included', () => {
  const events = [
    text('{"i":1,"pad":"ppp"}'),
    text('é€😀', { seq: 2, dir: 'send', origin: 'replayed' }),
    text('', { conn: 'c2', seq: 1, origin: 'injected' }),
    text('back', { seq: 3 }),
  ];
  const packed = JSON.stringify(events.map((event, index) => compactMessage(event, index ? 'c1' : null)));
  expect(packed.length).toBeLessThan(JSON.stringify(events).length / 2);
  expect(roundTrip(events)).toEqual(events.map((event) => parseRelayEvent(JSON.parse(JSON.stringify(event)))));
});

test('a message on the same connection as the compact message before it names it by 0', () => {
  const [first, second, third] = [text('a'), text('b', { seq: 2 }), text('c', { conn: 'c2' })].map((event, index, all) =>
    compactMessage(event, index ? (all[index - 1] as { conn: string }).conn : null),
  );
  expect(first![0]).toBe('c1');
  expect(second![0]).toBe(0);
  expect(third![0]).toBe('c2');
});

test('binary, truncated and marked messages and every other event keep the object form', () => {
  const truncated = { ...text('abc'), payload: { kind: 'text', source: 'string', size: 9, data: 'abc', truncated: true } } as HookEvent;
  const binary = { ...text(''), payload: { kind: 'binary', source: 'Uint8Array', size: 3, data: 'AQID', truncated: false } } as HookEvent;
  const marked = { ...text('x'), mark: { rules: ['r'] } } as unknown as HookEvent;
  const created: HookEvent = { t: 'created', conn: 'c1', url: 'ws://a/', protocols: [], time: 1, origin: 'page' };
  for (const event of [truncated, binary, marked, created]) expect(compactMessage(event, null)).toBeNull();
});

test('the decoder refuses any compact array that is not exactly right', () => {
  const good = ['c1', 1, 3, 5.5, 'hi'];
  expect(hookBatchParser()(good)).toMatchObject({ t: 'message', conn: 'c1', seq: 1, dir: 'receive', origin: 'page', payload: { size: 2 } });
  const bad: unknown[][] = [
    [0, 1, 3, 5.5, 'hi'], // "the same connection" with none before it
    ['', 1, 3, 5.5, 'hi'],
    ['c'.repeat(129), 1, 3, 5.5, 'hi'],
    [1, 1, 3, 5.5, 'hi'],
    ['c1', 0, 3, 5.5, 'hi'],
    ['c1', 1.5, 3, 5.5, 'hi'],
    ['c1', '1', 3, 5.5, 'hi'],
    ['c1', 1, 6, 5.5, 'hi'],
    ['c1', 1, -1, 5.5, 'hi'],
    ['c1', 1, 2.5, 5.5, 'hi'],
    ['c1', 1, 3, -1, 'hi'],
    ['c1', 1, 3, null, 'hi'],
    ['c1', 1, 3, 5.5, 7],
    ['c1', 1, 3, 5.5, { data: 'hi' }],
    ['c1', 1, 3, 5.5],
    [...good, 'extra'],
  ];
  for (const raw of bad) expect(hookBatchParser()(raw)).toBeNull();
});

test('after a refused compact message, 0 refers to nothing: the next ones are refused too', () => {
  const parse = hookBatchParser();
  expect(parse(['c1', 1, 3, 5, 'a'])).not.toBeNull();
  expect(parse(['c2', 0, 3, 5, 'b'])).toBeNull();
  expect(parse([0, 2, 3, 5, 'c'])).toBeNull();
  expect(parse(['c1', 3, 3, 5, 'd'])).not.toBeNull();
  expect(parse([0, 4, 3, 5, 'e'])).toMatchObject({ conn: 'c1', seq: 4 });
});

test('the background scopes compact messages to the document and counts refused ones', () => {
  const created = { t: 'created', conn: 'c1', url: 'ws://a/', protocols: [], time: 1, origin: 'page' };
  const { events, malformed } = eventsOfHookBatches('doc', [
    JSON.stringify([created, ['c1', 1, 3, 5, 'a'], [0, 2, 0, 6, 'b'], ['c1', 0, 3, 7, 'x']]),
    JSON.stringify([[0, 3, 3, 8, 'c']]), // "the same connection" does not reach into another hook batch
  ]);
  expect(events.map((event) => (event.t === 'message' ? `${event.conn} ${event.seq} ${event.dir}` : event.t))).toEqual([
    'created',
    'doc/c1 1 receive',
    'doc/c1 2 send',
  ]);
  expect(malformed).toBe(2);
});

test('utf8Length counts as WebSocket sends: lone surrogates as U+FFFD', () => {
  for (const sample of ['', 'ascii', 'é', '€', '😀', 'a\ud800b', '\udc00', '\ud83d', 'x😀\ud83d😀é'])
    expect(utf8Length(sample)).toBe(new TextEncoder().encode(sample).length);
});

test('the relay sheds compact messages under the memory bound as it does object ones', () => {
  const closed: PendingBatch[] = [];
  const batcher = new EventBatcher(
    (batch) => closed.push(batch),
    { flushDelayMs: 40, maxBatchBytes: 1e6, maxBatchChunks: 2, maxUnackedBytes: 3000 },
    (ms, run) => {
      const timer = setTimeout(run, ms);
      return { cancel: () => clearTimeout(timer) };
    },
  );
  const created = { t: 'created', conn: 'c1', url: 'ws://a/', protocols: [], time: 1, origin: 'page' };
  batcher.add({ json: JSON.stringify([created, ['c1', 1, 3, 5, 'x'.repeat(400)]]), buffers: [] });
  for (let seq = 2; seq <= 9; seq++) batcher.add({ json: JSON.stringify([['c1', seq, 3, 5, 'x'.repeat(400)]]), buffers: [] });
  batcher.flush();
  const kept = batcher.pending().flatMap((batch) => batch.chunks.flatMap((chunk) => JSON.parse(chunk.json) as unknown[]));
  expect(kept[0]).toMatchObject({ t: 'created' });
  const dropped = closed.reduce((sum, batch) => sum + batch.dropped, 0);
  expect(dropped).toBeGreaterThan(0);
  expect(dropped + kept.filter(Array.isArray).length).toBe(9);
});
