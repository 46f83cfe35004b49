// The DevTools panel's first read without Dexie: raw IndexedDB, so it can start as soon as the page's
// first small script runs, before Dexie (the panel's largest module graph) has loaded. It reads what
// the panel's view loader reads first (queries.ts): the tab's sessions, then the latest one's
// connections and first page of rows. The drawing of the first rows needs only the page's end: where
// the session has a head (first-page.ts), that is read instead of the page, whose chunks are read
// later (readFirstRows). Only reads an existing database: Dexie creates and upgrades it.
import type { ConnectionRecord, SessionRecord } from '../shared/models';
import { DATABASE_NAME } from '../shared/tags';
import type { FirstPageHead } from './first-page';
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

/** What drawing the first page's end needs: the whole page, or its head. */
export interface FirstPage {
  /** Rows in the page. */
  count: number;
  /** The page's index of `rows[0]`. */
  offset: number;
  /** Its last rows (all of them when offset is 0). */
  rows: StoredMessage[];
  /** The page's first row's time. */
  firstTime: number;
  /** Rows with every set of marks the page holds. */
  marked: Pick<StoredMessage, 'origin' | 'payload' | 'mark'>[];
}

/** The whole first page as a FirstPage. */
export const wholePage = (rows: StoredMessage[]): FirstPage => ({ count: rows.length, offset: 0, rows, firstTime: rows[0]?.time ?? 0, marked: rows });

export interface FirstStart {
  /** The tab's sessions, oldest first. */
  sessions: SessionRecord[];
  /** The latest session's connections (none without a session). */
  connections: ConnectionRecord[];
  /** The latest session's id. */
  latest: string | undefined;
  /** Its first page, or the page's end from its head. */
  page: FirstPage;
  /** The page's rows when read whole (no head); else readFirstRows reads them. */
  rows: StoredMessage[] | undefined;
}

const STORES = ['sessions', 'connections', 'chunks'];

/** The latest session's first page: its chunks, read as messagesAfter reads them. */
const readPage = (transaction: IDBTransaction, sessionId: string, limit: number): Promise<StoredMessage[]> => {
  const chunksBySession = transaction.objectStore('chunks').index('[sessionId+id]');
  // [sessionId, []] is above every [sessionId, number] key: arrays sort after numbers.
  const readChunks = (firstChunkId: number, count: number) =>
    request<MessageChunk[]>(chunksBySession.getAll(IDBKeyRange.bound([sessionId, firstChunkId], [sessionId, []], false, true), count));
  return messagesAfterIn(readChunks, 0, limit);
};

/**
 * The tab's sessions and the latest one's connections, in one transaction, with its first page's head
 * when it has one, else with the page itself (at least `limit` first rows); undefined without a database.
 */
export async function readFirstStart(tabId: number, limit: number): Promise<FirstStart | undefined> {
  const db = await openExisting();
  if (!db) return undefined;
  try {
    if (!STORES.every((name) => db.objectStoreNames.contains(name))) return undefined;
    const withHeads = db.objectStoreNames.contains('heads');
    const transaction = db.transaction(withHeads ? [...STORES, 'heads'] : STORES, 'readonly');
    const sessions = (await request<SessionRecord[]>(transaction.objectStore('sessions').index('tabId').getAll(tabId))).sort(byStart);
    const latest = sessions.at(-1)?.id;
    if (latest === undefined) return { sessions, connections: [], latest, page: wholePage([]), rows: [] };
    const connections = request<ConnectionRecord[]>(transaction.objectStore('connections').index('sessionId').getAll(latest));
    const head = withHeads ? await request<FirstPageHead | undefined>(transaction.objectStore('heads').get(latest)) : undefined;
    // A head that kept no marked rows (too many kinds) cannot size the Marks column: read the page.
    const rows = head?.marked ? undefined : await readPage(transaction, latest, limit);
    const page: FirstPage = rows
      ? wholePage(rows)
      : { count: head!.count, offset: head!.count - head!.rows.length, rows: head!.rows, firstTime: head!.firstTime, marked: head!.marked! };
    return { sessions, connections: (await connections).sort(byCreation), latest, page, rows };
  } finally {
    db.close();
  }
}

/** The session's first page (at least `limit` first rows), in a transaction of its own; undefined without a database. */
export async function readFirstRows(sessionId: string, limit: number): Promise<StoredMessage[] | undefined> {
  const db = await openExisting();
  if (!db) return undefined;
  try {
    return db.objectStoreNames.contains('chunks') ? await readPage(db.transaction('chunks', 'readonly'), sessionId, limit) : undefined;
  } finally {
    db.close();
  }
}

/** The tab's sessions, and the latest one's connections and at least `limit` first rows; undefined without a database. */
export async function readFirstView(tabId: number, limit: number): Promise<FirstViewRead | undefined> {
  const start = await readFirstStart(tabId, limit);
  if (!start) return undefined;
  const rows = start.rows ?? (start.latest === undefined ? [] : await readFirstRows(start.latest, limit));
  return rows && { sessions: start.sessions, connections: start.connections, rows };
}
