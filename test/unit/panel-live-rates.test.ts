// The timeline's live rates: rows appended a few at a time give exactly what one pass over all rows gives,
// through bucket widths growing, rows merged in before the counted ones, and a cleared log.
import { expect, test } from 'vitest';
import { LiveRates, type LiveRows } from '../../src/panel/timeline/live-rates';
import { rateSeries } from '../../src/panel/timeline/series';

interface Row {
  id: number;
  time: number;
  sent: boolean;
  size: number;
  connectionId: string;
}

const columns = (rows: readonly Row[]): LiveRows => ({
  length: rows.length,
  idAt: (index) => rows[index]!.id,
  timeAt: (index) => rows[index]!.time,
  isSent: (index) => rows[index]!.sent,
  sizeAt: (index) => rows[index]!.size,
  connectionIdAt: (index) => rows[index]!.connectionId,
});

/** Rows of a live session: times mostly rising, with jitter, a burst and a long pause. */
function liveRows(count: number, firstId = 1000): Row[] {
  let time = 1_700_000_000_000;
  return Array.from({ length: count }, (_, i) => {
    time += i === 300 ? 4 * 3_600_000 : i % 50 === 0 ? 900 : (i * 7919) % 13;
    return { id: firstId + i, time: time - ((i * 31) % 5), sent: i % 3 === 0, size: (i * 17) % 400, connectionId: i % 4 === 0 ? 'b' : 'a' };
  });
}

test.each([null, 'b'])('appending rows in steps gives what one pass over all rows gives (connection %s)', (connectionId) => {
  const all = liveRows(700);
  const rates = new LiveRates(connectionId);
  const widths = new Set<number>();
  for (let end = 0; end <= all.length; end += 1 + (end % 23)) {
    const shown = all.slice(0, end);
    const live = rates.update(columns(shown));
    expect(live).toEqual(rateSeries(columns(shown), { connectionId }));
    widths.add(live.bucketMs);
  }
  expect(widths.size).toBeGreaterThan(2); // The span outgrew the bucket width along the way.
});

test('rows merged in before the counted ones, or a cleared log, are counted afresh', () => {
  const later = liveRows(200, 5000);
  const earlier = liveRows(100, 10).map((row) => ({ ...row, time: row.time - 86_400_000 }));
  const rates = new LiveRates(null);
  rates.update(columns(later));
  const merged = [...earlier, ...later];
  expect(rates.update(columns(merged))).toEqual(rateSeries(columns(merged)));
  const shorter = later.slice(0, 50);
  expect(rates.update(columns(shorter))).toEqual(rateSeries(columns(shorter)));
  expect(rates.update(columns([]))).toEqual(rateSeries(columns([])));
});
