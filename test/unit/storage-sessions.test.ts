// Session choice on hello: one session per top-level document of a tab; subframes and reconnecting documents join theirs.
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { conn, created, frameOf, hello, opened, quotaExceeded, resetBrowserStorage, testDatabase, type TestDatabase } from './storage-fixture';
import { chooseSession, PAGE_UNLOADED } from '../../src/background/sessions';
import { loadTabState } from '../../src/background/tab-state';
import { writeBatch } from '../../src/background/batch-writer';
import { isQuotaError } from '../../src/background/quota-retry';
import type { StorableEvent } from '../../src/background/storable-events';

vi.mock('../../src/platform/browser', async () => (await import('./storage-fixture')).browserModule);

const TAB = 1;
let db: TestDatabase;

const choose = (documentId: string, isTop: boolean, tabId = TAB) => chooseSession(db, tabId, hello(documentId, isTop), 'Tab title');
const write = (sessionId: string, events: StorableEvent[], tabId = TAB) => writeBatch(db, frameOf(sessionId, tabId), events, { discardMessages: false });
const stateOf = async (id: string) => {
  const { state, close, closedAt } = (await db.connections.get(id))!;
  return { state, close, closedAt };
};

beforeEach(() => {
  db = testDatabase();
  resetBrowserStorage();
});

describe('chooseSession', () => {
  test("a new top document starts a session and closes the previous page's open connections", async () => {
    const first = await choose('top-1', true);
    expect(first.started).toMatchObject({ id: first.sessionId, tabId: TAB, pageUrl: 'https://page.test/', title: 'Tab title', imported: false });
    const [open, connecting, closed, elsewhere] = [conn('1', 'top-1'), conn('2', 'top-1'), conn('3', 'top-1'), conn('1', 'other-tab')];
    const cleanClose = { code: 1000, reason: 'done', wasClean: true, initiator: 'client' } as const;
    await write(first.sessionId, [
      created(open, 1000),
      opened(open, 1001),
      created(connecting, 1002),
      created(closed, 1003),
      { t: 'close', conn: closed, time: 1500, close: cleanClose },
    ]);
    const otherTab = await choose('top-9', true, 2);
    await write(otherTab.sessionId, [created(elsewhere, 1000), opened(elsewhere, 1001)], 2);

    const second = await choose('top-2', true);
    expect(second.started).toBeDefined();
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(await db.sessions.count()).toBe(3);
    const unloaded = { state: 'closed', close: PAGE_UNLOADED, closedAt: second.started!.startedAt };
    expect(await stateOf(open)).toEqual(unloaded);
    expect(await stateOf(connecting)).toEqual(unloaded);
    expect(await stateOf(closed)).toEqual({ state: 'closed', close: cleanClose, closedAt: 1500 });
    expect((await stateOf(elsewhere)).state).toBe('open');
    expect(await loadTabState(TAB)).toMatchObject({ sessionId: second.sessionId, topDocumentId: 'top-2' });
  });

  test('a subframe joins the current session and closes nothing', async () => {
    const top = await choose('top-1', true);
    await write(top.sessionId, [created(conn('1', 'top-1'), 1000), opened(conn('1', 'top-1'), 1001)]);
    const frame = await choose('frame-1', false);
    expect(frame).toEqual({ sessionId: top.sessionId });
    expect(await db.sessions.count()).toBe(1);
    expect((await stateOf(conn('1', 'top-1'))).state).toBe('open');
    expect(await loadTabState(TAB)).toMatchObject({ sessionId: top.sessionId, topDocumentId: 'top-1' });
  });

  test('a reconnecting document rejoins its own session, even after the tab moved on', async () => {
    const page1 = await choose('top-1', true);
    await choose('frame-1', false);
    const page2 = await choose('top-2', true);
    await write(page2.sessionId, [created(conn('1', 'top-2'), 1000), opened(conn('1', 'top-2'), 1001)]);

    expect(await choose('top-1', true)).toEqual({ sessionId: page1.sessionId });
    expect(await choose('frame-1', false)).toEqual({ sessionId: page1.sessionId });
    expect(await choose('top-2', true)).toEqual({ sessionId: page2.sessionId });
    expect(await db.sessions.count()).toBe(2);
    expect((await stateOf(conn('1', 'top-2'))).state).toBe('open');
    expect(await loadTabState(TAB)).toMatchObject({ sessionId: page2.sessionId, topDocumentId: 'top-2' });
    expect(await choose('frame-2', false)).toEqual({ sessionId: page2.sessionId });
  });

  test('a top frame adopts the session its subframes started', async () => {
    const frame = await choose('frame-1', false);
    expect(frame.started).toBeDefined();
    expect(await loadTabState(TAB)).toMatchObject({ sessionId: frame.sessionId, topDocumentId: '' });
    await write(frame.sessionId, [created(conn('1', 'frame-1'), 1000), opened(conn('1', 'frame-1'), 1001)]);

    expect(await choose('top-1', true)).toEqual({ sessionId: frame.sessionId });
    expect(await loadTabState(TAB)).toMatchObject({ sessionId: frame.sessionId, topDocumentId: 'top-1' });
    expect((await stateOf(conn('1', 'frame-1'))).state).toBe('open');

    // Once adopted, the next top document is a navigation: a new session.
    const next = await choose('top-2', true);
    expect(next.sessionId).not.toBe(frame.sessionId);
    expect((await stateOf(conn('1', 'frame-1'))).close).toEqual(PAGE_UNLOADED);
  });
});

describe('chooseSession failure', () => {
  test('a session write that throws rejects and leaves the tab state unchanged', async () => {
    const page1 = await choose('top-1', true);
    await write(page1.sessionId, [created(conn('1', 'top-1'), 1000), opened(conn('1', 'top-1'), 1001)]);
    const before = await loadTabState(TAB);

    db.faults.write = (table) => (table === 'sessions' ? quotaExceeded() : undefined);
    const failure = await choose('top-2', true).catch((error: unknown) => error);
    expect(isQuotaError(failure)).toBe(true);
    expect(await loadTabState(TAB)).toEqual(before);
    expect(await db.sessions.count()).toBe(1);
    expect((await stateOf(conn('1', 'top-1'))).state).toBe('open');

    // A tab without a session yet stays without one.
    await expect(choose('top-9', true, 2)).rejects.toThrow();
    expect(await loadTabState(2)).toBeUndefined();

    // Once writes succeed again, the same hello starts its session (it was not remembered as known).
    db.faults.write = undefined;
    const page2 = await choose('top-2', true);
    expect(page2.started).toBeDefined();
    expect((await stateOf(conn('1', 'top-1'))).close).toEqual(PAGE_UNLOADED);
  });

  test('closing the previous connections failing rejects and leaves the tab state unchanged', async () => {
    const page1 = await choose('top-1', true);
    await write(page1.sessionId, [created(conn('1', 'top-1'), 1000), opened(conn('1', 'top-1'), 1001)]);
    const before = await loadTabState(TAB);

    db.faults.write = (table) => (table === 'connections' ? new Error('disk gone') : undefined);
    await expect(choose('top-2', true)).rejects.toThrow('disk gone');
    expect(await loadTabState(TAB)).toEqual(before);
    expect((await stateOf(conn('1', 'top-1'))).state).toBe('open');
    expect(await db.sessions.count()).toBe(1); // no empty session left behind

    db.faults.write = undefined;
    const page2 = await choose('top-2', true);
    expect(page2.started).toBeDefined();
    expect(await loadTabState(TAB)).toMatchObject({ sessionId: page2.sessionId, topDocumentId: 'top-2' });
  });
});
