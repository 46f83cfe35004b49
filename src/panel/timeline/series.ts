// Messages/s and bytes/s per direction over time, in buckets of a round width: the timeline's data. Pure,
// one pass over the rows, so that a million messages chart in milliseconds.

/** The rows as columns, read by index (the panel's MessageLog is one): no row object is made. */
export interface TimedRows {
  readonly length: number;
  timeAt(index: number): number;
  isSent(index: number): boolean;
  sizeAt(index: number): number;
  connectionIdAt(index: number): string;
}

export interface RateSeries {
  /** Bucket starts, seconds since the epoch (uPlot's x unit). */
  x: Float64Array;
  sentMessages: Float64Array;
  receivedMessages: Float64Array;
  sentBytes: Float64Array;
  receivedBytes: Float64Array;
  /** Bucket width, milliseconds. */
  bucketMs: number;
}

/** Bucket widths a reader can count in: 1, 2, 5 steps from 1 ms up to a day. */
const WIDTHS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
  21_600_000, 43_200_000, 86_400_000,
];

/** At most this many buckets: about one per pixel of a wide chart. */
export const MAX_BUCKETS = 1200;

/** The smallest round width that spans `spanMs` in at most `maxBuckets` buckets. */
export function bucketWidth(spanMs: number, maxBuckets = MAX_BUCKETS): number {
  for (const width of WIDTHS_MS) if (spanMs / width <= maxBuckets) return width;
  return Math.ceil(spanMs / maxBuckets / 86_400_000) * 86_400_000;
}

/**
 * Rates per bucket of the rows at `indexes` (all rows when omitted), optionally of one connection, over
 * [from, to] (defaults: the rows' own span). Rates are per second whatever the bucket width.
 */
export function rateSeries(
  rows: TimedRows,
  options: { indexes?: readonly number[]; connectionId?: string | null; from?: number; to?: number } = {},
): RateSeries {
  const { indexes, connectionId } = options;
  const count = indexes ? indexes.length : rows.length;
  const indexAt = indexes ? (i: number) => indexes[i]! : (i: number) => i;
  let from = options.from ?? Infinity;
  let to = options.to ?? -Infinity;
  if (options.from === undefined || options.to === undefined) {
    for (let i = 0; i < count; i++) {
      const index = indexAt(i);
      if (connectionId && rows.connectionIdAt(index) !== connectionId) continue;
      const time = rows.timeAt(index);
      if (options.from === undefined && time < from) from = time;
      if (options.to === undefined && time > to) to = time;
    }
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) return emptySeries();
  const bucketMs = bucketWidth(Math.max(1, to - from));
  const start = Math.floor(from / bucketMs) * bucketMs;
  const buckets = Math.floor((to - start) / bucketMs) + 1;
  const series: RateSeries = {
    x: new Float64Array(buckets),
    sentMessages: new Float64Array(buckets),
    receivedMessages: new Float64Array(buckets),
    sentBytes: new Float64Array(buckets),
    receivedBytes: new Float64Array(buckets),
    bucketMs,
  };
  for (let b = 0; b < buckets; b++) series.x[b] = (start + b * bucketMs) / 1000;
  for (let i = 0; i < count; i++) {
    const index = indexAt(i);
    if (connectionId && rows.connectionIdAt(index) !== connectionId) continue;
    const b = Math.floor((rows.timeAt(index) - start) / bucketMs);
    if (b >= 0 && b < buckets) countRow(series, rows, index, b);
  }
  toPerSecond(series, buckets);
  return series;
}

/** Adds row `index` to bucket `b`'s counts. */
export function countRow(counts: Omit<RateSeries, 'x' | 'bucketMs'>, rows: TimedRows, index: number, b: number): void {
  if (rows.isSent(index)) {
    counts.sentMessages[b]!++;
    counts.sentBytes[b]! += rows.sizeAt(index);
  } else {
    counts.receivedMessages[b]!++;
    counts.receivedBytes[b]! += rows.sizeAt(index);
  }
}

/** Turns the counts of the first `buckets` buckets into rates per second, in place. */
export function toPerSecond(series: RateSeries, buckets: number): void {
  const perSecond = 1000 / series.bucketMs;
  for (const values of [series.sentMessages, series.receivedMessages, series.sentBytes, series.receivedBytes]) {
    for (let b = 0; b < buckets; b++) values[b]! *= perSecond;
  }
}

function emptySeries(): RateSeries {
  const empty = new Float64Array(0);
  return { x: empty, sentMessages: empty, receivedMessages: empty, sentBytes: empty, receivedBytes: empty, bucketMs: 1000 };
}

/** Index into `rows` (through `indexes`, which is in time order) of the message nearest `time`, or -1. */
export function nearestMessage(rows: Pick<TimedRows, 'timeAt'>, indexes: ArrayLike<number>, time: number): number {
  if (indexes.length === 0) return -1;
  let low = 0;
  let high = indexes.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (rows.timeAt(indexes[mid]!) < time) low = mid + 1;
    else high = mid;
  }
  if (low > 0 && Math.abs(rows.timeAt(indexes[low - 1]!) - time) <= Math.abs(rows.timeAt(indexes[low]!) - time)) low--;
  return indexes[low]!;
}
