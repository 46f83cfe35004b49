// The status bar's figures for the rows the filter shows: how many, sent and received counts and
// bytes (wire sizes), and the time they span. Kept by an AppendFold, so live traffic adds its new
// rows and only a new filter or a new set of rows costs a pass.
import type { StoredMessage } from '../../db/message-chunks';
import { formatBytes, formatDuration } from '../format';
import { AppendFold } from './append-fold';

export type TotalsRow = Pick<StoredMessage, 'direction' | 'time' | 'payload'>;

export interface Totals {
  count: number;
  sentCount: number;
  sentBytes: number;
  receivedCount: number;
  receivedBytes: number;
  /** Earliest and latest message time (ms); Infinity and -Infinity when empty. */
  firstTime: number;
  lastTime: number;
}

export function emptyTotals(): Totals {
  return { count: 0, sentCount: 0, sentBytes: 0, receivedCount: 0, receivedBytes: 0, firstTime: Infinity, lastTime: -Infinity };
}

export function addToTotals(totals: Totals, row: TotalsRow): void {
  totals.count++;
  if (row.direction === 'send') {
    totals.sentCount++;
    totals.sentBytes += row.payload.size;
  } else {
    totals.receivedCount++;
    totals.receivedBytes += row.payload.size;
  }
  if (row.time < totals.firstTime) totals.firstTime = row.time;
  if (row.time > totals.lastTime) totals.lastTime = row.time;
}

/** Totals of `rows[visible[i]]`, continued from the last call while `rows` and `filterKey` are the same. */
export class VisibleTotals {
  private rows: readonly TotalsRow[] = [];
  private readonly fold = new AppendFold<number, Totals>(emptyTotals, (totals, index) => addToTotals(totals, this.rows[index]!));

  update(rows: readonly TotalsRow[], visible: ArrayLike<number>, filterKey: unknown): Totals {
    this.rows = rows;
    return { ...this.fold.over(visible, [rows, filterKey]) };
  }
}

/** The figures as the status bar words them. */
export function describeTotals(totals: Totals, loaded: number): { count: string; sent: string; received: string; span: string } {
  const count = totals.count === loaded ? `${loaded.toLocaleString()} messages` : `${totals.count.toLocaleString()} of ${loaded.toLocaleString()} messages`;
  return {
    count,
    sent: `↑ ${totals.sentCount.toLocaleString()} sent, ${formatBytes(totals.sentBytes)}`,
    received: `↓ ${totals.receivedCount.toLocaleString()} received, ${formatBytes(totals.receivedBytes)}`,
    span: totals.count === 0 ? 'no time span' : `over ${formatDuration(totals.lastTime - totals.firstTime)}`,
  };
}
