// The DevTools panel's first read starts before its modules load: the view loader's first calls get
// those answers, and every other call reads anew. The entry's own early read (first-rows.ts) is taken
// instead when there is one.
import { expect, test } from 'vitest';
import type { FirstViewRead } from '../../src/db/first-read';
import type { StoredMessage } from '../../src/db/message-chunks';
import type { ReadQueries } from '../../src/db/queries';
import { prefetchFirstView } from '../../src/panel/first-view';
import type { ConnectionRecord, SessionRecord } from '../../src/shared/models';

function countingQueries() {
  const calls: string[] = [];
  const sessions: SessionRecord[] = [
    { id: 'old', tabId: 7, pageUrl: '', title: '', startedAt: 1, imported: false },
    { id: 'new', tabId: 7, pageUrl: '', title: '', startedAt: 2, imported: false },
  ];
  const queries = {
    sessionsOfTab: async (tabId: number) => (calls.push(`sessions ${tabId}`), sessions),
    connectionsOfSessions: async (ids: readonly string[]) => (calls.push(`connections ${ids.join()}`), []),
    messagesAfter: async (sessionId: string, afterId: number, limit: number) => (calls.push(`rows ${sessionId} ${afterId} ${limit}`), []),
  } as unknown as ReadQueries;
  return { queries, calls };
}

test('reads the latest session at once; the loader’s first calls take those reads, later calls read anew', async () => {
  const { queries, calls } = countingQueries();
  const data = prefetchFirstView(queries, 7);
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(calls).toEqual(['sessions 7', 'connections new', 'rows new 0 200']);
  await data.sessionsOfTab(7);
  await data.connectionsOfSessions(['new']);
  await data.messagesAfter('new', 0, 200);
  expect(calls).toHaveLength(3);
  await data.sessionsOfTab(7);
  await data.connectionsOfSessions(['new']);
  await data.messagesAfter('new', 0, 200);
  expect(calls.slice(3)).toEqual(['sessions 7', 'connections new', 'rows new 0 200']);
});

test('a first call about something else reads anew; the history tab prefetches nothing', async () => {
  const { queries, calls } = countingQueries();
  const data = prefetchFirstView(queries, 7);
  await new Promise((resolve) => setTimeout(resolve, 0));
  await data.connectionsOfSessions(['old', 'new']);
  await data.messagesAfter('old', 0, 200);
  expect(calls.slice(3)).toEqual(['connections old,new', 'rows old 0 200']);

  const history = countingQueries();
  expect(prefetchFirstView(history.queries, null)).toBe(history.queries);
  expect(history.calls).toEqual([]);
});

test('given the entry’s early read, the loader’s first calls take its answers and nothing is read twice', async () => {
  const { queries, calls } = countingQueries();
  const rows = [{ id: 1 }] as unknown as StoredMessage[];
  const early: FirstViewRead = {
    sessions: [{ id: 'early', tabId: 7, pageUrl: '', title: '', startedAt: 3, imported: false }],
    connections: [{ id: 'c' }] as unknown as ConnectionRecord[],
    rows,
  };
  const data = prefetchFirstView(queries, 7, Promise.resolve(early));
  expect(await data.sessionsOfTab(7)).toBe(early.sessions);
  expect(await data.connectionsOfSessions(['early'])).toBe(early.connections);
  expect(await data.messagesAfter('early', 0, 200)).toBe(rows);
  expect(calls).toEqual([]);
});

test('an early read that failed or found no database leaves the first read to Dexie', async () => {
  for (const early of [Promise.reject(new Error('blocked')), Promise.resolve(undefined)]) {
    const { queries, calls } = countingQueries();
    const data = prefetchFirstView(queries, 7, early);
    await data.messagesAfter('new', 0, 200);
    expect(calls).toEqual(['sessions 7', 'connections new', 'rows new 0 200']);
  }
});
