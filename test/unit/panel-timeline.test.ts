import { expect, test } from 'vitest';
import { lifecycleBars } from '../../src/panel/timeline/lifecycle';
import { bucketWidth, nearestMessage, rateSeries, type TimedRows } from '../../src/panel/timeline/series';
import type { ConnectionRecord } from '../../src/shared/models';

interface Row {
  time: number;
  direction: 'send' | 'receive';
  size: number;
  connectionId: string;
}
const row = (time: number, direction: 'send' | 'receive', size: number, connectionId = 'a'): Row => ({ time, direction, size, connectionId });
/** Rows as the columns the timeline reads. */
const columns = (rows: Row[]): TimedRows => ({
  length: rows.length,
  timeAt: (index) => rows[index]!.time,
  isSent: (index) => rows[index]!.direction === 'send',
  sizeAt: (index) => rows[index]!.size,
  connectionIdAt: (index) => rows[index]!.connectionId,
});

test('buckets are round widths, at most 1200 across the span', () => {
  expect(bucketWidth(1000)).toBe(1);
  expect(bucketWidth(11_000)).toBe(10);
  expect(bucketWidth(3_600_000)).toBe(5000);
  expect(bucketWidth(10 * 86_400_000)).toBe(900_000);
});

test('rates per second per direction, per connection on request', () => {
  const rows = [row(10_000, 'send', 100), row(10_500, 'receive', 40), row(10_999, 'receive', 60), row(11_200, 'send', 10, 'b')];
  const all = rateSeries(columns(rows));
  expect(all.bucketMs).toBe(1);
  const bucket = (time: number) => Math.floor((time - 10_000) / all.bucketMs);
  expect(all.sentMessages[bucket(10_000)]).toBe(1000);
  expect(all.receivedBytes[bucket(10_999)]).toBe(60_000);
  const sum = (values: Float64Array) => values.reduce((a, b) => a + b, 0) * (all.bucketMs / 1000);
  expect([sum(all.sentMessages), sum(all.receivedMessages), sum(all.sentBytes), sum(all.receivedBytes)]).toEqual([2, 2, 110, 100]);
  const onlyB = rateSeries(columns(rows), { connectionId: 'b' });
  expect(onlyB.x.length).toBe(1);
  expect(onlyB.sentBytes[0]! * (onlyB.bucketMs / 1000)).toBe(10);
  expect(rateSeries(columns([])).x.length).toBe(0);
});

test('the nearest message among the visible ones', () => {
  const rows = [row(100, 'send', 1), row(200, 'send', 1), row(300, 'send', 1), row(1000, 'send', 1)];
  expect(nearestMessage(columns(rows), [0, 1, 2, 3], 240)).toBe(1);
  expect(nearestMessage(columns(rows), [0, 1, 2, 3], 260)).toBe(2);
  expect(nearestMessage(columns(rows), [0, 2], 199)).toBe(0);
  expect(nearestMessage(columns(rows), [0, 2], 201)).toBe(2);
  expect(nearestMessage(columns(rows), [0, 1, 2, 3], 5000)).toBe(3);
  expect(nearestMessage(columns(rows), [], 5)).toBe(-1);
});

test('lifetimes as fractions of the span; open ones run to its end', () => {
  const base = { errors: [] } as unknown as ConnectionRecord;
  const bars = lifecycleBars(
    [
      { ...base, id: 'a', url: 'ws://a', createdAt: 0, closedAt: 500, close: { code: 1006, reason: '', wasClean: false, initiator: 'unknown' } },
      { ...base, id: 'b', url: 'ws://b', createdAt: 250, errors: ['x'] },
    ],
    { from: 0, to: 1000 },
  );
  expect(bars).toEqual([
    { connectionId: 'a', url: 'ws://a', start: 0, end: 0.5, open: false, closeCode: 1006, errors: 0 },
    { connectionId: 'b', url: 'ws://b', start: 0.25, end: 1, open: true, closeCode: undefined, errors: 1 },
  ]);
});
