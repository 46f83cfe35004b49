// Loads what an export covers from IndexedDB: whole sessions, one connection, or chosen messages.
import { messagesByIds, messagesOfConnection, messagesOfSessions, payloadsOf } from '../../db/message-store';
import type { InspectorDatabase } from '../../db/schema';
import type { HarExportSource } from '../../shared/har/export';
import type { ConnectionRecord, MessageRecord } from '../../shared/models';

export type ExportScope =
  | { kind: 'sessions'; sessionIds: string[] }
  | { kind: 'connection'; connectionId: string }
  /** The messages the filter shows, by id. */
  | { kind: 'messages'; messageIds: number[] };

export async function loadExportSource(db: InspectorDatabase, scope: ExportScope): Promise<HarExportSource> {
  return db.transaction('r', [db.sessions, db.connections, db.chunks, db.payloads, db.handshakes], async () => {
    let messages: MessageRecord[];
    let connections: ConnectionRecord[];
    if (scope.kind === 'sessions') {
      connections = await db.connections.where('sessionId').anyOf(scope.sessionIds).toArray();
      messages = await messagesOfSessions(db, scope.sessionIds);
    } else if (scope.kind === 'connection') {
      connections = await db.connections.where('id').equals(scope.connectionId).toArray();
      messages = await messagesOfConnection(db, scope.connectionId);
    } else {
      messages = await messagesByIds(db, scope.messageIds);
      connections = (await db.connections.bulkGet([...new Set(messages.map((message) => message.connectionId))])).filter(
        (connection) => connection !== undefined,
      );
    }
    const sessionIds = [...new Set(connections.map((connection) => connection.sessionId))];
    const sessionIdsInScope = scope.kind === 'sessions' ? scope.sessionIds : sessionIds;
    const sessions = (await db.sessions.bulkGet(sessionIdsInScope)).filter((session) => session !== undefined);
    const handshakes = await db.handshakes
      .where('connectionId')
      .anyOf(connections.map((connection) => connection.id))
      .toArray();
    const ids = messages.map((message) => message.id!);
    const payloads = await payloadsOf(db, ids);
    const data = new Map<number, string>();
    payloads.forEach((payload, index) => payload && data.set(ids[index]!, payload.data));
    return { sessions, connections, messages, handshakes, payloadData: (id) => data.get(id) };
  });
}
