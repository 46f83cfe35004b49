// Eviction: the oldest sessions no tab is writing to go, for the budget (down to 90 %) and for the real quota.
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { conn, created, frameOf, hello, quotaExceeded, resetBrowserStorage, testDatabase, text, type TestDatabase } from './storage-fixture';
import { addUsage, evictOldestForQuota, followBudgetSetting, makeRoomForBudget, totalUsage } from '../../src/background/eviction';
import { isQuotaError, writeEvictingOnQuota } from '../../src/background/quota-retry';
import { chooseSession } from '../../src/background/sessions';
import { writeBatch } from '../../src/background/batch-writer';
import { setSettings } from '../../src/platform/settings';

vi.mock('../../src/platform/browser', async () => (await import('./storage-fixture')).browserModule);
vi.mock('../../src/platform/native-api', async () => (await import('./storage-fixture')).nativeApiModule);

/** Each page's messages: over the inline limit, so every session has a `payloads` record too. */
const PAGE_BYTES = 3000;
let db: TestDatabase;
let now = Date.UTC(2030, 0, 1);
let pages = 0;

/** Sets the clock: sessions start at it, and the usage cache is recounted after a minute. */
const advance = (ms: number): void => void vi.setSystemTime((now += ms));

/** The next top document of `tabId`, a second after the last one, with one message of PAGE_BYTES. */
async function page(tabId: number): Promise<string> {
  advance(1000);
  const documentId = `doc-${++pages}`;
  const { sessionId } = await chooseSession(db, tabId, hello(documentId, true), '');
  const socket = conn('1', documentId);
  await writeBatch(db, frameOf(sessionId, tabId), [created(socket, now), text(socket, 1, 'x'.repeat(PAGE_BYTES))], { discardMessages: false });
  await db.handshakes.put({
    requestId: `request-${pages}`,
    tabId,
    frameId: 0,
    url: 'wss://socket.test/feed',
    startedAt: now,
    requestHeaders: [],
    connectionId: socket,
  });
  return sessionId;
}

/** Sessions in order: tab 1 navigates s1, s3 … s7 (s7 current); tab 2 shows s2 (current). */
async function sevenPages(): Promise<string[]> {
  const ids = [await page(1), await page(2)];
  for (let index = 3; index <= 7; index++) ids.push(await page(1));
  return ids;
}

const remaining = async (ids: readonly string[]) => {
  const kept = new Set(await db.sessions.toCollection().primaryKeys());
  return ids.map((id, index) => (kept.has(id) ? `s${index + 1}` : '-')).filter((name) => name !== '-');
};

beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  followBudgetSetting();
});
afterAll(() => void vi.useRealTimers());
beforeEach(() => {
  advance(3_600_000); // Past the usage cache of the previous test's database.
  db = testDatabase();
  pages = 0;
  resetBrowserStorage();
});

describe('storage budget', () => {
  test('evicts the oldest sessions not current in any tab nor being written, down to 90 % of the budget', async () => {
    const ids = await sevenPages();
    const writing = ids[2]!; // An earlier page's frame that rejoined its session: s2 and s7 are current, s3 is being written.
    await setSettings({ storageBudgetBytes: 7.5 * PAGE_BYTES });
    expect(await makeRoomForBudget(db, 0.5 * PAGE_BYTES, writing)).toBe(0); // exactly at the budget: nothing goes
    // 7 pages + 1 incoming > 7.5: s1 goes, which is within the budget but not within 90 % of it (6.75), so s4 goes too.
    expect(await makeRoomForBudget(db, PAGE_BYTES, writing)).toBe(2);
    expect(await remaining(ids)).toEqual(['s2', 's3', 's5', 's6', 's7']);
    expect(await totalUsage(db)).toBe(5 * PAGE_BYTES);

    // Everything of the evicted sessions went with them.
    const evicted = [ids[0]!, ids[3]!];
    expect(await db.connections.where('sessionId').anyOf(evicted).count()).toBe(0);
    expect(await db.chunks.filter((chunk) => evicted.includes(chunk.sessionId)).count()).toBe(0);
    expect(await db.payloads.where('sessionId').anyOf(evicted).count()).toBe(0);
    expect(await db.handshakes.count()).toBe(5);
    expect([await db.connections.count(), await db.chunks.count(), await db.payloads.count()]).toEqual([5, 5, 5]);

    // Stored bytes count from then on: the next batch that would pass the budget evicts again.
    await addUsage(db, writing, PAGE_BYTES);
    expect(await totalUsage(db)).toBe(6 * PAGE_BYTES);
    expect(await makeRoomForBudget(db, 2 * PAGE_BYTES, writing)).toBe(2);
    expect(await remaining(ids)).toEqual(['s2', 's3', 's7']);
  });

  test('the session being written and the current sessions are never evicted, even over budget', async () => {
    const old = await page(1);
    const current1 = await page(1);
    const current2 = await page(2);
    await setSettings({ storageBudgetBytes: 100 });
    expect(await makeRoomForBudget(db, PAGE_BYTES, old)).toBe(0);
    expect(await db.sessions.count()).toBe(3);
    expect(await makeRoomForBudget(db, PAGE_BYTES, current1)).toBe(1);
    expect(await db.sessions.toCollection().primaryKeys()).toEqual(expect.arrayContaining([current1, current2]));
    expect(await db.sessions.count()).toBe(2);
  });
});

describe('quota', () => {
  test('evictOldestForQuota removes the one oldest evictable session', async () => {
    const ids = await sevenPages();
    expect(await evictOldestForQuota(db, ids[0]!)).toBe(1);
    expect(await remaining(ids)).toEqual(['s1', 's2', 's4', 's5', 's6', 's7']);
    expect(await evictOldestForQuota(db, '')).toBe(1);
    expect(await remaining(ids)).toEqual(['s2', 's4', 's5', 's6', 's7']);
  });

  test('a write over quota is retried after evicting the oldest sessions, one at a time', async () => {
    const ids = await sevenPages();
    const writing = ids[6]!;
    let freed = 0; // The disk is full until two sessions are deleted.
    db.faults.write = (table, request) => {
      if (table === 'sessions' && request.type === 'delete') freed += request.keys.length;
      return table === 'chunks' && request.type === 'add' && freed < 2 ? quotaExceeded() : undefined;
    };
    const socket = conn('1', 'doc-7');
    const { result, evicted } = await writeEvictingOnQuota(
      () => writeBatch(db, frameOf(writing), [text(socket, 2, 'fits now')], { discardMessages: false }),
      () => evictOldestForQuota(db, writing),
    );
    expect(evicted).toBe(2);
    expect(result.storedMessages).toBe(1);
    expect(await remaining(ids)).toEqual(['s2', 's4', 's5', 's6', 's7']);
    expect(await db.connections.get(socket)).toMatchObject({ sentCount: 2, lastSeq: 2 });
  });

  test('with nothing left to evict the quota error surfaces, the current sessions stay and the batch left nothing', async () => {
    const ids = await sevenPages();
    const writing = ids[6]!;
    db.faults.write = (table, request) => (table === 'chunks' && request.type === 'add' ? quotaExceeded() : undefined);
    const socket = conn('1', 'doc-7');
    const failure = await writeEvictingOnQuota(
      () => writeBatch(db, frameOf(writing), [text(socket, 2, 'no room')], { discardMessages: false }),
      () => evictOldestForQuota(db, writing),
    ).catch((error: unknown) => error);
    expect(isQuotaError(failure)).toBe(true);
    expect(await remaining(ids)).toEqual(['s2', 's7']);
    // The transaction rolled back: lastSeq did not move, so the relay's resend is stored.
    expect(await db.connections.get(socket)).toMatchObject({ sentCount: 1, lastSeq: 1 });
  });
});
