// Read-side queries for extension pages; these never write (the background writes capture, the HAR import worker imports).
import type { ConnectionRecord, HandshakeRecord, PayloadRecord, SessionRecord } from '../shared/models';
import type { StoredMessage } from './message-chunks';
import { messagesAfter, payloadsOf } from './message-store';
import { byCreation, byStart } from './read-order';
import type { InspectorDatabase } from './schema';

export async function allSessions(db: InspectorDatabase): Promise<SessionRecord[]> {
  return db.sessions.orderBy('startedAt').toArray();
}

export async function sessionsOfTab(db: InspectorDatabase, tabId: number): Promise<SessionRecord[]> {
  const sessions = await db.sessions.where('tabId').equals(tabId).toArray();
  return sessions.sort(byStart);
}

export async function connectionsOfSessions(db: InspectorDatabase, sessionIds: readonly string[]): Promise<ConnectionRecord[]> {
  if (sessionIds.length === 0) return [];
  // One session (the panel's usual view) by equals(): anyOf() walks a cursor that took tens of
  // milliseconds longer on the panel's first read.
  const bySession = db.connections.where('sessionId');
  const connections = await (sessionIds.length === 1 ? bySession.equals(sessionIds[0]!) : bySession.anyOf([...sessionIds])).toArray();
  return connections.sort(byCreation);
}

/** Messages stored for a session: its connections keep exact counts of what was stored. */
export async function messageCount(db: InspectorDatabase, sessionId: string): Promise<number> {
  let count = 0;
  await db.connections
    .where('sessionId')
    .equals(sessionId)
    .each((connection) => (count += connection.sentCount + connection.receivedCount));
  return count;
}

export async function handshakeOf(db: InspectorDatabase, connection: ConnectionRecord): Promise<HandshakeRecord | undefined> {
  if (connection.handshakeId !== '') {
    const byId = await db.handshakes.get(connection.handshakeId);
    if (byId) return byId;
  }
  return db.handshakes.where('connectionId').equals(connection.id).first();
}

/** Everything the panel reads, as one object: the store takes this, so tests can pass an in-memory fake. */
export interface ReadQueries {
  allSessions(): Promise<SessionRecord[]>;
  sessionsOfTab(tabId: number): Promise<SessionRecord[]>;
  connectionsOfSessions(sessionIds: readonly string[]): Promise<ConnectionRecord[]>;
  /** At least `limit` messages above `afterId` (whole stored chunks), fewer only at the session's end. */
  messagesAfter(sessionId: string, afterId: number, limit: number): Promise<StoredMessage[]>;
  messageCount(sessionId: string): Promise<number>;
  payloadOf(messageId: number): Promise<PayloadRecord | undefined>;
  payloadsOf(messageIds: readonly number[]): Promise<(PayloadRecord | undefined)[]>;
  handshakeOf(connection: ConnectionRecord): Promise<HandshakeRecord | undefined>;
}

export function readQueries(db: InspectorDatabase): ReadQueries {
  return {
    allSessions: () => allSessions(db),
    sessionsOfTab: (tabId) => sessionsOfTab(db, tabId),
    connectionsOfSessions: (sessionIds) => connectionsOfSessions(db, sessionIds),
    messagesAfter: (sessionId, afterId, limit) => messagesAfter(db, sessionId, afterId, limit),
    messageCount: (sessionId) => messageCount(db, sessionId),
    payloadOf: async (messageId) => (await payloadsOf(db, [messageId]))[0],
    payloadsOf: (messageIds) => payloadsOf(db, messageIds),
    handshakeOf: (connection) => handshakeOf(db, connection),
  };
}
