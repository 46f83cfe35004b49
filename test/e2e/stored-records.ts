// Reads the extension's IndexedDB from inside an extension page, for tests in Chromium (playwright)
// and Firefox (puppeteer): pass this function to page.evaluate. Self-contained, as evaluate sends
// its source. `messages` and `payloads` are read through the chunk layout (src/db/message-chunks.ts):
// messages get their id and session, payloads are found inline in chunks or in the payloads store.

/** Keys as the tests use them (IDBValidKey is too recursive for the drivers' argument types). */
export type IndexValue = string | number | Array<string | number>;
/** Tables as the tests think of them: `messages` stands for the messages inside `chunks`. */
export type StoreName = 'sessions' | 'connections' | 'chunks' | 'messages' | 'payloads' | 'handshakes' | 'summaries';

export interface ReadArguments {
  name: string;
  store: StoreName;
  index?: string;
  value?: IndexValue;
  count: boolean;
  /** CHUNK_CAPACITY of src/db/message-chunks.ts. */
  capacity: number;
}

export async function readStoredRecords(args: ReadArguments): Promise<unknown> {
  const { name, store, index, value, count, capacity } = args;
  const known = await indexedDB.databases();
  if (!known.some((database) => database.name === name)) return count ? 0 : [];
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const getAll = (storeName: string, indexName?: string, key?: IndexValue | IDBKeyRange) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) => {
      if (!db.objectStoreNames.contains(storeName)) return resolve([]);
      const objectStore = db.transaction(storeName).objectStore(storeName);
      const source: IDBObjectStore | IDBIndex = indexName ? objectStore.index(indexName) : objectStore;
      const query = source.getAll(key === undefined || key instanceof IDBKeyRange ? key : IDBKeyRange.only(key));
      query.onsuccess = () => resolve(query.result);
      query.onerror = () => reject(query.error);
    });
  // The chunks that can hold what is asked for, through the indexes the extension uses.
  const candidateChunks = () => {
    if (index === 'sessionId') return getAll('chunks', '[sessionId+id]', IDBKeyRange.bound([value, 0], [value, Infinity]));
    if (index === 'connectionId') return getAll('chunks', 'connectionIds', value);
    if (index === undefined && typeof value === 'number') return getAll('chunks', undefined, Math.floor(value / capacity));
    return getAll('chunks');
  };
  // Stored messages with their id, session and inline data (if any), from the chunks.
  const storedMessages = async (): Promise<Record<string, unknown>[]> =>
    (await candidateChunks()).flatMap((chunk) =>
      (chunk.messages as Record<string, unknown>[]).map((message, position) => ({
        ...message,
        id: (chunk.id as number) * capacity + position,
        sessionId: chunk.sessionId,
      })),
    );
  try {
    let records: Record<string, unknown>[];
    if (store === 'messages') {
      records = (await storedMessages())
        .filter((message) => (index === undefined ? value === undefined || message.id === value : message[index] === value))
        .map(({ data: _data, ...message }) => message);
    } else if (store === 'payloads') {
      const inline: Record<string, unknown>[] = (await storedMessages())
        .filter((message) => message.data !== undefined)
        .map((message) => ({ id: message.id, sessionId: message.sessionId, data: message.data }));
      // Binary payloads kept as bytes read back as base64, as payloadsOf() gives them (src/db/message-store.ts).
      const apart = (await getAll('payloads', index, value)).map((payload) =>
        payload.bytes instanceof ArrayBuffer
          ? { id: payload.id, sessionId: payload.sessionId, data: (new Uint8Array(payload.bytes) as Uint8Array & { toBase64(): string }).toBase64() }
          : payload,
      );
      records = [...inline, ...apart]
        .filter((payload) => (index === undefined ? value === undefined || payload.id === value : payload[index] === value))
        .sort((a, b) => (a.id as number) - (b.id as number));
    } else {
      records = await getAll(store, index, value);
    }
    return count ? records.length : records;
  } finally {
    db.close();
  }
}
