// Stored and displayed records. Pure types: no browser APIs, shared by every context.
import type { InterceptMark } from './intercept';

export type Direction = 'send' | 'receive';

/** What the page handed to send() or what arrived, by JavaScript type (typed arrays grouped by element size). */
// prettier-ignore
export type PayloadSource =
  | 'string'
  | 'ArrayBuffer'
  | 'Blob'
  | 'DataView'
  | 'Int8Array' | 'Uint8Array' | 'Uint8ClampedArray'
  | 'Int16Array' | 'Uint16Array' | 'Int32Array' | 'Uint32Array'
  | 'Float16Array' | 'Float32Array' | 'Float64Array'
  | 'BigInt64Array' | 'BigUint64Array';

/** Who made a message happen: the page itself, or our replay/inject commands. */
export type MessageOrigin = 'page' | 'replayed' | 'injected';

/** A captured payload: text as is, anything else base64. `size` is the exact byte size on the wire. */
export interface Payload {
  kind: 'text' | 'binary';
  source: PayloadSource;
  size: number;
  /** UTF-8 text (kind "text") or base64 (kind "binary"); cut to the capture cap when `truncated`. */
  data: string;
  truncated: boolean;
}

export interface SessionRecord {
  id: string;
  /** -1 for sessions imported from a file. */
  tabId: number;
  pageUrl: string;
  title: string;
  startedAt: number;
  imported: boolean;
}

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
  /** Who started the closing handshake, as far as the page can tell. */
  initiator: 'client' | 'server' | 'unknown';
}

export interface HandshakeRecord {
  requestId: string;
  tabId: number;
  frameId: number;
  url: string;
  startedAt: number;
  requestHeaders: HeaderPair[];
  statusCode?: number;
  statusLine?: string;
  responseHeaders?: HeaderPair[];
  completedAt?: number;
  error?: string;
  /** The connection this handshake was matched to; '' while unmatched (Dexie cannot index undefined). */
  connectionId: string;
}

export interface HeaderPair {
  name: string;
  value: string;
}

/**
 * The worker a socket was opened in, when not in the document itself: one the document (or one of its
 * workers) started. Reported by the page hook, as untrusted as the rest of what the page world says.
 */
export interface WorkerContext {
  /** 'service': from deep capture in Chromium, from the Service Worker's own hook in Firefox. */
  kind: 'dedicated' | 'shared' | 'service';
  /** The worker's script URL, absolute. */
  scriptUrl: string;
  /** The name the page gave the worker ('' when none). */
  name: string;
}

/** The page API a connection was opened with, when not `WebSocket`. */
export type SocketApi = 'WebSocketStream';

export interface ConnectionRecord {
  id: string;
  sessionId: string;
  tabId: number;
  frameId: number;
  frameUrl: string;
  url: string;
  requestedProtocols: string[];
  protocol: string;
  extensions: string;
  state: ConnectionState;
  createdAt: number;
  openedAt?: number;
  closedAt?: number;
  close?: CloseInfo;
  errors: string[];
  sentCount: number;
  receivedCount: number;
  sentBytes: number;
  receivedBytes: number;
  /** Highest page-hook `seq` stored: a re-delivered message (seq at or below it) is skipped. */
  lastSeq?: number;
  /** requestId of the matched webRequest handshake, '' until matched. */
  handshakeId: string;
  origin: MessageOrigin;
  /** Set for a socket opened in a worker. */
  worker?: WorkerContext;
  /** Set for a socket not opened with `WebSocket`. */
  api?: SocketApi;
  /**
   * Set for a socket seen through Chrome's debugger (deep capture of shared and service workers): its
   * frames come from the debugger's Network events, and resend and inject go through its Runtime domain.
   */
  capturedBy?: 'debugger';
}

/** Deep capture of a tab's worker sockets through Chrome's debugger, as the panel shows it. */
export interface DeepCaptureState {
  /** 'unavailable': this browser has no debugger API (Firefox). 'failed': asked for, but not running (see `reason`). */
  status: 'off' | 'on' | 'failed' | 'unavailable';
  reason?: string;
  /** The workers attached for this tab now. */
  workers: { kind: 'shared' | 'service'; scriptUrl: string }[];
}

/** What the message list needs of a payload; the full data lives in PayloadRecord. */
export interface PayloadSummary {
  kind: 'text' | 'binary';
  source: PayloadSource;
  size: number;
  truncated: boolean;
  /**
   * Set (with `truncated`) when no bytes at all could be kept: the payload could not be read at capture,
   * e.g. a large Blob whose page's renderer went away before the background read it. Only `size` is known.
   */
  lost?: true;
  /** First characters of the text, or base64 of the first bytes: enough for a table row. */
  preview: string;
}

/** Full payload data, stored apart so that listing 100,000+ messages reads only summaries. */
export interface PayloadRecord {
  /** Same key as the MessageRecord. */
  id: number;
  sessionId: string;
  /** UTF-8 text or base64, as in Payload.data. */
  data: string;
}

export interface MessageRecord {
  /** Auto-increment key: arrival order, the table's sort order. Also the PayloadRecord key. */
  id?: number;
  sessionId: string;
  connectionId: string;
  /** Per-connection sequence number from the page hook: makes re-delivery idempotent. */
  seq: number;
  direction: Direction;
  /** Wall-clock milliseconds since the Unix epoch, sub-millisecond precision. */
  time: number;
  payload: PayloadSummary;
  origin: MessageOrigin;
  /** Set when a rule or breakpoint held, changed, dropped, delayed, duplicated or mocked the message. */
  mark?: InterceptMark;
}
