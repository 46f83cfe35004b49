// The log slice's filtering over many rows: in slices, the last filter winning, rows appended
// meanwhile included, and the shown totals summed along.
import { expect, test } from 'vitest';
import type { StoredMessage } from '../../src/db/message-chunks';
import { compileFilter, NO_FILTER, type FilterSpec } from '../../src/panel/filters';
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
