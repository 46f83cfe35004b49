// Reads what the extension stored for one job's socket, from an extension page (not a measured page):
// the ingest benches check that a burst was stored whole, not only that the page received it.
import type { UndrivenBrowser } from './browser';

const POLL_MS = 100;
const GIVE_UP_MS = 10 * 60_000;

export type StoreReader = Awaited<ReturnType<UndrivenBrowser['openExtensionPage']>>;

/** A page of the extension that runs none of its code, so that reading costs only the reads. */
export const openStoreReader = (browser: UndrivenBrowser): Promise<StoreReader> => browser.openExtensionPage('manifest.json');

/**
 * In the reader: the job's connections (its socket URL ends in job=<id>) and either their counters
 * (cheap, for polling) or, from the chunks, how many received messages and how many distinct message
 * numbers (the burst's `i`) are stored. Layout: src/db/message-chunks.ts.
 */
const readStored = (jobId: string, exact: boolean): string => `(async () => {
  const db = await new Promise((ok, fail) => { const open = indexedDB.open('websocket-inspector'); open.onsuccess = () => ok(open.result); open.onerror = () => fail(open.error); });
  const all = (request) => new Promise((ok, fail) => { request.onsuccess = () => ok(request.result); request.onerror = () => fail(request.error); });
  try {
    if (!db.objectStoreNames.contains('connections')) return { received: 0, distinct: 0 };
    const connections = (await all(db.transaction('connections').objectStore('connections').getAll()))
      .filter((connection) => new URL(connection.url).searchParams.get('job') === ${JSON.stringify(jobId)});
    if (!${exact}) return { received: connections.reduce((sum, connection) => sum + connection.receivedCount, 0), distinct: 0 };
    const numbers = new Set();
    let received = 0;
    for (const { id } of connections) {
      const chunks = await all(db.transaction('chunks').objectStore('chunks').index('connectionIds').getAll(id));
      for (const message of chunks.flatMap((chunk) => chunk.messages)) {
        if (message.connectionId !== id || message.direction !== 'receive') continue;
        received++;
        if (message.data !== undefined) numbers.add(JSON.parse(message.data).i);
      }
    }
    return { received, distinct: numbers.size };
  } finally {
    db.close();
  }
})()`;

export interface Stored {
  /** Milliseconds from `since` until the counters showed every message. */
  lagMs: number;
  whole: boolean;
  received: number;
}

/** Waits until the counters of job `jobId`'s socket reach `expected`, then counts exactly. */
export async function waitStoredWhole(reader: StoreReader, jobId: string, expected: number, since: number): Promise<Stored> {
  const read = (exact: boolean) => reader.evaluate<{ received: number; distinct: number }>(readStored(jobId, exact));
  while ((await read(false)).received < expected && Date.now() - since < GIVE_UP_MS) await new Promise((later) => setTimeout(later, POLL_MS));
  const lagMs = Date.now() - since;
  const { received, distinct } = await read(true);
  return { lagMs, whole: received === expected && distinct === expected, received };
}
