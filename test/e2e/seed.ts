// Writes sessions, connections, messages, payloads and handshakes straight into the extension's real
// IndexedDB from an extension page, so panel tests do not depend on capture. Raw IndexedDB inside
// page.evaluate (the page has no Dexie to import); the object stores are the ones src/db/schema.ts made,
// messages in chunks of the first layout of src/db/message-chunks.ts (an object per message), which
// readers still take: the panel tests read such chunks, as users' databases from before the columns hold them.
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { expect } from 'vitest';
import type { ConnectionRecord, HandshakeRecord, MessageRecord, SessionRecord } from '../../src/shared/models';
import { DATABASE_NAME } from '../../src/shared/tags';
import { CHUNK_CAPACITY } from '../../src/db/message-chunks';

/** An extension page in Chromium (Playwright) or Firefox (puppeteer): both evaluate (function, argument) alike. */
export type SeedPage = PlaywrightPage | PuppeteerPage;
type Page = PlaywrightPage;

/** Same preview lengths as the background writes (src/background/message-records.ts). */
const TEXT_PREVIEW_CHARS = 200;
const BINARY_PREVIEW_BYTES = 150;

export interface SeedMessage extends Omit<MessageRecord, 'id'> {
  /** Full payload data: text, or base64 for binary. */
  data: string;
}

export interface SeedData {
  sessions?: SessionRecord[];
  connections?: ConnectionRecord[];
  handshakes?: HandshakeRecord[];
  messages?: SeedMessage[];
}

/** Writes the records in one transaction; returns the ids the messages got, in order. */
export async function seed(seedPage: SeedPage, data: SeedData): Promise<number[]> {
  const page = seedPage as Page;
  await waitForDatabase(page);
  data = { ...data, connections: data.connections?.map((record) => withCounters(record, data.messages ?? [])) };
  return page.evaluate(
    async ({ name, data, capacity }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['sessions', 'connections', 'handshakes', 'chunks', 'payloads'], 'readwrite');
      for (const session of data.sessions ?? []) tx.objectStore('sessions').put(session);
      for (const connection of data.connections ?? []) tx.objectStore('connections').put(connection);
      for (const handshake of data.handshakes ?? []) tx.objectStore('handshakes').put(handshake);
      const ids: number[] = [];
      const chunks = tx.objectStore('chunks');
      const payloads = tx.objectStore('payloads');
      // One chunk per message here (all data in `payloads`): simple, and a valid layout.
      (data.messages ?? []).forEach((message, index) => {
        const { data: payloadData, sessionId, ...record } = message;
        const request = chunks.add({ sessionId, connectionIds: [record.connectionId], messages: [record] });
        request.onsuccess = () => {
          const id = (request.result as number) * capacity;
          ids[index] = id;
          payloads.put({ id, sessionId, data: payloadData });
        };
      });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      db.close();
      return ids;
    },
    { name: DATABASE_NAME, data, capacity: CHUNK_CAPACITY },
  );
}

export interface GeneratedMessages {
  sessionId: string;
  connectionIds: string[];
  count: number;
  startTime: number;
  /** Message i's text: a template in which every `{i}` becomes i; by default a small JSON event. */
  textOf?: string;
}

/**
 * Generates `count` text messages inside the page (no 100,000-object round trip through CDP):
 * message i alternates direction and connection and has the text `{"seq":i,"event":"tick","body":"…"}`
 * (or the `textOf` template's).
 */
export async function seedGenerated(seedPage: SeedPage, spec: GeneratedMessages): Promise<void> {
  const page = seedPage as Page;
  await waitForDatabase(page);
  await page.evaluate(
    async ({ name, spec, previewChars }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      // Chunks of 1,000 small messages with their data inline, 20 chunks per transaction.
      const PER_CHUNK = 1000;
      const PER_TRANSACTION = 20 * PER_CHUNK;
      for (let start = 0; start < spec.count; start += PER_TRANSACTION) {
        const tx = db.transaction(['chunks'], 'readwrite', { durability: 'relaxed' });
        const chunks = tx.objectStore('chunks');
        for (let first = start; first < Math.min(start + PER_TRANSACTION, spec.count); first += PER_CHUNK) {
          const messages = [];
          for (let i = first; i < Math.min(first + PER_CHUNK, spec.count); i++) {
            const text = spec.textOf ? spec.textOf.split('{i}').join(String(i)) : `{"seq":${i},"event":"tick","body":"message number ${i}"}`;
            messages.push({
              connectionId: spec.connectionIds[i % spec.connectionIds.length],
              seq: i,
              direction: i % 2 === 0 ? 'receive' : 'send',
              time: spec.startTime + i,
              origin: 'page',
              payload: { kind: 'text', source: 'string', size: text.length, truncated: false, preview: text.slice(0, previewChars) },
              data: text,
            });
          }
          chunks.add({ sessionId: spec.sessionId, connectionIds: spec.connectionIds, messages });
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
    },
    { name: DATABASE_NAME, spec, previewChars: TEXT_PREVIEW_CHARS },
  );
}

/** A connection's counters as the background keeps them (the seeded messages), unless the test set them. */
function withCounters(record: ConnectionRecord, messages: readonly SeedMessage[]): ConnectionRecord {
  const counted = { ...record };
  if (record.sentCount + record.receivedCount + record.sentBytes + record.receivedBytes > 0) return counted;
  for (const message of messages.filter((message) => message.connectionId === record.id)) {
    if (message.direction === 'send') {
      counted.sentCount++;
      counted.sentBytes += message.payload.size;
    } else {
      counted.receivedCount++;
      counted.receivedBytes += message.payload.size;
    }
  }
  return counted;
}

/** The panel (or the background) creates the database with Dexie; wait for its object stores. */
async function waitForDatabase(page: Page): Promise<void> {
  const ready = (name: string) =>
    (async () => {
      const databases = await indexedDB.databases();
      if (!databases.some((db) => db.name === name && (db.version ?? 0) > 0)) return false;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const hasChunks = db.objectStoreNames.contains('chunks');
      db.close();
      return hasChunks;
    })();
  // Polled with evaluate, which both drivers call alike (their waitForFunction differ). Benches use
  // this file too, outside any test: no vi.waitFor.
  const deadline = Date.now() + 10_000;
  while (!(await page.evaluate(ready, DATABASE_NAME))) {
    if (Date.now() > deadline) throw new Error(`the extension's database ${DATABASE_NAME} has no message store after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// ---- record builders with sensible defaults ----

export function session(id: string, tabId: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return { id, tabId, pageUrl: `https://example.test/${id}`, title: `Page ${id}`, startedAt: Date.now(), imported: false, ...overrides };
}

export function connection(id: string, sessionId: string, tabId: number, overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  const now = Date.now();
  return {
    id,
    sessionId,
    tabId,
    frameId: 0,
    frameUrl: 'https://example.test/',
    url: `wss://example.test/${id}`,
    requestedProtocols: [],
    protocol: '',
    extensions: '',
    state: 'open',
    createdAt: now,
    openedAt: now,
    errors: [],
    sentCount: 0,
    receivedCount: 0,
    sentBytes: 0,
    receivedBytes: 0,
    handshakeId: '',
    origin: 'page',
    ...overrides,
  };
}

export function textMessage(sessionId: string, connectionId: string, seq: number, text: string, overrides: Partial<SeedMessage> = {}): SeedMessage {
  const size = new TextEncoder().encode(text).length;
  return message(
    sessionId,
    connectionId,
    seq,
    { kind: 'text', source: 'string', size, truncated: false, preview: text.slice(0, TEXT_PREVIEW_CHARS) },
    text,
    overrides,
  );
}

export function binaryMessage(sessionId: string, connectionId: string, seq: number, bytes: Uint8Array, overrides: Partial<SeedMessage> = {}): SeedMessage {
  const preview = Buffer.from(bytes.subarray(0, BINARY_PREVIEW_BYTES)).toString('base64');
  const summary = { kind: 'binary', source: 'ArrayBuffer', size: bytes.length, truncated: false, preview } as const;
  return message(sessionId, connectionId, seq, summary, Buffer.from(bytes).toString('base64'), overrides);
}

function message(
  sessionId: string,
  connectionId: string,
  seq: number,
  payload: SeedMessage['payload'],
  data: string,
  overrides: Partial<SeedMessage>,
): SeedMessage {
  return { sessionId, connectionId, seq, direction: 'receive', time: Date.now(), origin: 'page', payload, data, ...overrides };
}

/** The panel polls IndexedDB every second as a fallback to `changed`: waits allow a few cycles. */
export function eventually<T>(read: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(read, { timeout });
}
