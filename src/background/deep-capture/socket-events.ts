// Deep capture's checked Network events (cdp-network.ts) as the ingest's own events: the same `created`,
// `open`, `message`, `error` and `close` a page hook reports, plus the handshake the debugger saw. One
// translation per worker event, whatever number of tabs then store it. Pure: unit-tested.
import type { PayloadInput, RelayedEvent } from '../../shared/messages';
import type { CloseInfo, HandshakeRecord, WorkerContext } from '../../shared/models';
import { base64ToBytes } from '../../shared/base64';
import { utf8ByteLength } from '../../shared/har/bytes';
import type { NetworkSocketEvent } from './cdp-network';
import { headerNamed, protocolList } from '../../shared/headers';

/** Sockets followed at once per translator: a worker opening more without closing any loses the oldest's numbering. */
const MAX_FOLLOWED_SOCKETS = 10_000;

/**
 * How a close seen through the debugger is recorded: Network.webSocketClosed carries no code or reason,
 * so the code is 1005 ("no status"), as a page would read for a close frame without one.
 */
export const DEBUGGER_CLOSE: CloseInfo = { code: 1005, reason: '', wasClean: true, initiator: 'unknown' };

/** What one Network event means for one socket (its events' `conn` is the debugger's request id, scoped later per session). */
export interface SocketUpdate {
  requestId: string;
  /** The first event seen of this socket (its record is made then, with the worker and handshake link). */
  first: boolean;
  events: RelayedEvent[];
  handshake?: Partial<HandshakeRecord>;
  /** The sub-protocols the handshake asked for (webSocketCreated does not carry them). */
  requestedProtocols?: string[];
}

export class SocketEventTranslator {
  private readonly sockets = new Map<string, { seq: number }>();

  constructor(private readonly worker: WorkerContext) {}

  /** `maxPayloadBytes`: the capture cap (Settings), as the page hook applies it. */
  translate(event: NetworkSocketEvent, now: number, maxPayloadBytes: number): SocketUpdate | null {
    const first = !this.sockets.has(event.requestId);
    const socket = this.follow(event.requestId);
    const update = (events: RelayedEvent[], handshake?: Partial<HandshakeRecord>): SocketUpdate => ({
      requestId: event.requestId,
      first,
      events,
      ...(handshake ? { handshake } : {}),
    });
    const conn = event.requestId;
    switch (event.t) {
      case 'created':
        return update([{ t: 'created', conn, url: event.url, protocols: [], time: now, origin: 'page', worker: this.worker }], {
          url: event.url,
          startedAt: now,
        });
      case 'handshake-request': {
        const protocols = protocolList(headerNamed(event.headers, 'Sec-WebSocket-Protocol') ?? '');
        const handshake = { requestHeaders: event.headers, ...(event.wallTimeMs ? { startedAt: event.wallTimeMs } : {}) };
        return { ...update([], handshake), ...(protocols.length > 0 ? { requestedProtocols: protocols } : {}) };
      }
      case 'handshake-response': {
        const handshake = {
          statusCode: event.status,
          statusLine: `HTTP/1.1 ${event.status} ${event.statusText}`.trim(),
          responseHeaders: event.headers,
          completedAt: now,
        };
        if (event.status !== 101)
          return update([{ t: 'error', conn, time: now, text: `Handshake answered ${event.status} ${event.statusText}`.trim() }], handshake);
        const opened: RelayedEvent = {
          t: 'open',
          conn,
          protocol: headerNamed(event.headers, 'Sec-WebSocket-Protocol') ?? '',
          extensions: headerNamed(event.headers, 'Sec-WebSocket-Extensions') ?? '',
          time: now,
        };
        return update([opened], handshake);
      }
      case 'frame': {
        const payload = event.opcode === 1 ? textPayload(event.payloadData, maxPayloadBytes) : binaryPayload(event.payloadData, maxPayloadBytes);
        if (!payload) return null;
        socket.seq++;
        return update([{ t: 'message', conn, seq: socket.seq, dir: event.dir, time: now, payload, origin: 'page' }]);
      }
      case 'frame-error':
        return update([{ t: 'error', conn, time: now, text: event.text }]);
      case 'closed':
        this.sockets.delete(event.requestId);
        return update([{ t: 'close', conn, time: now, close: DEBUGGER_CLOSE }]);
    }
  }

  private follow(requestId: string): { seq: number } {
    let socket = this.sockets.get(requestId);
    if (!socket) {
      if (this.sockets.size >= MAX_FOLLOWED_SOCKETS) this.sockets.delete(this.sockets.keys().next().value!);
      socket = { seq: 0 };
      this.sockets.set(requestId, socket);
    }
    return socket;
  }
}

type MessagePayload = Extract<RelayedEvent, { t: 'message' }>['payload'];

/**
 * A message the panel injected into a worker's socket (worker-send.ts), which no Network event reports:
 * recorded as received and 'injected', a binary payload with the type the socket's binaryType gave the worker.
 * Its seq is the store's to set (deep-writer.ts numbers on from the connection's last).
 */
export function injectedMessageUpdate(requestId: string, payload: PayloadInput, binaryType: string, now: number, maxPayloadBytes: number): SocketUpdate | null {
  const captured = payload.kind === 'text' ? textPayload(payload.data, maxPayloadBytes) : binaryPayload(payload.data, maxPayloadBytes);
  if (!captured) return null;
  if (captured.kind === 'binary' && binaryType === 'blob') captured.source = 'Blob';
  return { requestId, first: false, events: [{ t: 'message', conn: requestId, seq: 0, dir: 'receive', time: now, payload: captured, origin: 'injected' }] };
}

function textPayload(text: string, maxBytes: number): MessagePayload {
  const size = utf8ByteLength(text);
  if (size <= maxBytes) return { kind: 'text', source: 'string', size, data: text, truncated: false };
  // encodeInto stops before a character that does not fit whole: the kept text is a prefix of whole characters.
  const { read } = new TextEncoder().encodeInto(text, new Uint8Array(maxBytes));
  return { kind: 'text', source: 'string', size, data: text.slice(0, read), truncated: true };
}

/** Binary frames arrive as base64; bytes that are not base64 are not a frame Chrome sent. */
function binaryPayload(base64: string, maxBytes: number): MessagePayload | null {
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(base64);
  } catch {
    return null;
  }
  const kept = bytes.byteLength <= maxBytes ? bytes : bytes.slice(0, maxBytes);
  // The debugger does not say which JavaScript type the worker sent or read: recorded as ArrayBuffer.
  return { kind: 'binary', source: 'ArrayBuffer', size: bytes.byteLength, bytes: kept.slice().buffer, truncated: kept !== bytes };
}
