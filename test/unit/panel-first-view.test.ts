// The DevTools panel's first read starts before its modules load: the view loader's first calls get
// those answers, and every other call reads anew.
import { expect, test } from 'vitest';
import type { ReadQueries } from '../../src/db/queries';
import { prefetchFirstView } from '../../src/panel/first-view';
import type { SessionRecord } from '../../src/shared/models';

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
