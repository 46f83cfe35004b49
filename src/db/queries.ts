// Read-side queries for extension pages; these never write (the background writes capture, the HAR import worker imports).
import Dexie from 'dexie';
import type { ConnectionRecord, HandshakeRecord, MessageRecord, PayloadRecord, SessionRecord } from '../shared/models';
import type { InspectorDatabase } from './schema';

/** A stored message: the key is always set once read back. */
export type StoredMessage = MessageRecord & { id: number };

export async function allSessions(db: InspectorDatabase): Promise<SessionRecord[]> {
  return db.sessions.orderBy('startedAt').toArray();
}

export async function sessionsOfTab(db: InspectorDatabase, tabId: number): Promise<SessionRecord[]> {
  const sessions = await db.sessions.where('tabId').equals(tabId).toArray();
  return sessions.sort((a, b) => a.startedAt - b.startedAt);
}

export async function connectionsOfSessions(db: InspectorDatabase, sessionIds: readonly string[]): Promise<ConnectionRecord[]> {
  if (sessionIds.length === 0) return [];
  const connections = await db.connections.where('sessionId').anyOf([...sessionIds]).toArray();
  return connections.sort((a, b) => a.createdAt - b.createdAt);
}

/** Up to `limit` messages of a session with id > afterId, in id (arrival) order, via [sessionId+id]. */
export async function messagesAfter(
  db: InspectorDatabase,
  sessionId: string,
  afterId: number,
  limit: number,
): Promise<StoredMessage[]> {
  const rows = await db.messages
    .where('[sessionId+id]')
    .between([sessionId, afterId], [sessionId, Dexie.maxKey], false, true)
    .limit(limit)
    .toArray();
  return rows as StoredMessage[];
}

export async function messageCount(db: InspectorDatabase, sessionId: string): Promise<number> {
  return db.messages.where('sessionId').equals(sessionId).count();
}

export async function payloadOf(db: InspectorDatabase, messageId: number): Promise<PayloadRecord | undefined> {
  return db.payloads.get(messageId);
}

/** Payloads by message id, in the order asked; missing ones are undefined. */
export async function payloadsOf(db: InspectorDatabase, messageIds: readonly number[]): Promise<(PayloadRecord | undefined)[]> {
  return db.payloads.bulkGet([...messageIds]);
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
    payloadOf: (messageId) => payloadOf(db, messageId),
    payloadsOf: (messageIds) => payloadsOf(db, messageIds),
    handshakeOf: (connection) => handshakeOf(db, connection),
  };
}
