// Retrying a write after the browser's real quota ran out. Pure: the eviction step is passed in.

export function isQuotaError(error: unknown): boolean {
  for (let cause = error as { name?: string; inner?: unknown } | undefined; cause; cause = cause.inner as typeof cause) {
    if (cause.name === 'QuotaExceededError') return true;
  }
  return false;
}

/**
 * Runs `write`; on a quota error frees space with `evictOne` and tries again, until it succeeds or
 * nothing more can be evicted (then the quota error is thrown). Reports how many sessions went.
 */
export async function writeEvictingOnQuota<T>(write: () => Promise<T>, evictOne: () => Promise<number>): Promise<{ result: T; evicted: number }> {
  let evicted = 0;
  for (;;) {
    try {
      return { result: await write(), evicted };
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      const removed = await evictOne();
      if (removed === 0) throw error;
      evicted += removed;
    }
  }
}
