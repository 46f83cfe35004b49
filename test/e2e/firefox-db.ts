// Reads the extension's IndexedDB (src/db/schema.ts) in Firefox through an inert extension page,
// with plain IndexedDB calls (stored-records.ts): what the background really stored, not what the panel makes of it.
import type { Page } from 'puppeteer-core';
import type { ConnectionRecord, HandshakeRecord, MessageRecord, PayloadRecord, SessionRecord } from '../../src/shared/models';
import { DATABASE_NAME } from '../../src/shared/tags';
import { CHUNK_LAYOUT, fromStoredJson, readStoredRecords, type IndexValue } from './stored-records';
import type { FirefoxWithExtension } from './firefox';

export interface StoredRecords {
  sessions: SessionRecord;
  connections: ConnectionRecord;
  messages: MessageRecord;
  payloads: PayloadRecord;
  handshakes: HandshakeRecord;
  chunks: { id: number; sessionId: string };
  summaries: { chunkId: number; sessionId: string };
}

export interface FirefoxDatabase {
  /** Every record of `store` in key order; with `index` and `key`, only the records matching. */
  all<S extends keyof StoredRecords>(store: S, index?: string, key?: IndexValue): Promise<StoredRecords[S][]>;
  /** The extension page doing the reading: also good for browser.tabs and browser.permissions calls. */
  page: Page;
}

export async function openFirefoxDatabase(firefox: FirefoxWithExtension): Promise<FirefoxDatabase> {
  // manifest.json renders as a JSON document of the extension's origin: its IndexedDB, no app code.
  const page = await firefox.openExtensionPage('manifest.json');
  return {
    page,
    all: async (store, index, key) =>
      fromStoredJson<never[]>(
        await page.evaluate(readStoredRecords, { name: DATABASE_NAME, store, index, value: key, count: false, layout: CHUNK_LAYOUT, json: true }),
      ),
  };
}
