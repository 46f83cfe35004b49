// The log slice's filtering over many rows: in slices, the last filter winning, rows appended
// meanwhile included, and the shown totals summed along.
import { expect, test } from 'vitest';
import type { StoredMessage } from '../../src/db/message-chunks';
import { compileFilter, NO_FILTER, type FilterSpec } from '../../src/panel/filters';
import { FilterSlice } from '../../src/panel/state/filter-slice';
import { LogSlice } from '../../src/panel/state/log-slice';

const row = (id: number): StoredMessage => {
  const text = `{"seq":${id},"event":"tick","body":"Message number ${id}"}`;
  return {
    id,
    sessionId: 's',
    connectionId: id % 3 === 0 ? 'c3' : 'c',
    seq: id,
    direction: id % 2 === 0 ? 'send' : 'receive',
    time: 1000 + id,
    origin: 'page',
    payload: { kind: 'text', source: 'string', size: text.length, truncated: false, preview: text },
  };
};
const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => row(from + i));
const usable = (patch: Partial<FilterSpec>) => {
  const compiled = compileFilter({ ...NO_FILTER, ...patch });
  if (!compiled.ok) throw new Error(compiled.error);
  return compiled;
};
const idsShown = (log: LogSlice) => Array.from(log.visible.value, (index) => log.idAt(index));
const settled = async (log: LogSlice) => {
  while (log.filtering.peek()) await new Promise((resolve) => setTimeout(resolve, 1));
};

const COUNT = 40_000;
/** A clock that moves a slice's length on every look, so each slice filters one step of rows whatever the machine's speed. */
const slowClock = () => {
  let time = 0;
  return () => (time += 1000);
};

test('a filter over many rows runs in slices; the last one asked for wins, with rows appended meanwhile', async () => {
  const log = new LogSlice(
    async () => [],
    () => {},
    slowClock(),
  );
  log.append(rows(1, COUNT + 1), compileFilter(NO_FILTER));
  expect(log.visible.value.length).toBe(COUNT);

  // The slow clock ends each slice after one step of rows, so the pass needs more than one slice.
  log.refilter(usable({ text: '(e|n)+umber.*.*7.*7\\d*"', regex: true }));
  expect(log.filtering.value).toBe(true);
  // Still the previous result until the pass is done.
  expect(log.visible.value.length).toBe(COUNT);
  const last = usable({ text: '(e|n)+umber.*.*1234\\d*"', regex: true });
  log.refilter(last);
  expect(log.filtering.value).toBe(true);
  log.append(rows(COUNT + 1, COUNT + 20_001), last);
  await settled(log);

  const expected = rows(1, COUNT + 20_001)
    .filter((message) => /(e|n)+umber.*.*1234\d*"/i.test(message.payload.preview))
    .map((message) => message.id);
  expect(expected.length).toBeGreaterThan(2);
  expect(idsShown(log)).toEqual(expected);
  const shown = expected.map(row);
  expect(log.shownTotals.value).toEqual({
    count: expected.length,
    sentCount: shown.filter((m) => m.direction === 'send').length,
    receivedCount: shown.filter((m) => m.direction === 'receive').length,
    sentBytes: shown.filter((m) => m.direction === 'send').reduce((sum, m) => sum + m.payload.size, 0),
    receivedBytes: shown.filter((m) => m.direction === 'receive').reduce((sum, m) => sum + m.payload.size, 0),
    firstTime: shown[0]!.time,
    lastTime: shown.at(-1)!.time,
  });
});

test('live rows after a pass extend what is shown; clear abandons a pass', async () => {
  const log = new LogSlice(
    async () => [],
    () => {},
    slowClock(),
  );
  const filter = usable({ direction: 'send' });
  log.append(rows(1, 11), filter);
  expect(idsShown(log)).toEqual([2, 4, 6, 8, 10]);
  const before = log.visible.value;
  log.append(rows(11, 14), filter);
  expect(idsShown(log)).toEqual([2, 4, 6, 8, 10, 12]);
  // A published list never changes afterwards.
  expect(Array.from(before, (index) => log.idAt(index))).toEqual([2, 4, 6, 8, 10]);

  log.append(rows(14, COUNT), filter);
  log.refilter(usable({ text: '(e|n)+umber.*.*7.*7\\d*"', regex: true }));
  log.clear(true);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect([log.visible.value.length, log.peekCount(), log.filtering.value]).toEqual([0, 0, false]);
});

test('a longer text filters only the rows the last one showed, with rows appended since, and the same totals', async () => {
  const log = new LogSlice(
    async () => [],
    () => {},
    slowClock(),
  );
  log.append(rows(1, COUNT + 1), compileFilter(NO_FILTER));
  log.refilter(usable({ text: 'number 1' }), true);
  await settled(log);
  // Live rows (all "number 1…"), some "number 12…".
  log.append(rows(110_001, 130_001), usable({ text: 'number 1' }));
  const longer = usable({ text: 'number 12' });
  log.refilter(longer, true);
  // Rows appended while the narrower pass runs are filtered in full.
  log.append(rows(130_001, 130_101), longer);
  log.append(rows(1_200_001, 1_200_101), longer);
  await settled(log);
  const full = new LogSlice(
    async () => [],
    () => {},
  );
  full.append([...rows(1, COUNT + 1), ...rows(110_001, 130_101), ...rows(1_200_001, 1_200_101)], longer);
  expect(idsShown(log)).toEqual(idsShown(full));
  expect(log.shownTotals.value).toEqual(full.shownTotals.value);
  expect(idsShown(log)).toContain(1_200_100);
  expect(log.visible.value.length).toBeGreaterThan(10_000);
});

test('a longer text filters every row again once full texts came in since the last result', async () => {
  // Row 1's preview is cut short: its full text, read after the rows, holds the words searched for.
  const cut: StoredMessage = { ...row(1), payload: { kind: 'text', source: 'string', size: 500, truncated: false, preview: '{"seq":1,' } };
  const whole = `{"seq":1,"body":"${'x'.repeat(400)} wanted here"}`;
  const log = new LogSlice(
    async (ids) => ids.map((id) => (id === 1 ? { id, data: whole } : undefined)) as never,
    () => {},
  );
  log.append([cut, ...rows(2, 100)], usable({ text: 'wanted' }));
  expect(idsShown(log)).toEqual([]);
  while (log.indexPending.peek() > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  log.refilter(usable({ text: 'wanted here' }), true);
  await settled(log);
  expect(idsShown(log)).toEqual([1]);
});

test('a longer text with another setting changed, or a regex, filters every row again', async () => {
  const log = new LogSlice(
    async () => [],
    () => {},
  );
  const filters = new FilterSlice(log, () => undefined);
  log.append(rows(1, 200), filters.compiled());
  const expected = (test: (message: StoredMessage) => boolean) =>
    rows(1, 200)
      .filter(test)
      .map((message) => message.id);
  filters.set({ text: 'number 1', direction: 'send' });
  await settled(log);
  filters.set({ text: 'number 12', direction: 'all' });
  await settled(log);
  expect(idsShown(log)).toEqual(expected((message) => message.payload.preview.includes('number 12')));
  filters.set({ text: 'number 1', regex: true });
  await settled(log);
  filters.set({ text: 'number 1|tick', regex: true });
  await settled(log);
  expect(idsShown(log)).toEqual(expected(() => true));
});
