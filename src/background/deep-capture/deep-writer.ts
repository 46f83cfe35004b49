// Stores what deep capture saw of a worker's socket in one tab's current session, through the same
// writer as page batches (batch-writer.ts). The connection's id and its handshake's key are scoped by the
// session, so a Shared Worker used by two tabs gives each tab its own record of the one socket.
import { database, type InspectorDatabase } from '../../db/schema';
import type { ConnectionRecord, HandshakeRecord, WorkerContext } from '../../shared/models';
import { messageBytes, writeBatch } from '../batch-writer';
import { normalizeSocketUrl, unknownConnection, type FrameContext } from '../connections';
import { addUsage, makeRoomForBudget } from '../eviction';
import { enqueue } from '../ingest-queue';
import { notifyChanged } from '../panel-ports';
import { isPaused } from '../pause';
import { storableEvents, type StorableEvent } from '../storable-events';
import { loadTabState } from '../tab-state';
import type { SocketUpdate } from './socket-events';

/** The stored id of a debugger-seen socket in `sessionId`: never a page's (those start with the document's id and '/'). */
export const deepConnectionId = (sessionId: string, requestId: string): string => `debugger:${sessionId}/${requestId}`;
const handshakeKey = (sessionId: string, requestId: string): string => `debugger:${sessionId}/${requestId}`;

/** Queues `update` for `tabId`'s current session (none: the tab has no page capture yet, and it is dropped). */
export function storeDeepUpdate(tabId: number, frameUrl: string, worker: WorkerContext, update: SocketUpdate): Promise<void> {
  return enqueue(() => writeDeepUpdate(tabId, frameUrl, worker, update));
}

/** Writes `update` now: only from a job of the ingest queue (enqueue), which keeps writes in arrival order. */
export async function writeDeepUpdate(tabId: number, frameUrl: string, worker: WorkerContext, update: SocketUpdate): Promise<void> {
  const state = await loadTabState(tabId);
  if (!state) return;
  const { sessionId } = state;
  const db = database();
  const conn = deepConnectionId(sessionId, update.requestId);
  const events = update.events.map((event) => ({ ...event, conn }));
  const discardMessages = await isPaused(tabId);
  const storable = await storableEvents(events, { readBlobs: !discardMessages });
  await makeRoomForBudget(db, discardMessages ? 0 : messageBytes(events), sessionId);
  const frame: FrameContext = { sessionId, tabId, frameId: 0, frameUrl };
  const outcome = await db.transaction('rw', [db.connections, db.chunks, db.payloads, db.handshakes], async () => {
    const lastSeq = await prepareConnection(db, frame, conn, worker, update);
    return writeBatch(db, frame, numberedAfter(lastSeq, storable), { discardMessages });
  });
  await addUsage(db, sessionId, outcome.storedBytes);
  notifyChanged(tabId, sessionId);
}

/**
 * Makes the connection's record before its events are applied, already linked to its own handshake
 * (so the webRequest matcher never pairs it with a page's), and records what the handshake said.
 */
async function prepareConnection(db: InspectorDatabase, frame: FrameContext, conn: string, worker: WorkerContext, update: SocketUpdate): Promise<number> {
  const key = handshakeKey(frame.sessionId, update.requestId);
  const existing = await db.connections.get(conn);
  const time = update.events[0]?.time ?? Date.now();
  const record: ConnectionRecord = existing ?? { ...unknownConnection(conn, frame, time), worker, capturedBy: 'debugger', handshakeId: key };
  if (update.requestedProtocols) record.requestedProtocols = update.requestedProtocols;
  if (!existing || update.requestedProtocols) await db.connections.put(record);
  const lastSeq = existing?.lastSeq ?? 0;
  if (!update.handshake && existing) return lastSeq;
  const earlier = await db.handshakes.get(key);
  const url = update.handshake?.url ?? earlier?.url ?? record.url;
  const handshake: HandshakeRecord = {
    requestId: key,
    tabId: frame.tabId,
    frameId: frame.frameId,
    startedAt: time,
    requestHeaders: [],
    ...earlier,
    ...update.handshake,
    url: normalizeSocketUrl(url),
    connectionId: conn,
  };
  await db.handshakes.put(handshake);
  return lastSeq;
}

/**
 * Messages numbered on from the connection's last stored one. Nothing the debugger reports is delivered
 * twice, and a restarted background's translator counts from 1 again: the stored count is the one to follow.
 */
function numberedAfter(lastSeq: number, events: readonly StorableEvent[]): StorableEvent[] {
  let seq = lastSeq;
  return events.map((event) => (event.t === 'message' ? { ...event, seq: ++seq } : event));
}
