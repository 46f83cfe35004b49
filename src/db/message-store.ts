// Reading and writing messages through their chunks (message-chunks.ts explains the layout).
import Dexie from 'dexie';
import type { MessageRecord, PayloadRecord } from '../shared/models';
import {
  CHUNK_CAPACITY,
  chunkIdOf,
  INLINE_DATA_CHARS,
  inlineDataAt,
  isTextAt,
  messageCountOf,
  previewAt,
  messageIdOf,
  messagesAfterIn,
  messagesOfChunk,
  positionOf,
  storedMessageAt,
  type ColumnChunk,
  type MessageChunk,
  type StoredMessage,
  type StoredPayload,
} from './message-chunks';
import { bytesToBase64 } from '../shared/base64';
import { columnsOf } from './chunk-columns';
import type { InspectorDatabase } from './schema';

/** A message to store: its record (no id or session yet) and its full data (text, base64, or binary bytes). */
export interface NewMessage {
  message: Omit<MessageRecord, 'id' | 'sessionId'>;
  data: string | ArrayBuffer;
}

/** Base64 characters of `bytes` bytes. */
const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/** The data kept in the chunk, or undefined when it goes to `payloads`: small binary inline as base64 (chunks hold strings). */
function inlineData(data: string | ArrayBuffer): string | undefined {
  if (typeof data === 'string') return data.length <= INLINE_DATA_CHARS ? data : undefined;
  return base64Length(data.byteLength) <= INLINE_DATA_CHARS ? bytesToBase64(new Uint8Array(data)) : undefined;
}

/**
 * Appends messages of one session, in order, as chunks; returns their ids. Two requests per chunk
 * plus one per large payload. Call inside a read-write transaction over `chunks` and `payloads`.
 */
export async function appendMessages(db: InspectorDatabase, sessionId: string, messages: readonly NewMessage[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < messages.length; start += CHUNK_CAPACITY) {
    const part = messages.slice(start, start + CHUNK_CAPACITY);
    const inline = part.map(({ data }) => inlineData(data));
    const chunk: ColumnChunk = {
      sessionId,
      ...columnsOf(
        part.map(({ message }) => message),
        inline,
      ),
    };
    const chunkId = (await db.chunks.add(chunk))!;
    const large: StoredPayload[] = [];
    part.forEach(({ data }, position) => {
      const id = messageIdOf(chunkId, position);
      ids.push(id);
      if (inline[position] === undefined) large.push(typeof data === 'string' ? { id, sessionId, data } : { id, sessionId, bytes: data });
    });
    if (large.length > 0) await db.payloads.bulkPut(large);
  }
  return ids;
}

/** Chunks of a session from `firstChunkId` on (and before `beforeChunkId`, if given), in id order: `[sessionId+id]`. */
const chunksOfSession = (db: InspectorDatabase, sessionId: string, firstChunkId = 0, beforeChunkId?: number) =>
  db.chunks.where('[sessionId+id]').between([sessionId, firstChunkId], [sessionId, beforeChunkId ?? Dexie.maxKey], true, false);

/** At least `limit` messages of a session with id > afterId (messagesAfterIn says how). */
export function messagesAfter(db: InspectorDatabase, sessionId: string, afterId: number, limit: number): Promise<StoredMessage[]> {
  return messagesAfterIn((firstChunkId, count) => chunksOfSession(db, sessionId, firstChunkId).limit(count).toArray(), afterId, limit);
}

export async function messagesOfSessions(db: InspectorDatabase, sessionIds: readonly string[]): Promise<StoredMessage[]> {
  const perSession = await Promise.all(sessionIds.map((sessionId) => chunksOfSession(db, sessionId).toArray()));
  return perSession.flat().flatMap(messagesOfChunk);
}

export async function messagesOfConnection(db: InspectorDatabase, connectionId: string): Promise<StoredMessage[]> {
  const chunks = await db.chunks.where('connectionIds').equals(connectionId).sortBy('id');
  return chunks.flatMap(messagesOfChunk).filter((message) => message.connectionId === connectionId);
}

/** Messages by id, in the order asked; ids no longer stored are left out. */
export async function messagesByIds(db: InspectorDatabase, messageIds: readonly number[]): Promise<StoredMessage[]> {
  const chunks = await chunksOf(db, messageIds);
  return messageIds.flatMap((id) => {
    const chunk = chunks.get(chunkIdOf(id));
    const message = chunk && storedMessageAt(chunk, positionOf(id));
    return message ? [message] : [];
  });
}

/**
 * A copy sharing no memory with the chunk it was read from: data read from a column chunk is a slice of
 * the chunk's joined string (chunk-columns.ts), and a slice kept in the panel's payload cache would keep
 * the whole of that string alive, unseen by the cache's budget.
 */
const ownCopy = (text: string): string => JSON.parse(JSON.stringify(text)) as string;

/** Full payloads by message id, in the order asked; missing ones are undefined. */
export async function payloadsOf(db: InspectorDatabase, messageIds: readonly number[]): Promise<(PayloadRecord | undefined)[]> {
  const chunks = await chunksOf(db, messageIds);
  const result: (PayloadRecord | undefined)[] = [];
  const elsewhere: number[] = [];
  messageIds.forEach((id, index) => {
    const chunk = chunks.get(chunkIdOf(id));
    const data = chunk && inlineDataAt(chunk, positionOf(id));
    if (chunk && data !== undefined) result[index] = { id, sessionId: chunk.sessionId, data: ownCopy(data) };
    else elsewhere.push(index);
  });
  const stored = await db.payloads.bulkGet(elsewhere.map((index) => messageIds[index]!));
  elsewhere.forEach((index, position) => (result[index] = asPayloadRecord(stored[position])));
  return result;
}

/** A stored payload as readers take it: bytes as base64. */
function asPayloadRecord(stored: StoredPayload | undefined): PayloadRecord | undefined {
  if (!stored || 'data' in stored) return stored;
  return { id: stored.id, sessionId: stored.sessionId, data: bytesToBase64(new Uint8Array(stored.bytes)) };
}

/**
 * The text a search reads of each message of a chunk, by position: its full data (inline or in
 * `payloads`), else its preview; undefined for binary messages.
 */
export async function textsOfChunk(db: InspectorDatabase, chunk: MessageChunk): Promise<(string | undefined)[]> {
  // Read field by field: a search scans every message, and making each one's record cost more than the rest.
  const texts: (string | undefined)[] = new Array<string | undefined>(messageCountOf(chunk)).fill(undefined);
  const elsewhere: number[] = [];
  for (let position = 0; position < texts.length; position++) {
    if (!isTextAt(chunk, position)) continue;
    const data = inlineDataAt(chunk, position);
    if (data === undefined) elsewhere.push(messageIdOf(chunk.id!, position));
    else texts[position] = data;
  }
  // No request when every text is inline (the usual chunk).
  const stored = elsewhere.length > 0 ? await payloadsOf(db, elsewhere) : [];
  elsewhere.forEach((id, index) => (texts[positionOf(id)] = stored[index]?.data ?? previewAt(chunk, positionOf(id))));
  return texts;
}

/** Ids of a session's chunks, in id order, without reading the chunks. */
export async function chunkIdsOfSession(db: InspectorDatabase, sessionId: string): Promise<number[]> {
  return (await chunksOfSession(db, sessionId).primaryKeys()) as number[];
}

/** Deletes sessions' messages, payloads and chunk summaries. Call inside a read-write transaction over those three stores. */
export async function deleteMessagesOfSessions(db: InspectorDatabase, sessionIds: readonly string[]): Promise<void> {
  for (const sessionId of sessionIds) await chunksOfSession(db, sessionId).delete();
  await db.summaries
    .where('sessionId')
    .anyOf([...sessionIds])
    .delete();
  await db.payloads
    .where('sessionId')
    .anyOf([...sessionIds])
    .delete();
}

async function chunksOf(db: InspectorDatabase, messageIds: readonly number[]): Promise<Map<number, MessageChunk>> {
  const chunkIds = [...new Set(messageIds.map(chunkIdOf))];
  const chunks = await db.chunks.bulkGet(chunkIds);
  return new Map(chunks.flatMap((chunk) => (chunk ? [[chunk.id!, chunk] as const] : [])));
}
