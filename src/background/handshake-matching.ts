// Pairs webRequest handshakes with page-reported connections: same tab and URL, nearest in time,
// both still unmatched. Either side may be stored first, so both sides call in here.
import type { Table } from 'dexie';
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

/**
 * Records of `table` for the same tab and URL, still unmatched (their link is ''), within the match window
 * of `time`: one range of `index`, [tabId+url+link+time], whatever the number of earlier sockets to the URL.
 */
function unmatchedNear<T>(table: Table<T, string, unknown>, index: string, tabId: number, url: string, time: number): Promise<T[]> {
  return table
    .where(index)
    .between([tabId, url, '', time - MATCH_WINDOW_MS], [tabId, url, '', time + MATCH_WINDOW_MS], true, true)
    .toArray();
}

/** Links `connection` to its handshake if one waits; returns the record to store. Call in a transaction. */
export async function matchConnection(db: InspectorDatabase, connection: ConnectionRecord): Promise<ConnectionRecord> {
  if (connection.handshakeId !== '' || connection.url === '') return connection;
  const waiting = await unmatchedNear(db.handshakes, '[tabId+url+connectionId+startedAt]', connection.tabId, connection.url, connection.createdAt);
  const handshake = nearestInTime(waiting, connection.createdAt, (candidate) => candidate.startedAt);
  if (!handshake) return connection;
  await db.handshakes.update(handshake.requestId, { connectionId: connection.id });
  return { ...connection, handshakeId: handshake.requestId };
}

/** Links `handshake` to its connection if one waits; returns the record to store. Call in a transaction. */
export async function matchHandshake(db: InspectorDatabase, handshake: HandshakeRecord): Promise<HandshakeRecord> {
  if (handshake.connectionId !== '') return handshake;
  const waiting = await unmatchedNear(db.connections, '[tabId+url+handshakeId+createdAt]', handshake.tabId, handshake.url, handshake.startedAt);
  const connection = nearestInTime(waiting, handshake.startedAt, (candidate) => candidate.createdAt);
  if (!connection) return handshake;
  await db.connections.update(connection.id, { handshakeId: handshake.requestId });
  return { ...handshake, connectionId: connection.id };
}
