// Writes one batch in one transaction: connection lifecycle, messages and payloads, handshake links.
// The caller acknowledges the batch only after this resolves, i.e. after the commit.
import Dexie from 'dexie';
import type { InspectorDatabase } from '../db/schema';
import type { PageToContent } from '../shared/messages';
import type { ConnectionRecord } from '../shared/models';
import { applyLifecycle, countMessage, unknownConnection, type FrameContext, type MessageEvent } from './connections';
import { matchConnection } from './handshake-matching';
import { messageRecordOf } from './message-records';

export interface BatchOutcome {
  storedMessages: number;
  /** Wire bytes of the stored messages: what the storage budget counts. */
  storedBytes: number;
  /** Messages already stored by an earlier delivery of the same events. */
  duplicates: number;
}

/** Wire bytes of the message events of a batch, before writing: to make room ahead of time. */
export function messageBytes(events: readonly PageToContent[]): number {
  let bytes = 0;
  for (const event of events) if (event.t === 'message') bytes += event.payload.size;
  return bytes;
}

export async function writeBatch(
  db: InspectorDatabase,
  frame: FrameContext,
  events: readonly PageToContent[],
  { discardMessages }: { discardMessages: boolean },
): Promise<BatchOutcome> {
  return db.transaction('rw', [db.connections, db.messages, db.payloads, db.handshakes], async () => {
    const ids = [...new Set(events.flatMap((event) => (event.t === 'command-result' ? [] : [event.conn])))];
    const existing = await db.connections.bulkGet(ids);
    const records = new Map<string, ConnectionRecord>();
    existing.forEach((record) => record && records.set(record.id, record));
    const created = new Set<string>();
    const messages: MessageEvent[] = [];

    for (const event of events) {
      if (event.t === 'command-result') continue;
      if (event.t === 'message') {
        if (!records.has(event.conn)) records.set(event.conn, unknownConnection(event.conn, frame, event.time));
        if (!discardMessages) messages.push(event);
        continue;
      }
      if (event.t === 'created') created.add(event.conn);
      records.set(event.conn, applyLifecycle(records.get(event.conn), event, frame));
    }

    const stored = await insertMessages(db, frame.sessionId, messages);
    let storedBytes = 0;
    for (const event of stored) {
      records.set(event.conn, countMessage(records.get(event.conn)!, event));
      storedBytes += event.payload.size;
    }
    for (const id of created) records.set(id, await matchConnection(db, records.get(id)!));
    await db.connections.bulkPut([...records.values()]);
    return { storedMessages: stored.length, storedBytes, duplicates: messages.length - stored.length };
  });
}

const messageKey = (connectionId: string, seq: number): string => `${connectionId}\u0000${seq}`;

/**
 * Adds the messages not stored yet and their payloads; returns the ones added. A re-delivered event
 * fails the unique [connectionId+seq] index: such ConstraintErrors are expected and skipped.
 */
async function insertMessages(db: InspectorDatabase, sessionId: string, events: readonly MessageEvent[]): Promise<MessageEvent[]> {
  const seen = new Set<string>();
  const unique = events.filter((event) => {
    const key = messageKey(event.conn, event.seq);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length === 0) return [];
  let stored = unique;
  let ids: number[];
  try {
    ids = (await db.messages.bulkAdd(
      unique.map((event) => messageRecordOf(event, sessionId)),
      { allKeys: true },
    )) as number[];
  } catch (error) {
    if (!(error instanceof Dexie.BulkError)) throw error;
    const failures = error.failuresByPos;
    if (Object.values(failures).some((failure) => failure.name !== 'ConstraintError')) throw error;
    stored = unique.filter((_, position) => !(position in failures));
    // A partly failed bulkAdd reports no keys: read the new rows' ids back through the unique index.
    const rows = await db.messages
      .where('[connectionId+seq]')
      .anyOf(stored.map((event) => [event.conn, event.seq]))
      .toArray();
    const idByKey = new Map(rows.map((row) => [messageKey(row.connectionId, row.seq), row.id!]));
    ids = stored.map((event) => idByKey.get(messageKey(event.conn, event.seq))!);
  }
  await db.payloads.bulkPut(stored.map((event, index) => ({ id: ids[index]!, sessionId, data: event.payload.data })));
  return stored;
}
