// Reads the extension's IndexedDB from inside an extension page, for tests in Chromium (playwright)
// and Firefox (puppeteer): pass readStoredRecords to page.evaluate. Self-contained, as evaluate sends
// its source. `messages` and `payloads` are read through the chunk layout (src/db/message-chunks.ts):
// messages get their id and session, payloads are found inline in chunks or in the payloads store.
// Chunks in columns (src/db/chunk-columns.ts) are decoded here on their own, from the layout's
// constants only: the tests check what is stored, not only that the extension reads back what it wrote.
import { COLUMN_FLAGS } from '../../src/db/chunk-columns';
import { CHUNK_CAPACITY } from '../../src/db/message-chunks';

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
  layout: typeof CHUNK_LAYOUT;
  /** Answer with the records as a JSON string when JSON holds them exactly (see fromStoredJson). */
  json?: boolean;
}

/** What readStoredRecords must be told of the chunk layout, as it cannot import it. */
export const CHUNK_LAYOUT = { capacity: CHUNK_CAPACITY, flags: COLUMN_FLAGS };

/** A chunk's columns as readStoredRecords sees them (src/db/chunk-columns.ts, MessageColumns). */
interface StoredColumns {
  connection: Uint16Array;
  seq: Float64Array;
  time: Float64Array;
  flags: Uint8Array;
  source: Uint8Array;
  sources: string[];
  size: Float64Array;
  previews: string;
  previewEnds: Uint32Array;
  data: string;
  dataEnds: Uint32Array;
  origins?: Record<number, string>;
  marks?: Record<number, unknown>;
}

export async function readStoredRecords(args: ReadArguments): Promise<unknown> {
  const { name, store, index, value, count, layout, json } = args;
  const { capacity, flags: bits } = layout;
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
  // A chunk's messages as objects with their inline data (if any), whichever the chunk's layout.
  const messagesOf = (chunk: Record<string, unknown>): Record<string, unknown>[] => {
    if (Array.isArray(chunk.messages)) return chunk.messages as Record<string, unknown>[];
    const columns = chunk.columns as StoredColumns;
    const piece = (joined: string, ends: Uint32Array, position: number) => joined.slice(position === 0 ? 0 : ends[position - 1], ends[position]);
    return Array.from(columns.seq, (seq, position) => {
      const flags = columns.flags[position]!;
      const preview = piece(columns.previews, columns.previewEnds, position);
      const data = flags & bits.dataIsPreview ? preview : piece(columns.data, columns.dataEnds, position);
      return {
        connectionId: (chunk.connectionIds as string[])[columns.connection[position]!],
        seq,
        direction: flags & bits.receive ? 'receive' : 'send',
        time: columns.time[position],
        payload: {
          kind: flags & bits.binary ? 'binary' : 'text',
          source: columns.sources[columns.source[position]!],
          size: columns.size[position],
          truncated: (flags & bits.truncated) !== 0,
          ...(flags & bits.lost ? { lost: true } : {}),
          preview,
        },
        origin: columns.origins?.[position] ?? 'page',
        ...(columns.marks?.[position] ? { mark: columns.marks[position] } : {}),
        ...(flags & bits.inlineData ? { data } : {}),
      };
    });
  };
  // Stored messages with their id, session and inline data (if any), from the chunks.
  const storedMessages = async (): Promise<Record<string, unknown>[]> =>
    (await candidateChunks()).flatMap((chunk) =>
      messagesOf(chunk).map((message, position) => ({
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
    if (count) return records.length;
    // The drivers' own serialisers take seconds for 20,000 records, JSON a fraction of that; records
    // with anything JSON would change (undefined, NaN, -0, bytes, dates…) are sent as they are.
    const exact = (item: unknown): boolean => {
      if (item === null || typeof item === 'string' || typeof item === 'boolean') return true;
      if (typeof item === 'number') return Number.isFinite(item) && !Object.is(item, -0);
      if (Array.isArray(item)) return Object.getPrototypeOf(item) === Array.prototype && item.every(exact);
      if (typeof item !== 'object' || ![Object.prototype, null].includes(Object.getPrototypeOf(item))) return false;
      return Object.values(item as object).every(exact);
    };
    return json && exact(records) ? JSON.stringify(records) : records;
  } finally {
    db.close();
  }
}

/** The records readStoredRecords answered with, parsed if it sent them as JSON (`json: true`). */
export function fromStoredJson<T>(answer: unknown): T {
  return (typeof answer === 'string' ? JSON.parse(answer) : answer) as T;
}
