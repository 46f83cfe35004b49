// Connection records from lifecycle events. Pure: applying the same event twice (a re-delivered
// batch) leaves the record as applying it once did.
import type { RelayedEvent } from '../shared/messages';
import type { ConnectionRecord } from '../shared/models';

export type LifecycleEvent = Extract<RelayedEvent, { t: 'created' | 'open' | 'close' | 'error' }>;
/** A message as the background receives it: binary payloads as bytes or, when large, a Blob (storable-events.ts reads it). */
export type MessageEvent = Extract<RelayedEvent, { t: 'message' }>;

/** Where the events came from, as the browser (not the page) reports it. */
export interface FrameContext {
  sessionId: string;
  tabId: number;
  frameId: number;
  frameUrl: string;
}

/** URLs as the browser normalises them, so the page's and webRequest's spellings compare equal. */
export function normalizeSocketUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** A record for a connection whose `created` event never arrived (e.g. shed under memory pressure). */
export function unknownConnection(id: string, frame: FrameContext, time: number): ConnectionRecord {
  return {
    id,
    sessionId: frame.sessionId,
    tabId: frame.tabId,
    frameId: frame.frameId,
    frameUrl: frame.frameUrl,
    url: '',
    requestedProtocols: [],
    protocol: '',
    extensions: '',
    state: 'open',
    createdAt: time,
    errors: [],
    sentCount: 0,
    receivedCount: 0,
    sentBytes: 0,
    receivedBytes: 0,
    handshakeId: '',
    origin: 'page',
  };
}

export function applyLifecycle(existing: ConnectionRecord | undefined, event: LifecycleEvent, frame: FrameContext): ConnectionRecord {
  const record = existing ?? unknownConnection(event.conn, frame, event.time);
  switch (event.t) {
    case 'created':
      return {
        ...record,
        url: normalizeSocketUrl(event.url),
        requestedProtocols: event.protocols,
        createdAt: event.time,
        origin: event.origin,
        state: existing && existing.state !== 'connecting' ? existing.state : 'connecting',
        ...(event.worker ? { worker: event.worker } : {}),
        ...(event.api ? { api: event.api } : {}),
      };
    case 'open':
      return {
        ...record,
        protocol: event.protocol,
        extensions: event.extensions,
        openedAt: event.time,
        state: record.state === 'connecting' ? 'open' : record.state,
      };
    case 'close':
      return { ...record, state: 'closed', closedAt: event.time, close: event.close };
    case 'error':
      return record.errors.includes(event.text) ? record : { ...record, errors: [...record.errors, event.text] };
  }
}

/** Counts a message that was stored (never one skipped as a duplicate). */
export function countMessage(record: ConnectionRecord, event: MessageEvent): ConnectionRecord {
  return event.dir === 'send'
    ? { ...record, sentCount: record.sentCount + 1, sentBytes: record.sentBytes + event.payload.size }
    : { ...record, receivedCount: record.receivedCount + 1, receivedBytes: record.receivedBytes + event.payload.size };
}
