// The status bar's figures for the rows the filter shows: how many, sent and received counts and
// bytes (wire sizes), and the time they span. The filter pass sums them as it goes (log-slice.ts), so
// live traffic adds its new rows and only a new filter or a new set of rows costs a pass.
import { formatBytes, formatDuration } from '../format';

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

/** Adds one message: its direction, wire size and time. */
export function addToTotals(totals: Totals, sent: boolean, size: number, time: number): void {
  totals.count++;
  if (sent) {
    totals.sentCount++;
    totals.sentBytes += size;
  } else {
    totals.receivedCount++;
    totals.receivedBytes += size;
  }
  if (time < totals.firstTime) totals.firstTime = time;
  if (time > totals.lastTime) totals.lastTime = time;
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
