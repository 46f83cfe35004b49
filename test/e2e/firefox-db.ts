// Reads the extension's IndexedDB (src/db/schema.ts) in Firefox through an inert extension page,
// with plain IndexedDB calls: what the background really stored, not what the panel makes of it.
import type { Page } from 'puppeteer-core';
import type { ConnectionRecord, HandshakeRecord, MessageRecord, PayloadRecord, SessionRecord } from '../../src/shared/models';
import { DATABASE_NAME } from '../../src/shared/tags';
import type { FirefoxWithExtension } from './firefox';

export interface StoredRecords {
  sessions: SessionRecord;
  connections: ConnectionRecord;
  messages: MessageRecord;
  payloads: PayloadRecord;
  handshakes: HandshakeRecord;
}

export interface FirefoxDatabase {
  /** Every record of `store` in key order; with `index` and `key`, only the records matching. */
  all<S extends keyof StoredRecords>(store: S, index?: string, key?: IDBValidKey): Promise<StoredRecords[S][]>;
  /** The extension page doing the reading: also good for browser.tabs and browser.permissions calls. */
  page: Page;
}

export async function openFirefoxDatabase(firefox: FirefoxWithExtension): Promise<FirefoxDatabase> {
  // manifest.json renders as a JSON document of the extension's origin: its IndexedDB, no app code.
  const page = await firefox.openExtensionPage('manifest.json');
  return {
    page,
    all: (store, index, key) =>
      page.evaluate(
        async (name, store, index, key) => {
          // Opening a database that does not exist yet would create it at version 1 under Dexie's feet.
          if (!(await indexedDB.databases()).some((known) => known.name === name)) return [];
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const request = indexedDB.open(name);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
          });
          try {
            if (!db.objectStoreNames.contains(store)) return [];
            const objectStore = db.transaction(store, 'readonly').objectStore(store);
            const source = index === undefined ? objectStore : objectStore.index(index);
            return await new Promise<never[]>((resolve, reject) => {
              const request = source.getAll(key === undefined ? undefined : IDBKeyRange.only(key));
              request.onsuccess = () => resolve(request.result as never[]);
              request.onerror = () => reject(request.error);
            });
          } finally {
            db.close();
          }
        },
        DATABASE_NAME,
        store,
        index,
        key,
      ),
  };
}
