// Pairs webRequest handshakes with page-reported connections: same tab and URL, nearest in time,
// both still unmatched. Either side may be stored first, so both sides call in here.
import type { InspectorDatabase } from '../db/schema';
import type { ConnectionRecord, HandshakeRecord } from '../shared/models';

/** Handshakes further apart in time than this from a connection are never its own. */
export const MATCH_WINDOW_MS = 60_000;

export function nearestInTime<T>(candidates: readonly T[], time: number, timeOf: (candidate: T) => number): T | undefined {
  let best: T | undefined;
  let bestDistance = MATCH_WINDOW_MS;
  for (const candidate of candidates) {
    const distance = Math.abs(timeOf(candidate) - time);
    if (distance <= bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Links `connection` to its handshake if one waits; returns the record to store. Call in a transaction. */
export async function matchConnection(db: InspectorDatabase, connection: ConnectionRecord): Promise<ConnectionRecord> {
  if (connection.handshakeId !== '' || connection.url === '') return connection;
  const waiting = await db.handshakes
    .where('[tabId+url]')
    .equals([connection.tabId, connection.url])
    .filter((handshake) => handshake.connectionId === '')
    .toArray();
  const handshake = nearestInTime(waiting, connection.createdAt, (candidate) => candidate.startedAt);
  if (!handshake) return connection;
  await db.handshakes.update(handshake.requestId, { connectionId: connection.id });
  return { ...connection, handshakeId: handshake.requestId };
}

/** Links `handshake` to its connection if one waits; returns the record to store. Call in a transaction. */
export async function matchHandshake(db: InspectorDatabase, handshake: HandshakeRecord): Promise<HandshakeRecord> {
  if (handshake.connectionId !== '') return handshake;
  const waiting = await db.connections
    .where('[tabId+url]')
    .equals([handshake.tabId, handshake.url])
    .filter((connection) => connection.handshakeId === '')
    .toArray();
  const connection = nearestInTime(waiting, handshake.startedAt, (candidate) => candidate.createdAt);
  if (!connection) return handshake;
  await db.connections.update(connection.id, { handshakeId: handshake.requestId });
  return { ...handshake, connectionId: connection.id };
}
