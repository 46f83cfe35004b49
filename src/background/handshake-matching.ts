// Pairs webRequest handshakes with page-reported connections: same tab and URL, both still unmatched,
// in order of time (handshake-alignment.ts). Either side may be stored first, so both sides call in here.
import type { Table } from 'dexie';
import type { InspectorDatabase } from '../db/schema';
import type { ConnectionRecord, HandshakeRecord } from '../shared/models';
import { headerNamed, protocolList } from '../shared/headers';
import { alignInOrder, MATCH_WINDOW_MS } from './handshake-alignment';

/** At most this many waiting records of each side, the nearest in time, are aligned at once. */
const MAX_ALIGNED = 64;

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

/** The `MAX_ALIGNED` nearest to `time`, in order of time. */
function nearestInOrder<T>(records: readonly T[], time: number, timeOf: (record: T) => number): T[] {
  const nearest =
    records.length <= MAX_ALIGNED ? [...records] : [...records].sort((a, b) => Math.abs(timeOf(a) - time) - Math.abs(timeOf(b) - time)).slice(0, MAX_ALIGNED);
  return nearest.sort((a, b) => timeOf(a) - timeOf(b));
}

/**
 * A handshake whose request named sub-protocols belongs to no connection that asked for others (or
 * none). One without the header could be anyone's: Chromium's webRequest never shows it.
 */
function sameProtocols(connection: ConnectionRecord, handshake: HandshakeRecord): boolean {
  const header = headerNamed(handshake.requestHeaders, 'Sec-WebSocket-Protocol');
  if (header === undefined) return true;
  const asked = protocolList(header);
  return asked.length === connection.requestedProtocols.length && asked.every((name, k) => name === connection.requestedProtocols[k]);
}

type Arriving = { connection: ConnectionRecord } | { handshake: HandshakeRecord };

/** The pair the arriving record is in when its tab and URL's waiting connections and handshakes are aligned. */
async function pairOf(db: InspectorDatabase, arriving: Arriving): Promise<[ConnectionRecord, HandshakeRecord] | undefined> {
  const { tabId, url } = 'connection' in arriving ? arriving.connection : arriving.handshake;
  const time = 'connection' in arriving ? arriving.connection.createdAt : arriving.handshake.startedAt;
  const [connectionsStored, handshakesStored] = await Promise.all([
    unmatchedNear(db.connections, '[tabId+url+handshakeId+createdAt]', tabId, url, time),
    unmatchedNear(db.handshakes, '[tabId+url+connectionId+startedAt]', tabId, url, time),
  ]);
  // The arriving record may be stored already (a handshake's later event), or not yet: counted once.
  const connectionsWaiting =
    'connection' in arriving ? [...connectionsStored.filter((record) => record.id !== arriving.connection.id), arriving.connection] : connectionsStored;
  const handshakesWaiting =
    'handshake' in arriving
      ? [...handshakesStored.filter((record) => record.requestId !== arriving.handshake.requestId), arriving.handshake]
      : handshakesStored;
  const connections = nearestInOrder(connectionsWaiting, time, (record) => record.createdAt).map((record) => ({ record, time: record.createdAt }));
  const handshakes = nearestInOrder(handshakesWaiting, time, (record) => record.startedAt).map((record) => ({ record, time: record.startedAt }));
  for (const [c, h] of alignInOrder(connections, handshakes, (connection, handshake) => sameProtocols(connection.record, handshake.record))) {
    const pair: [ConnectionRecord, HandshakeRecord] = [connections[c]!.record, handshakes[h]!.record];
    if ('connection' in arriving ? pair[0] === arriving.connection : pair[1] === arriving.handshake) return pair;
  }
  return undefined;
}

/** Links `connection` to its handshake if one waits; returns the record to store. Call in a transaction over both tables. */
export async function matchConnection(db: InspectorDatabase, connection: ConnectionRecord): Promise<ConnectionRecord> {
  if (connection.handshakeId !== '' || connection.url === '') return connection;
  const handshake = (await pairOf(db, { connection }))?.[1];
  if (!handshake) return connection;
  await db.handshakes.update(handshake.requestId, { connectionId: connection.id });
  return { ...connection, handshakeId: handshake.requestId };
}

/** Links `handshake` to its connection if one waits; returns the record to store. Call in a transaction over both tables. */
export async function matchHandshake(db: InspectorDatabase, handshake: HandshakeRecord): Promise<HandshakeRecord> {
  if (handshake.connectionId !== '') return handshake;
  const connection = (await pairOf(db, { handshake }))?.[0];
  if (!connection) return handshake;
  await db.connections.update(connection.id, { handshakeId: handshake.requestId });
  return { ...handshake, connectionId: connection.id };
}
