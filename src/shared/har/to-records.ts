// Validated HAR → database records, as a stream of steps so a writer can commit in chunks with progress.
import type { ConnectionRecord, HandshakeRecord, MessageRecord, PayloadSummary, SessionRecord } from '../models';
import { headerNamed, protocolList } from '../headers';
import { parseMark } from '../intercept-validate';
import { base64ByteLength, base64Prefix, utf8ByteLength } from './bytes';
import { defaultSource, TEXT_OPCODE } from './opcodes';
import { isDataMessage, type HarImport, type HarImportPage, type HarImportSocket } from './parse';
import { msFromSeconds } from './time';
import type { HarWebSocketMessage } from './types';

/** Characters of text (or base64: 150 bytes) kept in a row preview, as the background writes them. */
export const PREVIEW_CHARS = 200;

export type ImportStep =
  | { t: 'sessions'; sessions: SessionRecord[] }
  | { t: 'connection'; connection: ConnectionRecord; handshake: HandshakeRecord | undefined }
  /** Messages without ids yet; payloads[i] is the full data of messages[i]. */
  | { t: 'messages'; messages: MessageRecord[]; payloads: string[] };

export interface ImportOptions {
  fileName: string;
  newId: () => string;
  /** A batch closes at this many messages … */
  batchMessages?: number;
  /** … or this many payload characters, whichever comes first. */
  batchChars?: number;
}

export function* importSteps(har: HarImport, options: ImportOptions): Generator<ImportStep> {
  const sessionIds = new Map<string, string>();
  const sessions = sessionsFor(har, options, sessionIds);
  yield { t: 'sessions', sessions };
  const fallbackSessionId = sessions[sessions.length - 1]!.id;
  const batchMessages = options.batchMessages ?? 2000;
  const batchChars = options.batchChars ?? 4_000_000;

  for (const socket of har.sockets) {
    const sessionId = (socket.pageref !== undefined ? sessionIds.get(socket.pageref) : undefined) ?? fallbackSessionId;
    const connectionId = options.newId();
    const { connection, handshake } = connectionFor(socket, sessionId, connectionId, options.newId);
    yield { t: 'connection', connection, handshake };

    let messages: MessageRecord[] = [];
    let payloads: string[] = [];
    let chars = 0;
    let seq = 0;
    for (const message of socket.messages) {
      if (!isDataMessage(message)) continue;
      messages.push(messageFor(message, sessionId, connectionId, ++seq));
      payloads.push(message.data);
      chars += message.data.length;
      if (messages.length >= batchMessages || chars >= batchChars) {
        yield { t: 'messages', messages, payloads };
        messages = [];
        payloads = [];
        chars = 0;
      }
    }
    if (messages.length > 0) yield { t: 'messages', messages, payloads };
  }
}

/** One session per page the sockets refer to, plus one for sockets without a known page (last). */
function sessionsFor(har: HarImport, options: ImportOptions, sessionIds: Map<string, string>): SessionRecord[] {
  const pagesById = new Map<string, HarImportPage>(har.pages.map((page) => [page.id, page]));
  const sessions: SessionRecord[] = [];
  const orphans: HarImportSocket[] = [];
  for (const socket of har.sockets) {
    const page = socket.pageref !== undefined ? pagesById.get(socket.pageref) : undefined;
    if (!page) {
      orphans.push(socket);
      continue;
    }
    if (sessionIds.has(page.id)) continue;
    const id = options.newId();
    sessionIds.set(page.id, id);
    sessions.push({
      id,
      tabId: -1,
      pageUrl: page.pageUrl ?? page.title,
      title: page.title || options.fileName,
      startedAt: page.startedAt,
      imported: true,
    });
  }
  if (orphans.length > 0 || sessions.length === 0) {
    sessions.push({
      id: options.newId(),
      tabId: -1,
      pageUrl: orphans[0] ? socketUrl(orphans[0].url) : '',
      title: options.fileName,
      startedAt: Math.min(...(orphans.length > 0 ? orphans : har.sockets).map((socket) => socket.startedAt)),
      imported: true,
    });
  }
  return sessions;
}

/** HAR-writing proxies (mitmproxy) record a WebSocket's URL with its http(s) scheme; show it as ws(s). */
export function socketUrl(url: string): string {
  return url.replace(/^http(s?):/i, (_, secure: string) => `ws${secure.toLowerCase()}:`);
}

function connectionFor(
  socket: HarImportSocket,
  sessionId: string,
  connectionId: string,
  newId: () => string,
): { connection: ConnectionRecord; handshake: HandshakeRecord | undefined } {
  const extras = socket.extras;
  // Status 0 is how HAR writers say "no response": no handshake to show then.
  const hasHandshake = socket.requestHeaders.length > 0 || socket.responseHeaders.length > 0 || (socket.status !== undefined && socket.status !== 0);
  const handshakeId = hasHandshake ? newId() : '';
  const counts = { sentCount: 0, receivedCount: 0, sentBytes: 0, receivedBytes: 0 };
  const errors: string[] = [];
  for (const message of socket.messages) {
    if (message.type === 'error') {
      errors.push(message.data);
      continue;
    }
    if (!isDataMessage(message)) continue;
    const size = sizeOf(message);
    if (message.type === 'send') {
      counts.sentCount++;
      counts.sentBytes += size;
    } else {
      counts.receivedCount++;
      counts.receivedBytes += size;
    }
  }
  const opened = socket.status === 101 || socket.status === undefined;
  const connection: ConnectionRecord = {
    id: connectionId,
    sessionId,
    tabId: -1,
    frameId: 0,
    frameUrl: extras?.frameUrl ?? '',
    url: socketUrl(socket.url),
    requestedProtocols: extras?.requestedProtocols ?? protocolList(headerNamed(socket.requestHeaders, 'sec-websocket-protocol') ?? ''),
    protocol: extras?.protocol ?? headerNamed(socket.responseHeaders, 'sec-websocket-protocol') ?? '',
    extensions: extras?.extensions ?? headerNamed(socket.responseHeaders, 'sec-websocket-extensions') ?? '',
    state: 'closed',
    createdAt: extras?.createdAt ?? socket.startedAt,
    errors,
    ...counts,
    handshakeId,
    origin: extras?.origin ?? 'page',
  };
  const openedAt = extras ? extras.openedAt : opened ? socket.startedAt + (socket.wait ?? 0) : undefined;
  const closedAt = extras ? extras.closedAt : socket.startedAt + socket.duration;
  if (openedAt !== undefined) connection.openedAt = openedAt;
  if (closedAt !== undefined) connection.closedAt = closedAt;
  if (extras?.close !== undefined) connection.close = extras.close;
  if (!hasHandshake) return { connection, handshake: undefined };

  const handshake: HandshakeRecord = {
    requestId: handshakeId,
    tabId: -1,
    frameId: 0,
    url: socketUrl(socket.url),
    startedAt: socket.startedAt,
    requestHeaders: socket.requestHeaders,
    responseHeaders: socket.responseHeaders,
    connectionId,
  };
  if (socket.status !== undefined) {
    handshake.statusCode = socket.status;
    handshake.statusLine = `${socket.httpVersion} ${socket.status}${socket.statusText ? ` ${socket.statusText}` : ''}`;
  }
  if (socket.wait !== undefined) handshake.completedAt = socket.startedAt + socket.wait;
  if (socket.error !== undefined) handshake.error = socket.error;
  return { connection, handshake };
}

function sizeOf(message: HarWebSocketMessage): number {
  if (message._wsiSize !== undefined) return message._wsiSize;
  return message.opcode === TEXT_OPCODE ? utf8ByteLength(message.data) : base64ByteLength(message.data);
}

function messageFor(message: HarWebSocketMessage, sessionId: string, connectionId: string, seq: number): MessageRecord {
  const kind = message.opcode === TEXT_OPCODE ? 'text' : 'binary';
  const payload: PayloadSummary = {
    kind,
    source: (message._wsiSource as PayloadSummary['source'] | undefined) ?? defaultSource(kind),
    size: sizeOf(message),
    truncated: message._wsiTruncated ?? false,
    preview: kind === 'text' ? message.data.slice(0, PREVIEW_CHARS) : base64Prefix(message.data, PREVIEW_CHARS),
  };
  // Lost bytes are a kind of cut: a file saying lost but not truncated is read as both.
  if (message._wsiLost === true) Object.assign(payload, { truncated: true, lost: true });
  return {
    sessionId,
    connectionId,
    seq,
    direction: message.type === 'send' ? 'send' : 'receive',
    time: msFromSeconds(message.time),
    payload,
    origin: message._wsiOrigin ?? 'page',
    ...markOf(message),
  };
}

/** The intercept mark of a message, checked (parse.ts refused a malformed one before). */
function markOf(message: HarWebSocketMessage): Pick<MessageRecord, 'mark'> {
  const mark = message._wsiIntercept === undefined ? null : parseMark(message._wsiIntercept);
  return mark ? { mark } : {};
}
