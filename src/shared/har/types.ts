// HAR 1.2 as Chrome DevTools writes it for WebSocket entries. Pure types.
// Fields starting with "_wsi" are our own extensions (ignored by other readers) so that a file
// exported here imports back without loss.
import type { CloseInfo, MessageOrigin, PayloadSource } from '../models';
import type { InterceptMark } from '../intercept';

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarCookie {
  name: string;
  value: string;
}

export type HarQueryParam = HarHeader;

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  headers: HarHeader[];
  queryString: HarQueryParam[];
  cookies: HarCookie[];
  headersSize: number;
  bodySize: number;
}

export interface HarResponse {
  status: number;
  statusText: string;
  httpVersion: string;
  headers: HarHeader[];
  cookies: HarCookie[];
  content: { size: number; mimeType: string };
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  _transferSize: number;
  _error: string | null;
}

export interface HarTimings {
  blocked: number;
  dns: number;
  ssl: number;
  connect: number;
  send: number;
  wait: number;
  receive: number;
}

/** Chrome's message types; "error" carries opcode -1 and the error text. */
export type HarMessageType = 'send' | 'receive' | 'error';

export interface HarWebSocketMessage {
  type: HarMessageType;
  /** Seconds since the Unix epoch. */
  time: number;
  /** 1 text, 2 binary, -1 error (Chrome); proxies may also write 8/9/10 control frames. */
  opcode: number;
  /** Text for opcode 1, base64 otherwise. */
  data: string;
  _wsiOrigin?: MessageOrigin;
  _wsiSource?: PayloadSource;
  /** Byte size on the wire when `data` was cut by the capture cap. */
  _wsiSize?: number;
  _wsiTruncated?: boolean;
  /** With _wsiTruncated: none of the bytes could be kept at capture (PayloadSummary.lost). */
  _wsiLost?: boolean;
  /** What a rule or breakpoint did to the message, and its payload before (MessageRecord.mark). */
  _wsiIntercept?: InterceptMark;
}

/** What Chrome cannot express but a round trip through this extension should keep. */
export interface HarConnectionExtras {
  frameUrl: string;
  requestedProtocols: string[];
  protocol: string;
  extensions: string;
  origin: MessageOrigin;
  createdAt: number;
  openedAt?: number;
  closedAt?: number;
  close?: CloseInfo;
}

export interface HarEntry {
  pageref?: string;
  startedDateTime: string;
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  serverIPAddress?: string;
  connection?: string;
  _resourceType: string;
  _webSocketMessages?: HarWebSocketMessage[];
  _wsiConnection?: HarConnectionExtras;
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: { onContentLoad: number; onLoad: number };
  _wsiPageUrl?: string;
}

export interface HarLog {
  version: string;
  creator: { name: string; version: string };
  pages: HarPage[];
  entries: HarEntry[];
}

export interface HarRoot {
  log: HarLog;
}
