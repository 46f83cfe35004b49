// The timeline's rates kept up to date as rows are appended: each new row is added to its bucket, so a
// live session's chart costs the new rows, not a pass over all of them. The result is always what
// rateSeries() computes over all rows (same buckets, same sums in the same order): when the rows'
// span outgrows the bucket width, starts earlier, or rows were merged in before the counted ones, the
// counts are rebuilt from scratch (a few times per session: widths step 1, 2, 5, 10...).
import { bucketWidth, countRow, MAX_BUCKETS, toPerSecond, type RateSeries, type TimedRows } from './series';

/** Rows as the live log holds them, in id order. */
export interface LiveRows extends TimedRows {
  idAt(index: number): number;
}

const newCounts = (capacity: number) => ({
  sentMessages: new Float64Array(capacity),
  receivedMessages: new Float64Array(capacity),
  sentBytes: new Float64Array(capacity),
  receivedBytes: new Float64Array(capacity),
});

export class LiveRates {
  /** Rows counted: rows[0, counted). */
  private counted = 0;
  private firstId = 0;
  private lastCountedId = 0;
  private from = Infinity;
  private to = -Infinity;
  private bucketMs = 1;
  private start = 0;
  private counts = newCounts(MAX_BUCKETS + 2);

  constructor(private readonly connectionId: string | null) {}

  /** Takes in the rows appended since the last call (or all of them, when earlier ones changed) and returns the rates. */
  update(rows: LiveRows): RateSeries {
    if (!this.onlyAppended(rows)) this.reset();
    const from = this.counted;
    let low = this.from;
    let high = this.to;
    for (let index = from; index < rows.length; index++) {
      if (!this.isCounted(rows, index)) continue;
      const time = rows.timeAt(index);
      if (time < low) low = time;
      if (time > high) high = time;
    }
    if (Number.isFinite(low)) {
      const bucketMs = bucketWidth(Math.max(1, high - low));
      const start = Math.floor(low / bucketMs) * bucketMs;
      if (bucketMs !== this.bucketMs || start !== this.start || low < this.from) this.recount(rows, low, high, bucketMs, start);
      else {
        this.to = high;
        this.add(rows, from);
      }
    }
    this.counted = rows.length;
    this.firstId = rows.length > 0 ? rows.idAt(0) : 0;
    this.lastCountedId = rows.length > 0 ? rows.idAt(rows.length - 1) : 0;
    return this.series();
  }

  /** Whether the rows counted so far are still rows[0, counted): rows are in id order, so a row merged in before shifts the last counted one. */
  private onlyAppended(rows: LiveRows): boolean {
    if (this.counted === 0) return true;
    return rows.length >= this.counted && rows.idAt(0) === this.firstId && rows.idAt(this.counted - 1) === this.lastCountedId;
  }

  private reset(): void {
    this.counted = 0;
    this.from = Infinity;
    this.to = -Infinity;
  }

  private isCounted(rows: TimedRows, index: number): boolean {
    return !this.connectionId || rows.connectionIdAt(index) === this.connectionId;
  }

  private recount(rows: TimedRows, from: number, to: number, bucketMs: number, start: number): void {
    this.bucketMs = bucketMs;
    this.start = start;
    this.from = from;
    this.to = to;
    this.counts = newCounts(MAX_BUCKETS + 2);
    this.add(rows, 0);
  }

  /** Counts rows[first, length) of the connection; their times lie in [from, to]. */
  private add(rows: TimedRows, first: number): void {
    for (let index = first; index < rows.length; index++) {
      if (this.isCounted(rows, index)) countRow(this.counts, rows, index, Math.floor((rows.timeAt(index) - this.start) / this.bucketMs));
    }
  }

  private bucketCount(to: number): number {
    return Number.isFinite(to) ? Math.floor((to - this.start) / this.bucketMs) + 1 : 0;
  }

  private series(): RateSeries {
    const buckets = this.bucketCount(this.to);
    const series: RateSeries = {
      x: new Float64Array(buckets),
      sentMessages: this.counts.sentMessages.slice(0, buckets),
      receivedMessages: this.counts.receivedMessages.slice(0, buckets),
      sentBytes: this.counts.sentBytes.slice(0, buckets),
      receivedBytes: this.counts.receivedBytes.slice(0, buckets),
      bucketMs: buckets > 0 ? this.bucketMs : 1000,
    };
    for (let b = 0; b < buckets; b++) series.x[b] = (this.start + b * this.bucketMs) / 1000;
    toPerSecond(series, buckets);
    return series;
  }
}
