// Firefox Shared and Service Workers' handshakes. Their sockets' webRequest events belong to no tab (tabId -1), and
// one socket is recorded by every tab using the worker (src/background/shared-worker-scripts.ts), so
// their handshakes are kept here for a while, not stored; a shared-worker connection a tab reports gets
// a copy of the nearest one to its URL (its own record, id `<requestId>@<connection>`), which later
// events of that request update too. A handshake no connection claims is never stored (another
// extension's worker, say). Only the connections' own reports choose: a page claiming a
// shared- or service-worker socket gets at most the handshake of a socket of no tab to that same URL.
import type { InspectorDatabase } from '../db/schema';
import type { ConnectionRecord, HandshakeRecord } from '../shared/models';
import { MATCH_WINDOW_MS } from './handshake-alignment';
import { nearestInTime } from './handshake-matching';

interface TablessHandshake {
  requestId: string;
  url: string;
  startedAt: number;
  changes: Partial<HandshakeRecord>;
  /** The stored copies' ids, to update as the request goes on. */
  copies: string[];
}

/** At most this many handshakes of no tab are remembered at once (the oldest go first). */
const MAX_REMEMBERED = 256;
const tabless = new Map<string, TablessHandshake>();

/**
 * Remembers an event of a handshake of no tab; returns the ids of its stored copies, which the caller
 * updates with `changes` like a tab's handshake. Firefox builds only (Chrome reaches workers' sockets
 * through its debugger instead).
 */
export function rememberTablessHandshake(requestId: string, url: string, startedAt: number, changes: Partial<HandshakeRecord>): string[] {
  if (import.meta.env.MODE !== 'firefox') return [];
  const earlier = tabless.get(requestId);
  if (earlier) {
    earlier.changes = { ...earlier.changes, ...changes };
    return earlier.copies;
  }
  for (const [id, entry] of tabless) {
    if (tabless.size < MAX_REMEMBERED && entry.startedAt >= startedAt - MATCH_WINDOW_MS) break;
    tabless.delete(id);
  }
  tabless.set(requestId, { requestId, url, startedAt, changes: { ...changes }, copies: [] });
  return [];
}

/** Links a Shared (or Service) Worker's connection to a copy of its handshake, if one of no tab waits; returns the record to store. Call in a transaction. */
export async function matchSharedWorkerConnection(db: InspectorDatabase, connection: ConnectionRecord): Promise<ConnectionRecord> {
  const kind = connection.worker?.kind;
  if (connection.handshakeId !== '' || (kind !== 'shared' && kind !== 'service') || connection.url === '') return connection;
  const candidates = [...tabless.values()].filter((entry) => entry.url === connection.url);
  const handshake = nearestInTime(candidates, connection.createdAt, (entry) => entry.startedAt);
  if (!handshake) return connection;
  const copy: HandshakeRecord = {
    requestHeaders: [],
    ...handshake.changes,
    requestId: `${handshake.requestId}@${connection.id}`,
    tabId: connection.tabId,
    frameId: connection.frameId,
    url: handshake.url,
    startedAt: handshake.startedAt,
    connectionId: connection.id,
  };
  await db.handshakes.put(copy);
  handshake.copies.push(copy.requestId);
  return { ...connection, handshakeId: copy.requestId };
}
