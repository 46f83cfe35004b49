// How messages are laid out in IndexedDB. Chromium charges a fixed cost per IndexedDB request
// (docs/PERFORMANCE.md), so one record per message (plus one per payload) made storing cost more
// than the page's own work. Messages
// are therefore stored in chunks: one record per written batch, holding its messages and, when small,
// their data. A message's id is derived from its chunk's id and its place in it, so ids still grow in
// arrival order and larger payloads keep their own `payloads` record under that id.
// New chunks hold their messages as columns (chunk-columns.ts); chunks written before that hold an
// array of message objects, and are read as they are.
// Pure: no Dexie, so tests can read the raw records with the same rules.
import type { MessageRecord, PayloadRecord } from '../shared/models';
import { columnDataAt, columnIsText, columnLength, columnMessageAt, columnPreviewAt, type MessageColumns } from './chunk-columns';

/** Messages per chunk at most; message id = chunk id × CHUNK_CAPACITY + position. */
export const CHUNK_CAPACITY = 1024;
/** Payload data up to this many characters (of text or base64) lives in the chunk; longer data in `payloads`. */
export const INLINE_DATA_CHARS = 2048;

/** A message inside a chunk of the first layout: the session is the chunk's; `data` is set when stored inline. */
export type ChunkMessage = Omit<MessageRecord, 'id' | 'sessionId'> & { data?: string };

interface ChunkBase {
  /** Auto-increment key. */
  id?: number;
  sessionId: string;
  /** Every connection with a message here (a multi-entry index: chunks of one connection). */
  connectionIds: string[];
}

/** The first layout: one object per message. Still read; no longer written. */
export interface RowChunk extends ChunkBase {
  messages: ChunkMessage[];
}

/** The layout written now: the messages' fields in columns; a message's connection is an index into `connectionIds`. */
export interface ColumnChunk extends ChunkBase {
  columns: MessageColumns;
}

export type MessageChunk = RowChunk | ColumnChunk;

const isColumnChunk = (chunk: MessageChunk): chunk is ColumnChunk => 'columns' in chunk;

/** How many messages the chunk holds. */
export const messageCountOf = (chunk: MessageChunk): number => (isColumnChunk(chunk) ? columnLength(chunk.columns) : chunk.messages.length);

/** The inline data of the message at `position`, or undefined when its data is in `payloads` (or there is no such message). */
export const inlineDataAt = (chunk: MessageChunk, position: number): string | undefined =>
  isColumnChunk(chunk) ? columnDataAt(chunk.columns, position) : chunk.messages[position]?.data;

/** Whether the message at `position` has a text payload, read without making its record. */
export const isTextAt = (chunk: MessageChunk, position: number): boolean =>
  isColumnChunk(chunk) ? columnIsText(chunk.columns, position) : chunk.messages[position]?.payload.kind === 'text';

/** The preview of the message at `position`, read without making its record. */
export const previewAt = (chunk: MessageChunk, position: number): string =>
  isColumnChunk(chunk) ? columnPreviewAt(chunk.columns, position) : (chunk.messages[position]?.payload.preview ?? '');

/**
 * A record of the `payloads` store: text or base64 as `data` (PayloadRecord), or a captured binary
 * payload's `bytes` as they arrived (cheaper for IndexedDB to write than their base64, which is a third
 * larger; docs/PERFORMANCE.md). Readers get PayloadRecords: payloadsOf() encodes the bytes.
 */
export type StoredPayload = PayloadRecord | { id: number; sessionId: string; bytes: ArrayBuffer };

/** A stored message: the key is always set once read back. */
export type StoredMessage = MessageRecord & { id: number };

export const messageIdOf = (chunkId: number, position: number): number => chunkId * CHUNK_CAPACITY + position;
export const chunkIdOf = (messageId: number): number => Math.floor(messageId / CHUNK_CAPACITY);

/** Where message `messageId` sits in its chunk (which must be `chunkIdOf(messageId)`). */
export const positionOf = (messageId: number): number => messageId % CHUNK_CAPACITY;

/** The message at `position` of a chunk as a record, without its inline data. */
export function storedMessageAt(chunk: MessageChunk, position: number): StoredMessage | undefined {
  if (isColumnChunk(chunk)) return columnMessageAt(chunk, position, messageIdOf(chunk.id!, position));
  const inChunk = chunk.messages[position];
  if (!inChunk) return undefined;
  // Field by field, not by rest and spread, which cost several times as much per message when a
  // panel reads a million of them; `satisfies` fails to compile when MessageRecord gains a field.
  const { connectionId, seq, direction, time, payload, origin, mark } = inChunk;
  const id = messageIdOf(chunk.id!, position);
  return { id, sessionId: chunk.sessionId, connectionId, seq, direction, time, payload, origin, mark } satisfies Record<keyof StoredMessage, unknown>;
}

/** The chunk's messages as records, without their inline data. */
export function messagesOfChunk(chunk: MessageChunk): StoredMessage[] {
  const count = messageCountOf(chunk);
  const rows: StoredMessage[] = new Array(count);
  for (let position = 0; position < count; position++) rows[position] = storedMessageAt(chunk, position)!;
  return rows;
}

/** Most chunks read per request while paging: a few thousand messages. */
export const MAX_CHUNKS_PER_READ = 8;

/** Up to `count` chunks of one session with ids from `firstChunkId` on, in id order (Dexie or raw IndexedDB). */
export type SessionChunkReader = (firstChunkId: number, count: number) => Promise<MessageChunk[]>;

/**
 * At least `limit` messages of a session with id > afterId (fewer only at its end), in id (arrival)
 * order. Whole chunks: the rest of the last chunk read comes too, as it was read anyway; cutting it
 * off made the next read fetch and deserialise that chunk again.
 */
export async function messagesAfterIn(readChunks: SessionChunkReader, afterId: number, limit: number): Promise<StoredMessage[]> {
  const rows: StoredMessage[] = [];
  let nextChunkId = chunkIdOf(afterId);
  // A limit one full chunk can meet starts with one chunk, not eight (a small first page shows sooner);
  // chunks of a slow socket hold a message or two, so the requests after it read eight again.
  let chunksPerRead = limit <= CHUNK_CAPACITY ? 1 : MAX_CHUNKS_PER_READ;
  while (rows.length < limit) {
    const chunks = await readChunks(nextChunkId, chunksPerRead);
    for (const chunk of chunks) for (const row of messagesOfChunk(chunk)) if (row.id > afterId) rows.push(row);
    if (chunks.length < chunksPerRead) break;
    nextChunkId = chunks.at(-1)!.id! + 1;
    chunksPerRead = MAX_CHUNKS_PER_READ;
  }
  return rows;
}
