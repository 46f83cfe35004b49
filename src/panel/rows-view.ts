// The loaded rows as an array-like of StoredMessage, for code that walks rows as objects. The rows
// live in columns (messageLog.ts); an element is made when read. The view is one object until the rows
// are replaced (Clear, a merge of earlier rows), as an array of rows was, and the rows read last keep
// their identity.
import type { StoredMessage } from '../db/message-chunks';
import type { MessageLog } from './messageLog';

/** Rows made recently, by index: enough for the folds that check their last row between renders. */
const KEPT_ROWS = 256;

export type RowsView = readonly StoredMessage[];

export function rowsView(log: MessageLog): RowsView {
  const kept = new Map<number, StoredMessage>();
  const rowAt = (index: number): StoredMessage | undefined => {
    if (!(index >= 0 && index < log.length)) return undefined;
    let row = kept.get(index);
    if (row) return row;
    row = log.messageAt(index);
    if (kept.size >= KEPT_ROWS) kept.delete(kept.keys().next().value!);
    kept.set(index, row);
    return row;
  };
  const target: StoredMessage[] = [];
  return new Proxy(target, {
    get(_, property) {
      if (property === 'length') return log.length;
      if (typeof property === 'string' && /^\d+$/.test(property)) return rowAt(Number(property));
      // Array methods (slice, some, filter, at, iteration) run over this proxy, reading the rows above.
      const method = Reflect.get(Array.prototype, property) as unknown;
      return typeof method === 'function' ? method : undefined;
    },
    has(_, property) {
      return typeof property === 'string' && /^\d+$/.test(property) ? Number(property) < log.length : property === 'length';
    },
  });
}
