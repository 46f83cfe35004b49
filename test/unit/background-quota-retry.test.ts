import { expect, test } from 'vitest';
import { isQuotaError, writeEvictingOnQuota } from '../../src/background/quota-retry';
import { nearestInTime } from '../../src/background/handshake-matching';

const quotaError = (): Error => Object.assign(new Error('full'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } });

test('quota errors are recognised through Dexie wrappers', () => {
  expect(isQuotaError(quotaError())).toBe(true);
  expect(isQuotaError(Object.assign(new Error(), { name: 'QuotaExceededError' }))).toBe(true);
  expect(isQuotaError(new Error('other'))).toBe(false);
});

test('a write over quota is retried after each eviction until it fits', async () => {
  let failuresLeft = 2;
  let evictions = 0;
  const outcome = await writeEvictingOnQuota(
    async () => {
      if (failuresLeft-- > 0) throw quotaError();
      return 'written';
    },
    async () => ++evictions && 1,
  );
  expect(outcome).toEqual({ result: 'written', evicted: 2 });
});

test('with nothing left to evict the quota error surfaces; other errors are not retried', async () => {
  await expect(
    writeEvictingOnQuota(
      async () => Promise.reject(quotaError()),
      async () => 0,
    ),
  ).rejects.toThrow('full');
  let evictions = 0;
  await expect(
    writeEvictingOnQuota(
      async () => Promise.reject(new Error('bug')),
      async () => ++evictions,
    ),
  ).rejects.toThrow('bug');
  expect(evictions).toBe(0);
});

test('handshakes match the connection nearest in time, within a window', () => {
  const candidates = [{ at: 1000 }, { at: 5000 }, { at: 9000 }];
  expect(nearestInTime(candidates, 5200, (candidate) => candidate.at)).toEqual({ at: 5000 });
  expect(nearestInTime(candidates, 1_000_000, (candidate) => candidate.at)).toBeUndefined();
});
