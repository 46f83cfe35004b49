// The DevTools panel's first read without Dexie: raw IndexedDB, so it can start as soon as the page's
// first small script runs, before Dexie (the panel's largest module graph) has loaded. It reads what
// the panel's view loader reads first (queries.ts): the tab's sessions, then the latest one's
// connections and first page of rows. Only reads an existing database: Dexie creates and upgrades it.
import type { ConnectionRecord, SessionRecord } from '../shared/models';
import { DATABASE_NAME } from '../shared/tags';
import { messagesAfterIn, type MessageChunk, type StoredMessage } from './message-chunks';
import { byCreation, byStart } from './read-order';

export interface FirstViewRead {
  /** The tab's sessions, oldest first. */
  sessions: SessionRecord[];
  /** The latest session's connections and first rows (none without a session). */
  connections: ConnectionRecord[];
  rows: StoredMessage[];
}

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });

/** The database as it is, or undefined when there is none yet (opening it must not create it). */
function openExisting(): Promise<IDBDatabase | undefined> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DATABASE_NAME);
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onsuccess = () => {
      const db = open.result;
      // Never hold up the background's or Dexie's upgrade.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    open.onerror = (event) => {
      // The abort above: no database. Handled here, so the error does not reach the page.
      event.preventDefault();
      if (open.error?.name === 'AbortError') resolve(undefined);
      else reject(open.error ?? new Error('IndexedDB open failed'));
    };
  });
}

/** The tab's sessions, and the latest one's connections and at least `limit` first rows, in one transaction; undefined without a database. */
export async function readFirstView(tabId: number, limit: number): Promise<FirstViewRead | undefined> {
  const db = await openExisting();
  if (!db) return undefined;
  try {
    const stores = ['sessions', 'connections', 'chunks'].filter((name) => db.objectStoreNames.contains(name));
    if (stores.length < 3) return undefined;
    const transaction = db.transaction(stores, 'readonly');
    const sessions = (await request<SessionRecord[]>(transaction.objectStore('sessions').index('tabId').getAll(tabId))).sort(byStart);
    const latest = sessions.at(-1)?.id;
    if (latest === undefined) return { sessions, connections: [], rows: [] };
    const chunksBySession = transaction.objectStore('chunks').index('[sessionId+id]');
    // [latest, []] is above every [latest, number] key: arrays sort after numbers.
    const readChunks = (firstChunkId: number, count: number) =>
      request<MessageChunk[]>(chunksBySession.getAll(IDBKeyRange.bound([latest, firstChunkId], [latest, []], false, true), count));
    const [connections, rows] = await Promise.all([
      request<ConnectionRecord[]>(transaction.objectStore('connections').index('sessionId').getAll(latest)),
      messagesAfterIn(readChunks, 0, limit),
    ]);
    return { sessions, connections: connections.sort(byCreation), rows };
  } finally {
    db.close();
  }
}
