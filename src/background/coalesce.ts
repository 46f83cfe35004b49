// Last-value-wins coalescing for bookkeeping that a busy page can trigger once per message (tab
// titles, loss notices): changes are merged per key in memory and written at most once per interval,
// outside the ingest queue, so they never stand between message batches.

export interface Coalescer<K, V> {
  /** Records a change for `key`; it is written with the next flush. */
  note(key: K, value: V): void;
}

export function coalesce<K, V>(intervalMs: number, merge: (earlier: V, later: V) => V, write: (changes: Map<K, V>) => Promise<void>): Coalescer<K, V> {
  let pending = new Map<K, V>();
  let scheduled = false;
  const flush = (): void => {
    const changes = pending;
    pending = new Map();
    scheduled = false;
    write(changes).catch((error: unknown) => console.error('[wsi] bookkeeping write failed', error));
  };
  return {
    note(key, value) {
      const earlier = pending.get(key);
      pending.set(key, earlier === undefined ? value : merge(earlier, value));
      if (scheduled) return;
      scheduled = true;
      setTimeout(flush, intervalMs);
    },
  };
}
