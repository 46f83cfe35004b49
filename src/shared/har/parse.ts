// Text → validated HAR WebSocket model, or precise errors with JSON paths. Pure; runs in the import worker.
import type { HeaderPair } from '../models';
import { parseMark } from '../intercept-validate';
import { isBase64 } from '../base64';
import { BINARY_OPCODE, TEXT_OPCODE } from './opcodes';
import type { HarConnectionExtras, HarWebSocketMessage } from './types';

export interface HarImportPage {
  id: string;
  title: string;
  startedAt: number;
  pageUrl: string | undefined;
}

/** One WebSocket entry, reduced to what an import needs. Messages are the file's own objects, checked. */
export interface HarImportSocket {
  entryIndex: number;
  pageref: string | undefined;
  url: string;
  startedAt: number;
  /** Entry "time": milliseconds the connection lasted, as the writer saw it. */
  duration: number;
  requestHeaders: HeaderPair[];
  responseHeaders: HeaderPair[];
  status: number | undefined;
  statusText: string;
  httpVersion: string;
  /** timings.wait: handshake round trip in ms, when written. */
  wait: number | undefined;
  error: string | undefined;
  messages: HarWebSocketMessage[];
  extras: HarConnectionExtras | undefined;
}

export interface HarImport {
  creator: string;
  pages: HarImportPage[];
  sockets: HarImportSocket[];
  /** Messages that will become records (send/receive with opcode 1 or 2). */
  messageCount: number;
  /** Entries that are not WebSockets (HTTP requests in a whole-page HAR). */
  otherEntries: number;
}

export type HarParseResult = { ok: true; har: HarImport } | { ok: false; errors: string[] };

const MAX_ERRORS = 20;

type Json = unknown;

/** Describes a JSON value's type for messages: "string", "array", "missing", … */
function typeName(value: Json): string {
  if (value === undefined) return 'nothing (missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

class Checker {
  readonly errors: string[] = [];
  private dropped = 0;

  fail(path: string, expected: string, value: Json): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(`${path}: expected ${expected}, got ${typeName(value)}`);
    else this.dropped++;
  }

  note(path: string, text: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(`${path}: ${text}`);
    else this.dropped++;
  }

  object(value: Json, path: string): value is Record<string, Json> {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return true;
    this.fail(path, 'an object', value);
    return false;
  }

  array(value: Json, path: string): value is Json[] {
    if (Array.isArray(value)) return true;
    this.fail(path, 'an array', value);
    return false;
  }

  string(value: Json, path: string): value is string {
    if (typeof value === 'string') return true;
    this.fail(path, 'a string', value);
    return false;
  }

  number(value: Json, path: string): value is number {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    this.fail(path, 'a number', value);
    return false;
  }

  date(value: Json, path: string): number | undefined {
    if (!this.string(value, path)) return undefined;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) {
      this.note(path, `expected an ISO 8601 date, got "${value.slice(0, 40)}"`);
      return undefined;
    }
    return ms;
  }

  optionalString(value: Json, path: string, fallback: string): string {
    if (value === undefined) return fallback;
    return this.string(value, path) ? value : fallback;
  }

  optionalNumber(value: Json, path: string): number | undefined {
    if (value === undefined) return undefined;
    return this.number(value, path) ? value : undefined;
  }

  headers(value: Json, path: string): HeaderPair[] {
    if (value === undefined) return [];
    if (!this.array(value, path)) return [];
    const headers: HeaderPair[] = [];
    value.forEach((header, index) => {
      const at = `${path}[${index}]`;
      if (!this.object(header, at)) return;
      const nameOk = this.string(header['name'], `${at}.name`);
      const valueOk = this.string(header['value'], `${at}.value`);
      if (nameOk && valueOk) headers.push({ name: header['name'] as string, value: header['value'] as string });
    });
    return headers;
  }

  result(): string[] {
    return this.dropped > 0 ? [...this.errors, `… and ${this.dropped} more problems`] : this.errors;
  }
}

export function parseHar(text: string): HarParseResult {
  let root: Json;
  try {
    root = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [`The file is not JSON: ${(error as Error).message}`] };
  }
  return validateHar(root);
}

const MESSAGE_TYPES = new Set(['send', 'receive', 'error']);

/** Whether an entry describes a WebSocket (Chrome's marker, its messages, or a ws: URL). */
function isWebSocketEntry(entry: Record<string, Json>): boolean {
  if (entry['_resourceType'] === 'websocket' || entry['_webSocketMessages'] !== undefined) return true;
  const request = entry['request'];
  const url = request !== null && typeof request === 'object' ? (request as Record<string, Json>)['url'] : undefined;
  return typeof url === 'string' && /^wss?:/i.test(url);
}

export function validateHar(root: Json): HarParseResult {
  const check = new Checker();
  if (!check.object(root, '(top level)')) return { ok: false, errors: [`Not a HAR file: ${check.result()[0]}`] };
  const log = root['log'];
  if (!check.object(log, 'log')) return { ok: false, errors: [`Not a HAR file: ${check.result()[0]}`] };
  const entriesValue = log['entries'];
  if (!check.array(entriesValue, 'log.entries')) return { ok: false, errors: check.result() };

  const creatorValue = log['creator'];
  let creator = 'unknown';
  if (creatorValue !== undefined && check.object(creatorValue, 'log.creator')) {
    creator = check.optionalString(creatorValue['name'], 'log.creator.name', 'unknown');
  }
  const pages = log['pages'] === undefined ? [] : validatePages(log['pages'], check);

  const sockets: HarImportSocket[] = [];
  let messageCount = 0;
  let otherEntries = 0;
  entriesValue.forEach((entry, index) => {
    const path = `log.entries[${index}]`;
    if (!check.object(entry, path)) return;
    if (!isWebSocketEntry(entry)) {
      otherEntries++;
      return;
    }
    const socket = validateSocket(entry, path, index, check);
    if (!socket) return;
    sockets.push(socket);
    messageCount += socket.messages.filter(isDataMessage).length;
  });

  if (check.errors.length > 0) return { ok: false, errors: check.result() };
  if (sockets.length === 0) {
    return {
      ok: false,
      errors: [`log.entries: no WebSocket entries among ${entriesValue.length} (none has _resourceType "websocket" or _webSocketMessages)`],
    };
  }
  return { ok: true, har: { creator, pages, sockets, messageCount, otherEntries } };
}

/** send/receive messages with a text or binary opcode: the ones that become message records. */
export function isDataMessage(message: HarWebSocketMessage): boolean {
  return message.type !== 'error' && (message.opcode === TEXT_OPCODE || message.opcode === BINARY_OPCODE);
}

function validatePages(value: Json, check: Checker): HarImportPage[] {
  if (!check.array(value, 'log.pages')) return [];
  const pages: HarImportPage[] = [];
  value.forEach((page, index) => {
    const path = `log.pages[${index}]`;
    if (!check.object(page, path)) return;
    const id = page['id'];
    const startedAt = check.date(page['startedDateTime'], `${path}.startedDateTime`);
    if (!check.string(id, `${path}.id`) || startedAt === undefined) return;
    const pageUrl = page['_wsiPageUrl'];
    pages.push({
      id,
      title: check.optionalString(page['title'], `${path}.title`, ''),
      startedAt,
      pageUrl: pageUrl === undefined ? undefined : check.string(pageUrl, `${path}._wsiPageUrl`) ? pageUrl : undefined,
    });
  });
  return pages;
}

function validateSocket(entry: Record<string, Json>, path: string, entryIndex: number, check: Checker): HarImportSocket | undefined {
  const startedAt = check.date(entry['startedDateTime'], `${path}.startedDateTime`);
  const duration = check.optionalNumber(entry['time'], `${path}.time`) ?? 0;
  const pagerefValue = entry['pageref'];
  const pageref = pagerefValue === undefined ? undefined : check.string(pagerefValue, `${path}.pageref`) ? pagerefValue : undefined;

  const request = entry['request'];
  if (!check.object(request, `${path}.request`)) return undefined;
  const url = request['url'];
  const urlOk = check.string(url, `${path}.request.url`);
  const requestHeaders = check.headers(request['headers'], `${path}.request.headers`);

  let responseHeaders: HeaderPair[] = [];
  let status: number | undefined;
  let statusText = '';
  let httpVersion = 'HTTP/1.1';
  let error: string | undefined;
  const response = entry['response'];
  if (response !== undefined && check.object(response, `${path}.response`)) {
    responseHeaders = check.headers(response['headers'], `${path}.response.headers`);
    status = check.optionalNumber(response['status'], `${path}.response.status`);
    statusText = check.optionalString(response['statusText'], `${path}.response.statusText`, '');
    httpVersion = check.optionalString(response['httpVersion'], `${path}.response.httpVersion`, httpVersion);
    const errorValue = response['_error'];
    if (typeof errorValue === 'string' && errorValue !== '') error = errorValue;
  }

  let wait: number | undefined;
  const timings = entry['timings'];
  if (timings !== undefined && check.object(timings, `${path}.timings`)) {
    wait = check.optionalNumber(timings['wait'], `${path}.timings.wait`);
  }

  const messages = validateMessages(entry['_webSocketMessages'], `${path}._webSocketMessages`, check);
  const extras = validateExtras(entry['_wsiConnection'], `${path}._wsiConnection`, check);
  if (startedAt === undefined || !urlOk || messages === undefined) return undefined;
  return {
    entryIndex,
    pageref,
    url: url as string,
    startedAt,
    duration,
    requestHeaders,
    responseHeaders,
    status,
    statusText,
    httpVersion,
    wait: wait !== undefined && wait >= 0 ? wait : undefined,
    error,
    messages,
    extras,
  };
}

function validateMessages(value: Json, path: string, check: Checker): HarWebSocketMessage[] | undefined {
  if (value === undefined) return [];
  if (!check.array(value, path)) return undefined;
  const before = check.errors.length;
  const kept: HarWebSocketMessage[] = [];
  for (let index = 0; index < value.length; index++) {
    const message = value[index];
    const at = `${path}[${index}]`;
    if (!check.object(message, at)) continue;
    const typeOk = check.string(message['type'], `${at}.type`);
    const timeOk = check.number(message['time'], `${at}.time`);
    const opcodeOk = check.number(message['opcode'], `${at}.opcode`);
    const dataOk = check.string(message['data'], `${at}.data`);
    if (!(typeOk && timeOk && opcodeOk && dataOk)) continue;
    // Like Chrome's importer: a message of a type we do not know is skipped, not an error.
    if (!MESSAGE_TYPES.has(message['type'] as string)) continue;
    const typed = message as unknown as HarWebSocketMessage;
    if (typed.type !== 'error' && typed.opcode === BINARY_OPCODE && !isBase64(typed.data)) {
      check.note(`${at}.data`, 'expected base64 for a binary message (opcode 2)');
      continue;
    }
    validateMessageExtras(message, at, check);
    kept.push(typed);
  }
  return check.errors.length > before ? undefined : kept;
}

const ORIGINS = new Set(['page', 'replayed', 'injected']);

function validateMessageExtras(message: Record<string, Json>, at: string, check: Checker): void {
  const origin = message['_wsiOrigin'];
  if (origin !== undefined && !(typeof origin === 'string' && ORIGINS.has(origin))) {
    check.fail(`${at}._wsiOrigin`, '"page", "replayed" or "injected"', origin);
  }
  if (message['_wsiIntercept'] !== undefined && parseMark(message['_wsiIntercept']) === null) {
    check.fail(`${at}._wsiIntercept`, 'steps (action and rule) and an optional original payload', message['_wsiIntercept']);
  }
  if (message['_wsiSource'] !== undefined) check.string(message['_wsiSource'], `${at}._wsiSource`);
  if (message['_wsiSize'] !== undefined) check.number(message['_wsiSize'], `${at}._wsiSize`);
  for (const flag of ['_wsiTruncated', '_wsiLost']) {
    const value = message[flag];
    if (value !== undefined && typeof value !== 'boolean') check.fail(`${at}.${flag}`, 'a boolean', value);
  }
}

function validateExtras(value: Json, path: string, check: Checker): HarConnectionExtras | undefined {
  if (value === undefined) return undefined;
  if (!check.object(value, path)) return undefined;
  const before = check.errors.length;
  check.string(value['frameUrl'], `${path}.frameUrl`);
  if (check.array(value['requestedProtocols'], `${path}.requestedProtocols`)) {
    (value['requestedProtocols'] as Json[]).forEach((protocol, index) => check.string(protocol, `${path}.requestedProtocols[${index}]`));
  }
  check.string(value['protocol'], `${path}.protocol`);
  check.string(value['extensions'], `${path}.extensions`);
  if (!(typeof value['origin'] === 'string' && ORIGINS.has(value['origin']))) {
    check.fail(`${path}.origin`, '"page", "replayed" or "injected"', value['origin']);
  }
  check.number(value['createdAt'], `${path}.createdAt`);
  check.optionalNumber(value['openedAt'], `${path}.openedAt`);
  check.optionalNumber(value['closedAt'], `${path}.closedAt`);
  const close = value['close'];
  if (close !== undefined && check.object(close, `${path}.close`)) {
    check.number(close['code'], `${path}.close.code`);
    check.string(close['reason'], `${path}.close.reason`);
  }
  return check.errors.length > before ? undefined : (value as unknown as HarConnectionExtras);
}
