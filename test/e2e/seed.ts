// Writes sessions, connections, messages, payloads and handshakes straight into the extension's real
// IndexedDB from an extension page, so panel tests do not depend on capture. Raw IndexedDB inside
// page.evaluate (the page has no Dexie to import); the object stores are the ones src/db/schema.ts made.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ConnectionRecord, HandshakeRecord, MessageRecord, SessionRecord } from '../../src/shared/models';
import { DATABASE_NAME } from '../../src/shared/tags';

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
export async function seed(page: Page, data: SeedData): Promise<number[]> {
  await waitForDatabase(page);
  return page.evaluate(
    async ({ name, data }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction(['sessions', 'connections', 'handshakes', 'messages', 'payloads'], 'readwrite');
      for (const session of data.sessions ?? []) tx.objectStore('sessions').put(session);
      for (const connection of data.connections ?? []) tx.objectStore('connections').put(connection);
      for (const handshake of data.handshakes ?? []) tx.objectStore('handshakes').put(handshake);
      const ids: number[] = [];
      const messages = tx.objectStore('messages');
      const payloads = tx.objectStore('payloads');
      (data.messages ?? []).forEach((message, index) => {
        const { data: payloadData, ...record } = message;
        const request = messages.add(record);
        request.onsuccess = () => {
          const id = request.result as number;
          ids[index] = id;
          payloads.put({ id, sessionId: record.sessionId, data: payloadData });
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
    { name: DATABASE_NAME, data },
  );
}

export interface GeneratedMessages {
  sessionId: string;
  connectionIds: string[];
  count: number;
  startTime: number;
  /** Builds message i's text; by default a small JSON event. */
  textOf?: string;
}

/**
 * Generates `count` text messages inside the page (no 100,000-object round trip through CDP):
 * message i alternates direction and connection and has the text `{"seq":i,"event":"tick","body":"…"}`.
 */
export async function seedGenerated(page: Page, spec: GeneratedMessages): Promise<void> {
  await waitForDatabase(page);
  await page.evaluate(
    async ({ name, spec, previewChars }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      // Explicit ids (after the current highest) let every write go out at once, with no per-row
      // success callback; IndexedDB moves the auto-increment counter past them for later writers.
      const lastId = await new Promise<number>((resolve, reject) => {
        const request = db.transaction('messages').objectStore('messages').openKeyCursor(null, 'prev');
        request.onsuccess = () => resolve((request.result?.key as number | undefined) ?? 0);
        request.onerror = () => reject(request.error);
      });
      const CHUNK = 20_000;
      for (let start = 0; start < spec.count; start += CHUNK) {
        const tx = db.transaction(['messages', 'payloads'], 'readwrite', { durability: 'relaxed' });
        const messages = tx.objectStore('messages');
        const payloads = tx.objectStore('payloads');
        for (let i = start; i < Math.min(start + CHUNK, spec.count); i++) {
          const id = lastId + 1 + i;
          const text = `{"seq":${i},"event":"tick","body":"message number ${i}"}`;
          messages.add({
            id,
            sessionId: spec.sessionId,
            connectionId: spec.connectionIds[i % spec.connectionIds.length],
            seq: i,
            direction: i % 2 === 0 ? 'receive' : 'send',
            time: spec.startTime + i,
            origin: 'page',
            payload: { kind: 'text', source: 'string', size: text.length, truncated: false, preview: text.slice(0, previewChars) },
          });
          payloads.add({ id, sessionId: spec.sessionId, data: text });
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

/** The panel (or the background) creates the database with Dexie; wait for its object stores. */
async function waitForDatabase(page: Page): Promise<void> {
  await page.waitForFunction(async (name) => {
    const databases = await indexedDB.databases();
    if (!databases.some((db) => db.name === name && (db.version ?? 0) > 0)) return false;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const ready = db.objectStoreNames.contains('messages');
    db.close();
    return ready;
  }, DATABASE_NAME);
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
  return message(sessionId, connectionId, seq, { kind: 'text', source: 'string', size, truncated: false, preview: text.slice(0, TEXT_PREVIEW_CHARS) }, text, overrides);
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
