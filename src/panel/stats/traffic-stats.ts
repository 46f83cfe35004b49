// Traffic statistics of a view (every connection, or one): counts, bytes, rates, a size histogram and
// the most frequent message shapes. Pure: the caller gives each message's shape (shapes.ts).
import type { StoredMessage } from '../../db/message-chunks';
import { latencyHistogram, type HistogramBucket } from '../pairs/latency-stats';

/** Shapes listed, most frequent first. */
export const TOP_SHAPES = 15;

export interface DirectionTotals {
  count: number;
  bytes: number;
}

export interface TrafficStats {
  sent: DirectionTotals;
  received: DirectionTotals;
  /** Milliseconds from the first message to the last (0 for one message). */
  spanMs: number;
  messagesPerSecond: number;
  bytesPerSecond: number;
  /** The most messages in any one second of the view. */
  peakPerSecond: number;
  /** Message sizes per power-of-two bucket (`from`/`to` in bytes). */
  sizes: HistogramBucket[];
  shapes: { shape: string; count: number }[];
}

export function trafficStats(rows: readonly StoredMessage[], connectionId: string | null, shapeOf: (row: StoredMessage) => string): TrafficStats {
  const sent = { count: 0, bytes: 0 };
  const received = { count: 0, bytes: 0 };
  const sizes: number[] = [];
  const shapes = new Map<string, number>();
  const perSecond = new Map<number, number>();
  let first = Infinity;
  let last = -Infinity;
  for (const row of rows) {
    if (connectionId !== null && row.connectionId !== connectionId) continue;
    const totals = row.direction === 'send' ? sent : received;
    totals.count++;
    totals.bytes += row.payload.size;
    sizes.push(row.payload.size);
    const shape = shapeOf(row);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    const second = Math.floor(row.time / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    first = Math.min(first, row.time);
    last = Math.max(last, row.time);
  }
  const count = sent.count + received.count;
  const spanMs = count > 0 ? last - first : 0;
  // Over less than a second the rate is the count itself: what arrived within one second.
  const seconds = Math.max(1, spanMs / 1000);
  return {
    sent,
    received,
    spanMs,
    messagesPerSecond: count / seconds,
    bytesPerSecond: (sent.bytes + received.bytes) / seconds,
    peakPerSecond: Math.max(0, ...perSecond.values()),
    sizes: latencyHistogram(sizes),
    shapes: [...shapes]
      .map(([shape, shapeCount]) => ({ shape, count: shapeCount }))
      .sort((a, b) => b.count - a.count || (a.shape < b.shape ? -1 : 1))
      .slice(0, TOP_SHAPES),
  };
}
