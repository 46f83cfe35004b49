// Shared setup of the storage tests: the real Dexie schema over fake-indexeddb (imported first: Dexie
// finds its IndexedDB when it loads), and in-memory stand-ins for the extension storage areas, which
// cannot run outside a browser. Test files mock src/platform with these:
//   vi.mock('../../src/platform/browser', async () => (await import('./storage-fixture')).browserModule);
//   vi.mock('../../src/platform/native-api', async () => (await import('./storage-fixture')).nativeApiModule);
import 'fake-indexeddb/auto';
import type { DBCoreMutateRequest, Middleware, DBCore } from 'dexie';
import { InspectorDatabase } from '../../src/db/schema';
import { scopeConnectionId } from '../../src/db/connection-ids';
import type { FrameContext } from '../../src/background/connections';
import type { StorableEvent, StorableMessage } from '../../src/background/storable-events';
import type { ContentToBackground } from '../../src/shared/messages';
import type { Direction } from '../../src/shared/models';

// ---- extension API stand-ins ----

type ChangeListener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => void;
const changeListeners = new Set<ChangeListener>();

/** A storage area kept in a Map; values are cloned on the way in and out, as the browser's are. */
function storageArea(area: string) {
  const items = new Map<string, unknown>();
  return {
    items,
    async get(keys: string | string[] | null): Promise<Record<string, unknown>> {
      const wanted = keys === null ? [...items.keys()] : typeof keys === 'string' ? [keys] : keys;
      return Object.fromEntries(wanted.filter((key) => items.has(key)).map((key) => [key, structuredClone(items.get(key))]));
    },
    async set(values: Record<string, unknown>): Promise<void> {
      const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
      for (const [key, value] of Object.entries(values)) {
        changes[key] = { oldValue: items.get(key), newValue: structuredClone(value) };
        items.set(key, structuredClone(value));
      }
      for (const listener of changeListeners) listener(changes, area);
    },
    async remove(keys: string | string[]): Promise<void> {
      for (const key of typeof keys === 'string' ? [keys] : keys) items.delete(key);
    },
  };
}

/** A webRequest event: tests call `fire` with the details the browser would pass. */
function webRequestEvent() {
  const listeners: ((details: never) => void)[] = [];
  return {
    addListener: (listener: (details: never) => void) => void listeners.push(listener),
    fire: (details: object) => listeners.forEach((listener) => listener(details as never)),
  };
}

export const fakeBrowser = {
  storage: {
    session: storageArea('session'),
    local: storageArea('local'),
    onChanged: {
      addListener: (listener: ChangeListener) => void changeListeners.add(listener),
      removeListener: (listener: ChangeListener) => void changeListeners.delete(listener),
    },
  },
  webRequest: {
    onSendHeaders: webRequestEvent(),
    onHeadersReceived: webRequestEvent(),
    onCompleted: webRequestEvent(),
    onErrorOccurred: webRequestEvent(),
  },
};

/** Stands in for src/platform/browser.ts (webextension-polyfill refuses to load outside an extension). */
export const browserModule = {
  browser: fakeBrowser,
  extensionOrigin: () => 'chrome-extension://test/',
  webRequestHasExtraHeaders: () => false,
};
/** Stands in for src/platform/native-api.ts (settings read storage.local through it). */
export const nativeApiModule = { nativeApi: fakeBrowser };

/** Empties the storage areas between tests (listeners stay: modules register them once). */
export function resetBrowserStorage(): void {
  fakeBrowser.storage.session.items.clear();
  fakeBrowser.storage.local.items.clear();
}

// ---- database ----

/** Decides whether a write to `table` fails, and with what: a full disk cannot be had otherwise. */
export type WriteFault = (table: string, request: DBCoreMutateRequest) => Error | undefined;

export type TestDatabase = InspectorDatabase & { faults: { write?: WriteFault } };

let databases = 0;

/** A fresh database with the real schema, and a switch to make its writes fail. */
export function testDatabase(): TestDatabase {
  const db = new InspectorDatabase(`wsi-test-${++databases}`) as TestDatabase;
  db.faults = {};
  const faults: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'test-faults',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (request) => {
            const error = db.faults.write?.(name, request);
            return error ? Promise.reject(error) : table.mutate(request);
          },
        };
      },
    }),
  };
  db.use(faults);
  return db;
}

export const quotaExceeded = (): Error => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

// ---- events as the background receives them ----

export const DOCUMENT = 'doc-1';
export const conn = (hookId: string, documentId = DOCUMENT): string => scopeConnectionId(documentId, hookId);
export const frameOf = (sessionId: string, tabId = 1): FrameContext => ({ sessionId, tabId, frameId: 0, frameUrl: 'https://page.test/' });

export function created(connection: string, time: number, url = 'wss://socket.test/feed'): StorableEvent {
  return { t: 'created', conn: connection, url, protocols: [], time, origin: 'page' };
}

export function opened(connection: string, time: number): StorableEvent {
  return { t: 'open', conn: connection, protocol: '', extensions: '', time };
}

export function text(connection: string, seq: number, data = `message ${seq}`, dir: Direction = 'send'): StorableMessage {
  const size = new TextEncoder().encode(data).byteLength;
  return {
    t: 'message',
    conn: connection,
    seq,
    dir,
    time: 1000 + seq,
    origin: 'page',
    payload: { kind: 'text', source: 'string', size, data, truncated: false },
  };
}

export function binary(connection: string, seq: number, bytes: Uint8Array, dir: Direction = 'receive'): StorableMessage {
  const copy = bytes.slice().buffer;
  return {
    t: 'message',
    conn: connection,
    seq,
    dir,
    time: 1000 + seq,
    origin: 'page',
    payload: { kind: 'binary', source: 'ArrayBuffer', size: bytes.byteLength, bytes: copy, truncated: false },
  };
}

/** Messages seq `from`..`to` of one connection. */
export const texts = (connection: string, from: number, to: number): StorableMessage[] =>
  Array.from({ length: to - from + 1 }, (_, index) => text(connection, from + index));

export type Hello = Extract<ContentToBackground, { t: 'hello' }>;
export const hello = (documentId: string, isTop: boolean, frameUrl = 'https://page.test/'): Hello => ({ t: 'hello', documentId, isTop, frameUrl, title: '' });
