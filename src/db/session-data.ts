// Removing sessions' data: used by the panel's "clear" and by storage eviction.
import { deleteMessagesOfSessions } from './message-store';
import type { InspectorDatabase } from './schema';

/** Deletes sessions entirely: their records, connections, handshakes, messages and payloads. */
export async function deleteSessions(db: InspectorDatabase, sessionIds: readonly string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  const ids = [...sessionIds];
  await db.transaction('rw', [db.sessions, db.connections, db.handshakes, db.chunks, db.payloads, db.summaries], async () => {
    const connectionIds = await db.connections.where('sessionId').anyOf(ids).primaryKeys();
    if (connectionIds.length > 0) await db.handshakes.where('connectionId').anyOf(connectionIds).delete();
    await db.connections.where('sessionId').anyOf(ids).delete();
    await deleteMessagesOfSessions(db, ids);
    await db.sessions.bulkDelete(ids);
  });
}

/**
 * Empties a session that is still being written to: its messages and finished connections go, while
 * connections still open stay (counters reset) so that their next messages keep URL and handshake.
 */
export async function emptyLiveSession(db: InspectorDatabase, sessionId: string): Promise<void> {
  await db.transaction('rw', [db.connections, db.handshakes, db.chunks, db.payloads, db.summaries], async () => {
    const closed = await db.connections
      .where('sessionId')
      .equals(sessionId)
      .filter((connection) => connection.state === 'closed')
      .primaryKeys();
    if (closed.length > 0) await db.handshakes.where('connectionId').anyOf(closed).delete();
    await db.connections.bulkDelete(closed);
    await db.connections.where('sessionId').equals(sessionId).modify({ sentCount: 0, receivedCount: 0, sentBytes: 0, receivedBytes: 0 });
    await deleteMessagesOfSessions(db, [sessionId]);
  });
}
