// Records → HAR 1.2 in Chrome DevTools' WebSocket format. Pure: the caller loads the records.
import type { ConnectionRecord, HandshakeRecord, HeaderPair, MessageRecord, SessionRecord } from '../models';
import { BINARY_OPCODE, defaultSource, ERROR_OPCODE, TEXT_OPCODE } from './opcodes';
import { NO_REDACTION, redactCookies, redactHeaders, redactJsonText, redactUrl, type RedactionOptions } from './redact';
import { secondsFromMs, isoFromMs, roundMicro } from './time';
import type { HarEntry, HarPage, HarRoot, HarWebSocketMessage, HarConnectionExtras } from './types';

export const HAR_CREATOR_NAME = 'WebSocket Inspector';

export interface HarExportSource {
  sessions: SessionRecord[];
  /** Connections to write, each one entry (sessions' connections, one connection, or those of a selection). */
  connections: ConnectionRecord[];
  /** Messages to write, any order; messages of connections not listed are ignored. */
  messages: MessageRecord[];
  /** Full payload data by message id; a missing one falls back to the summary preview. */
  payloadData: (messageId: number) => string | undefined;
  handshakes: HandshakeRecord[];
}

export interface HarExportOptions {
  creatorVersion: string;
  redaction?: RedactionOptions;
  /** Whether to write every connection error as a Chrome "error" message (false for a message selection). */
  includeErrors?: boolean;
}

export function exportHar(source: HarExportSource, options: HarExportOptions): HarRoot {
  const redaction = options.redaction ?? NO_REDACTION;
  const sessions = [...source.sessions].sort((a, b) => a.startedAt - b.startedAt);
  const pageIds = new Map(sessions.map((session, index) => [session.id, `page_${index + 1}`]));
  const handshakeByConnection = new Map(
    source.handshakes.filter((handshake) => handshake.connectionId !== '').map((handshake) => [handshake.connectionId, handshake]),
  );
  const messagesByConnection = groupMessages(source.messages);
  const connections = [...source.connections].sort((a, b) => a.createdAt - b.createdAt);
  const entries = connections.map((connection) =>
    entryFor(connection, {
      pageref: pageIds.get(connection.sessionId),
      handshake: handshakeByConnection.get(connection.id),
      messages: messagesByConnection.get(connection.id) ?? [],
      payloadData: source.payloadData,
      redaction,
      includeErrors: options.includeErrors ?? true,
    }),
  );
  return {
    log: {
      version: '1.2',
      creator: { name: HAR_CREATOR_NAME, version: options.creatorVersion },
      pages: sessions.map((session) => pageFor(session, pageIds.get(session.id)!, redaction)),
      entries,
    },
  };
}

function groupMessages(messages: MessageRecord[]): Map<string, MessageRecord[]> {
  const byConnection = new Map<string, MessageRecord[]>();
  for (const message of messages) {
    let list = byConnection.get(message.connectionId);
    if (!list) byConnection.set(message.connectionId, (list = []));
    list.push(message);
  }
  // Arrival order (the auto-increment id) is the capture order; time breaks ties for unsaved records.
  for (const list of byConnection.values()) list.sort((a, b) => (a.id ?? 0) - (b.id ?? 0) || a.time - b.time);
  return byConnection;
}

function pageFor(session: SessionRecord, id: string, redaction: RedactionOptions): HarPage {
  const pageUrl = redactUrl(session.pageUrl, redaction);
  return {
    startedDateTime: isoFromMs(session.startedAt),
    id,
    title: session.title || pageUrl,
    pageTimings: { onContentLoad: -1, onLoad: -1 },
    _wsiPageUrl: pageUrl,
  };
}

interface EntryContext {
  pageref: string | undefined;
  handshake: HandshakeRecord | undefined;
  messages: MessageRecord[];
  payloadData: (messageId: number) => string | undefined;
  redaction: RedactionOptions;
  includeErrors: boolean;
}

function entryFor(connection: ConnectionRecord, context: EntryContext): HarEntry {
  const { handshake, redaction } = context;
  // Whole milliseconds: an ISO date holds no more, and a re-import must compute the same durations.
  const startedAt = Math.floor(handshake?.startedAt ?? connection.createdAt);
  const lastMessageTime = context.messages.at(-1)?.time;
  const endedAt = connection.closedAt ?? lastMessageTime ?? connection.openedAt ?? startedAt;
  const requestHeaders = redactHeaders(handshake?.requestHeaders ?? [], redaction);
  const responseHeaders = redactHeaders(handshake?.responseHeaders ?? [], redaction);
  const status = handshake?.statusCode ?? (connection.openedAt !== undefined ? 101 : 0);
  const statusLine = parseStatusLine(handshake?.statusLine, status);
  const url = redactUrl(connection.url, redaction);
  const messages = context.messages.map((message) => harMessage(message, context));
  if (context.includeErrors) {
    for (const text of connection.errors) {
      messages.push({ type: 'error', time: secondsFromMs(endedAt), opcode: ERROR_OPCODE, data: text });
    }
  }
  const entry: HarEntry = {
    startedDateTime: isoFromMs(startedAt),
    time: roundMicro(Math.max(0, endedAt - startedAt)),
    request: {
      method: 'GET',
      url,
      httpVersion: statusLine.httpVersion,
      headers: requestHeaders,
      queryString: queryStringOf(url),
      cookies: redactCookies(requestCookies(handshake?.requestHeaders ?? []), redaction),
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status,
      statusText: statusLine.statusText,
      httpVersion: statusLine.httpVersion,
      headers: responseHeaders,
      cookies: redactCookies(responseCookies(handshake?.responseHeaders ?? []), redaction),
      content: { size: 0, mimeType: 'x-unknown' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      _transferSize: 0,
      _error: handshake?.error ?? null,
    },
    cache: {},
    timings: {
      blocked: -1,
      dns: -1,
      ssl: -1,
      connect: -1,
      send: 0,
      wait: handshake?.completedAt !== undefined ? roundMicro(Math.max(0, handshake.completedAt - handshake.startedAt)) : 0,
      receive: 0,
    },
    _resourceType: 'websocket',
    _webSocketMessages: messages,
    _wsiConnection: connectionExtras(connection, redaction),
  };
  if (context.pageref !== undefined) entry.pageref = context.pageref;
  return entry;
}

function harMessage(message: MessageRecord, context: EntryContext): HarWebSocketMessage {
  const { payload } = message;
  const stored = message.id !== undefined ? context.payloadData(message.id) : undefined;
  const data = stored ?? payload.preview;
  const isText = payload.kind === 'text';
  const out: HarWebSocketMessage = {
    type: message.direction,
    time: secondsFromMs(message.time),
    opcode: isText ? TEXT_OPCODE : BINARY_OPCODE,
    data: isText ? redactJsonText(data, context.redaction) : data,
  };
  if (message.origin !== 'page') out._wsiOrigin = message.origin;
  if (message.mark) out._wsiIntercept = message.mark;
  if (payload.source !== defaultSource(payload.kind)) out._wsiSource = payload.source;
  // The data is cut (capture cap, or no stored payload): keep the real size so a re-import shows it.
  if (payload.truncated || stored === undefined) {
    out._wsiTruncated = true;
    out._wsiSize = payload.size;
    if (payload.lost) out._wsiLost = true;
  }
  return out;
}

function connectionExtras(connection: ConnectionRecord, redaction: RedactionOptions): HarConnectionExtras {
  const extras: HarConnectionExtras = {
    frameUrl: redactUrl(connection.frameUrl, redaction),
    requestedProtocols: connection.requestedProtocols,
    protocol: connection.protocol,
    extensions: connection.extensions,
    origin: connection.origin,
    createdAt: connection.createdAt,
  };
  if (connection.openedAt !== undefined) extras.openedAt = connection.openedAt;
  if (connection.closedAt !== undefined) extras.closedAt = connection.closedAt;
  if (connection.close !== undefined) extras.close = connection.close;
  return extras;
}

/** "HTTP/1.1 101 Switching Protocols" → its version and reason phrase. */
function parseStatusLine(statusLine: string | undefined, status: number): { httpVersion: string; statusText: string } {
  const match = statusLine ? /^(HTTP\/[\d.]+)\s+\d{3}\s*(.*)$/i.exec(statusLine.trim()) : null;
  if (match) return { httpVersion: match[1]!.toUpperCase(), statusText: match[2] ?? '' };
  return { httpVersion: 'HTTP/1.1', statusText: status === 101 ? 'Switching Protocols' : '' };
}

function queryStringOf(url: string): { name: string; value: string }[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

function headerValues(headers: HeaderPair[], name: string): string[] {
  return headers.filter((header) => header.name.toLowerCase() === name).map((header) => header.value);
}

function requestCookies(headers: HeaderPair[]): { name: string; value: string }[] {
  return headerValues(headers, 'cookie').flatMap((value) =>
    value.split(';').flatMap((pair) => {
      const at = pair.indexOf('=');
      return at > 0 ? [{ name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() }] : [];
    }),
  );
}

function responseCookies(headers: HeaderPair[]): { name: string; value: string }[] {
  return headerValues(headers, 'set-cookie').flatMap((value) => {
    const first = value.split(';')[0] ?? '';
    const at = first.indexOf('=');
    return at > 0 ? [{ name: first.slice(0, at).trim(), value: first.slice(at + 1).trim() }] : [];
  });
}
