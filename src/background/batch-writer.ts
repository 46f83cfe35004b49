// Writes one batch in one transaction: connection lifecycle, messages and payloads, handshake links.
// The caller acknowledges the batch only after this resolves, i.e. after the commit.
import { appendMessages } from '../db/message-store';
import type { InspectorDatabase } from '../db/schema';
import type { RelayedEvent } from '../shared/messages';
import type { ConnectionRecord } from '../shared/models';
import { applyLifecycle, countMessage, unknownConnection, type FrameContext } from './connections';
import { matchConnection } from './handshake-matching';
import { matchSharedWorkerConnection } from './shared-worker-handshakes';
import { messageRecordOf, payloadData } from './message-records';
import type { StorableEvent, StorableMessage } from './storable-events';

export interface BatchOutcome {
  storedMessages: number;
  /** Wire bytes of the stored messages: what the storage budget counts. */
  storedBytes: number;
  /** Messages already stored by an earlier delivery of the same events. */
  duplicates: number;
}

/** Wire bytes of the message events of a batch, before writing: to make room ahead of time. */
export function messageBytes(events: readonly RelayedEvent[]): number {
  let bytes = 0;
  for (const event of events) if (event.t === 'message') bytes += event.payload.size;
  return bytes;
}

export async function writeBatch(
  db: InspectorDatabase,
  frame: FrameContext,
  events: readonly StorableEvent[],
  { discardMessages }: { discardMessages: boolean },
): Promise<BatchOutcome> {
  return db.transaction('rw', [db.connections, db.chunks, db.payloads, db.handshakes], async () => {
    const ids = [...new Set(events.map((event) => event.conn))];
    const existing = await db.connections.bulkGet(ids);
    const records = new Map<string, ConnectionRecord>();
    existing.forEach((record) => record && records.set(record.id, record));
    const created = new Set<string>();
    const messages: StorableMessage[] = [];

    for (const event of events) {
      if (event.t === 'message') {
        if (!records.has(event.conn)) records.set(event.conn, unknownConnection(event.conn, frame, event.time));
        if (!discardMessages) messages.push(event);
        continue;
      }
      if (event.t === 'created') created.add(event.conn);
      records.set(event.conn, applyLifecycle(records.get(event.conn), event, frame));
    }

    const stored = newMessages(messages, records);
    await appendMessages(
      db,
      frame.sessionId,
      stored.map((event) => ({ message: messageRecordOf(event), data: payloadData(event.payload) })),
    );
    let storedBytes = 0;
    for (const event of stored) {
      records.set(event.conn, { ...countMessage(records.get(event.conn)!, event), lastSeq: event.seq });
      storedBytes += event.payload.size;
    }
    for (const id of created) records.set(id, await matchSharedWorkerConnection(db, await matchConnection(db, records.get(id)!)));
    await db.connections.bulkPut([...records.values()]);
    return { storedMessages: stored.length, storedBytes, duplicates: messages.length - stored.length };
  });
}

/**
 * The messages not stored yet. The hook numbers each connection's messages in order and batches
 * arrive in order, so anything at or below the connection's last stored seq is a re-delivery.
 */
function newMessages(events: readonly StorableMessage[], connections: ReadonlyMap<string, ConnectionRecord>): StorableMessage[] {
  const lastSeq = new Map<string, number>();
  return events.filter((event) => {
    const last = lastSeq.get(event.conn) ?? connections.get(event.conn)?.lastSeq ?? 0;
    if (event.seq <= last) return false;
    lastSeq.set(event.conn, event.seq);
    return true;
  });
}
