// The DevTools panel's first read, begun as soon as the database is opening: the tab's sessions,
// then the latest one's connections and first page of rows, side by side. The view loader's first
// calls with the same arguments get these answers; every later call reads anew. (A panel's first
// view is the tab's latest session, with or without Preserve log; the history tab opens on none.)
// The DevTools panel's entry starts these reads even earlier, without Dexie (first-rows.ts): given
// them, nothing is read twice.
import type { FirstViewRead } from '../db/first-read';
import type { ReadQueries } from '../db/queries';
import { FIRST_PAGE_ROWS } from './state/paging';

export function prefetchFirstView<Data extends ReadQueries>(data: Data, tabId: number | null, early?: Promise<FirstViewRead | undefined>): Data {
  if (tabId === null) return data;
  // Without an early read, or when it failed or found no database, Dexie reads.
  const earlier = early?.catch(() => undefined) ?? Promise.resolve(undefined);
  const sessions = earlier.then((read) => read?.sessions ?? data.sessionsOfTab(tabId));
  const latest = sessions.then((list) => list.at(-1)?.id);
  const connections = earlier.then((read) => read?.connections ?? latest.then((id) => (id === undefined ? [] : data.connectionsOfSessions([id]))));
  const rows = earlier.then((read) => read?.rows ?? latest.then((id) => (id === undefined ? [] : data.messagesAfter(id, 0, FIRST_PAGE_ROWS))));
  // A failed read reaches the caller that takes it; one nobody takes must not be an unhandled rejection.
  for (const read of [sessions, connections, rows]) read.catch(() => {});
  const taken = { sessions: false, connections: false, rows: false };
  /** Whether this is the first call of its kind and asks about the latest session. */
  const firstAboutLatest = async (kind: keyof typeof taken, sessionId: string | undefined) => {
    if (taken[kind]) return false;
    taken[kind] = true;
    return sessionId !== undefined && sessionId === (await latest.catch(() => undefined));
  };
  return {
    ...data,
    sessionsOfTab: (id) => {
      if (taken.sessions || id !== tabId) return data.sessionsOfTab(id);
      taken.sessions = true;
      return sessions;
    },
    connectionsOfSessions: async (ids) => (ids.length === 1 && (await firstAboutLatest('connections', ids[0])) ? connections : data.connectionsOfSessions(ids)),
    messagesAfter: async (sessionId, afterId, limit) =>
      afterId === 0 && limit === FIRST_PAGE_ROWS && (await firstAboutLatest('rows', sessionId)) ? rows : data.messagesAfter(sessionId, afterId, limit),
  };
}
