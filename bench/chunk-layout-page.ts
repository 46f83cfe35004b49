// The page side of bench/chunk-layout.ts: runs in Chromium, served as an ES module with the real
// src/db/message-chunks.ts and chunk-columns.ts next to it. Writes chunks of flood-like messages (1,024 unless told)
// in each layout to a plain IndexedDB and reads them back, timing each step on the page's thread.
import { columnsOf, type ColumnMessage } from '../src/db/chunk-columns';
import { CHUNK_CAPACITY, inlineDataAt, messagesOfChunk, type MessageChunk } from '../src/db/message-chunks';

export interface LayoutTiming {
  /** Milliseconds per chunk: building the record from the batch, add() (where structured clone runs), until the commit; reading back with get() and decoding every message and its data. */
  build: number;
  add: number;
  commit: number;
  read: number;
}

export type Layout = 'rows' | 'rows, data not repeated' | 'columns';
interface NewMessage {
  message: ColumnMessage;
  data: string;
}

const SESSION = 'bench-session';

/** `size` received 100-character texts over two sockets of one document, as the flood's page sends them. */
function floodBatch(round: number, size: number): NewMessage[] {
  return Array.from({ length: size }, (_, index) => {
    const text = `{"i":${round * CHUNK_CAPACITY + index},"pad":"`.padEnd(98, 'x') + '"}';
    const message: ColumnMessage = {
      connectionId: `9f0c6c1e-3b7d-4c55-a2f4-5e8b1d0a7c3${index % 2}:${1 + (index % 2)}`,
      seq: round * CHUNK_CAPACITY + index + 1,
      direction: 'receive',
      time: 1_764_950_000_000 + round * 1000 + index * 0.731,
      payload: { kind: 'text', source: 'string', size: text.length, truncated: false, preview: text },
      origin: 'page',
    };
    return { message, data: text };
  });
}

/** Rows as appendMessages wrote them before columns, with data equal to the preview kept (as then) or not. */
const rowsOf = (batch: readonly NewMessage[], repeatData: boolean): MessageChunk => ({
  sessionId: SESSION,
  connectionIds: [...new Set(batch.map(({ message }) => message.connectionId))],
  messages: batch.map(({ message, data }) => (repeatData || data !== message.payload.preview ? { ...message, data } : message)),
});

/** The record each layout stores for a batch. */
const chunkOf: Record<Layout, (batch: readonly NewMessage[]) => MessageChunk> = {
  rows: (batch) => rowsOf(batch, true),
  // Only to tell what the columns save from what not storing short data twice saves: rows so stored read back without data.
  'rows, data not repeated': (batch) => rowsOf(batch, false),
  columns: (batch) => ({
    sessionId: SESSION,
    ...columnsOf(
      batch.map(({ message }) => message),
      batch.map(({ data }) => data),
    ),
  }),
};

const request = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

const done = (transaction: IDBTransaction): Promise<void> =>
  new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });

function openDatabase(): Promise<IDBDatabase> {
  const open = indexedDB.open('chunk-layout-bench', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('chunks', { keyPath: 'id', autoIncrement: true });
  return request(open);
}

/** One transaction of `chunks` chunks in `layout`, then reading them back; per-chunk milliseconds. */
async function timeLayout(db: IDBDatabase, layout: Layout, round: number, chunks: number, size: number): Promise<LayoutTiming> {
  const batches = Array.from({ length: chunks }, (_, index) => floodBatch(round * chunks + index, size));
  const timing = { build: 0, add: 0, commit: 0, read: 0 };
  const started = performance.now();
  const transaction = db.transaction('chunks', 'readwrite', { durability: 'relaxed' });
  const store = transaction.objectStore('chunks');
  const keys: Promise<IDBValidKey>[] = [];
  for (const batch of batches) {
    const beforeBuild = performance.now();
    const chunk = chunkOf[layout](batch);
    const beforeAdd = performance.now();
    keys.push(request(store.add(chunk)));
    timing.build += beforeAdd - beforeBuild;
    timing.add += performance.now() - beforeAdd;
  }
  const ids = await Promise.all(keys);
  await done(transaction);
  timing.commit = performance.now() - started;
  const beforeRead = performance.now();
  const reading = db.transaction('chunks', 'readonly').objectStore('chunks');
  let characters = 0;
  for (const id of ids) {
    const chunk = await request<MessageChunk>(reading.get(id));
    const rows = messagesOfChunk(chunk);
    for (let position = 0; position < rows.length; position++)
      characters += rows[position]!.payload.preview.length + (inlineDataAt(chunk, position) ?? rows[position]!.payload.preview).length;
  }
  timing.read = performance.now() - beforeRead;
  if (characters !== chunks * size * 200) throw new Error(`${layout}: read back ${characters} characters, wrote ${chunks * size * 200}`);
  return { build: timing.build / chunks, add: timing.add / chunks, commit: timing.commit / chunks, read: timing.read / chunks };
}

/** Rounds of both layouts, alternating which goes first; each round's timings per layout. */
async function runChunkBench(rounds: number, chunksPerRound: number, size: number): Promise<Record<Layout, LayoutTiming[]>> {
  const db = await openDatabase();
  const results: Record<Layout, LayoutTiming[]> = { rows: [], 'rows, data not repeated': [], columns: [] };
  const layouts = Object.keys(results) as Layout[];
  for (let round = 0; round < rounds; round++) {
    // Each layout first in turn.
    const order = layouts.map((_, index) => layouts[(round + index) % layouts.length]!);
    for (const layout of order) results[layout].push(await timeLayout(db, layout, round, chunksPerRound, size));
  }
  db.close();
  return results;
}

(globalThis as { runChunkBench?: typeof runChunkBench }).runChunkBench = runChunkBench;
