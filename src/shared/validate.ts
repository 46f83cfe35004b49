// Shape checks for what arrives from the page world. Pure: no extension or DOM APIs (Blob, which
// large binary payloads travel as, is a built-in of every context here and of Node).
// The MAIN world is shared with the page, so anything on the page channel may be forged: every field
// is type-, range- and enum-checked, unknown fields are refused, and a fresh object is returned so
// nothing but the checked fields travels on.
import type { BinaryBody, HeldEvent, PageToContent, RelayedBinaryPayload, RelayedEvent, RelayedPayload, UncapturedWorker } from './messages';
import { parseHeldEvent, parseMark } from './intercept-validate';
import { base64ToBytes } from './base64';
import { bodyByteLength, isBinaryBody } from './binary-body';
import type { CloseInfo, Direction, MessageOrigin, PayloadSource, WorkerContext } from './models';
import { parseCompactMessage } from './compact-message';

export const MAX_ID_LENGTH = 128;
export const MAX_URL_LENGTH = 65_536;
export const MAX_PROTOCOLS = 128;
export const MAX_PROTOCOL_LENGTH = 1_024;
export const MAX_EXTENSIONS_LENGTH = 8_192;
/** RFC 6455 §5.5: a close reason fits a 125-byte control frame after the 2-byte code. */
export const MAX_CLOSE_REASON_LENGTH = 123;
export const MAX_TEXT_LENGTH = 4_096;
/** A worker's name: the page chooses it freely, so it is bounded like any other text. */
export const MAX_WORKER_NAME_LENGTH = 1_024;
/** Bound on payload data characters: base64 of a 1 GiB capture cap. */
export const MAX_PAYLOAD_DATA_LENGTH = 4 * Math.ceil(2 ** 30 / 3);

const DIRECTIONS: readonly Direction[] = ['send', 'receive'];
const ORIGINS: readonly MessageOrigin[] = ['page', 'replayed', 'injected'];
const INITIATORS: readonly CloseInfo['initiator'][] = ['client', 'server', 'unknown'];
const WORKER_KINDS: readonly WorkerContext['kind'][] = ['dedicated', 'shared', 'service'];
// Typed arrays grouped by element size.
// prettier-ignore
const BINARY_SOURCES: readonly PayloadSource[] = [
  'ArrayBuffer', 'Blob', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float16Array', 'Float32Array', 'Float64Array',
  'BigInt64Array', 'BigUint64Array',
];

type Fields = Record<string, unknown>;

/** Checks a binary payload's remaining fields (`data`, `buffer` or `bytes`); `kind`, `source`, `size` and `truncated` are checked. */
type BinaryParser = (raw: Fields, source: PayloadSource, size: number, truncated: boolean) => RelayedBinaryPayload | null;

/** A checked event: what the relay forwards, a command's result, a worker the hook could not capture, or an intercept notice. */
type CheckedEvent = RelayedEvent | Extract<PageToContent, { t: 'command-result' }> | UncapturedWorker | HeldEvent;

/**
 * A page event checked (fields typed, ranged and known, sizes consistent), with binary payloads as
 * bytes: decoded from base64 (decoding is the check of the alphabet, at a third of a regular
 * expression's cost), or taken from the `buffers` that came beside the batch's JSON (Chrome).
 */
export function parseRelayEvent(raw: unknown, buffers: readonly BinaryBody[] = []): CheckedEvent | null {
  return parseEvent(raw, (fields, source, size, truncated) =>
    'buffer' in fields ? bufferedBinary(fields, source, size, truncated, buffers) : decodedBinary(fields, source, size, truncated),
  );
}

/**
 * The checker of one hook batch's events, to be called on each in order: objects (parseRelayEvent),
 * and whole text messages in the compact form (compact-message.ts), whose "same connection as the
 * previous compact message" refers back within the batch; after a refused one it refers to nothing.
 */
export function hookBatchParser(buffers: readonly BinaryBody[] = []): (raw: unknown) => CheckedEvent | null {
  const bounds = { maxIdLength: MAX_ID_LENGTH, maxDataLength: MAX_PAYLOAD_DATA_LENGTH };
  let previousConn: string | null = null;
  return (raw) => {
    if (!Array.isArray(raw)) return parseRelayEvent(raw, buffers);
    const message = parseCompactMessage(raw, previousConn, bounds);
    previousConn = message ? message.conn : null;
    return message;
  };
}

/**
 * A hook batch's CustomEvent detail as JSON text and the buffers beside it, or null when it is neither
 * a string nor a BatchWithBuffers (an ArrayBuffer or a Blob per buffer).
 */
export function parseBatchDetail(detail: unknown): { json: string; buffers: BinaryBody[] } | null {
  if (typeof detail === 'string') return { json: detail, buffers: [] };
  if (!isRecord(detail) || !hasOnlyKeys(detail, ['json', 'buffers'])) return null;
  const { json, buffers } = detail;
  if (typeof json !== 'string' || !Array.isArray(buffers)) return null;
  // Indexed, not iterated or pushed: read in the page's own world (a test stand-in), the array keeps no
  // prototype, and the page may have patched Array.prototype.
  const checked: BinaryBody[] = [];
  for (let index = 0; index < buffers.length; index++) {
    const buffer: unknown = buffers[index];
    if (!isBinaryBody(buffer)) return null;
    checked[index] = buffer;
  }
  return { json, buffers: checked };
}

function parseEvent(raw: unknown, parseBinary: BinaryParser): CheckedEvent | null {
  if (!isRecord(raw)) return null;
  switch (raw.t) {
    case 'created': {
      if (!hasOnlyKeys(raw, ['t', 'conn', 'url', 'protocols', 'time', 'origin', 'worker', 'api'])) return null;
      if (!isId(raw.conn) || !isBoundedString(raw.url, MAX_URL_LENGTH) || !isTime(raw.time) || !isOneOf(raw.origin, ORIGINS)) return null;
      if (!isProtocolList(raw.protocols)) return null;
      const worker = raw.worker === undefined ? undefined : parseWorkerContext(raw.worker);
      if (worker === null || (raw.api !== undefined && raw.api !== 'WebSocketStream')) return null;
      const created: RelayedEvent = { t: 'created', conn: raw.conn, url: raw.url, protocols: [...raw.protocols], time: raw.time, origin: raw.origin };
      if (worker) created.worker = worker;
      if (raw.api === 'WebSocketStream') created.api = raw.api;
      return created;
    }
    case 'worker-uncaptured': {
      if (!hasOnlyKeys(raw, ['t', 'time', 'worker', 'reason', 'notStarted'])) return null;
      const worker = parseWorkerContext(raw.worker);
      if (!worker || !isTime(raw.time) || !isBoundedString(raw.reason, MAX_TEXT_LENGTH)) return null;
      if (raw.notStarted !== undefined && raw.notStarted !== true) return null;
      const uncaptured: UncapturedWorker = { t: 'worker-uncaptured', time: raw.time, worker, reason: raw.reason };
      if (raw.notStarted) uncaptured.notStarted = true;
      return uncaptured;
    }
    case 'open':
      if (!hasOnlyKeys(raw, ['t', 'conn', 'protocol', 'extensions', 'time'])) return null;
      if (
        !isId(raw.conn) ||
        !isBoundedString(raw.protocol, MAX_PROTOCOL_LENGTH) ||
        !isBoundedString(raw.extensions, MAX_EXTENSIONS_LENGTH) ||
        !isTime(raw.time)
      )
        return null;
      return { t: 'open', conn: raw.conn, protocol: raw.protocol, extensions: raw.extensions, time: raw.time };
    case 'message': {
      if (!hasOnlyKeys(raw, ['t', 'conn', 'seq', 'dir', 'time', 'payload', 'origin', 'mark'])) return null;
      if (!isId(raw.conn) || !isCount(raw.seq) || raw.seq < 1 || !isOneOf(raw.dir, DIRECTIONS) || !isTime(raw.time) || !isOneOf(raw.origin, ORIGINS))
        return null;
      const payload = parsePayload(raw.payload, parseBinary);
      if (!payload) return null;
      const message: RelayedEvent = { t: 'message', conn: raw.conn, seq: raw.seq, dir: raw.dir, time: raw.time, payload, origin: raw.origin };
      if (raw.mark === undefined) return message;
      const mark = parseMark(raw.mark);
      return mark ? { ...message, mark } : null;
    }
    case 'close': {
      if (!hasOnlyKeys(raw, ['t', 'conn', 'time', 'close'])) return null;
      const close = parseCloseInfo(raw.close);
      if (!isId(raw.conn) || !isTime(raw.time) || !close) return null;
      return { t: 'close', conn: raw.conn, time: raw.time, close };
    }
    case 'error':
      if (!hasOnlyKeys(raw, ['t', 'conn', 'time', 'text'])) return null;
      if (!isId(raw.conn) || !isTime(raw.time) || !isBoundedString(raw.text, MAX_TEXT_LENGTH)) return null;
      return { t: 'error', conn: raw.conn, time: raw.time, text: raw.text };
    case 'command-result': {
      if (!hasOnlyKeys(raw, ['t', 'id', 'ok', 'error', 'conn'])) return null;
      if (!isId(raw.id) || typeof raw.ok !== 'boolean') return null;
      if (raw.error !== undefined && !isBoundedString(raw.error, MAX_TEXT_LENGTH)) return null;
      if (raw.conn !== undefined && !isId(raw.conn)) return null;
      const result: PageToContent = { t: 'command-result', id: raw.id, ok: raw.ok };
      if (raw.error !== undefined) result.error = raw.error;
      if (raw.conn !== undefined) result.conn = raw.conn;
      return result;
    }
    default:
      return parseHeldEvent(raw);
  }
}

function parsePayload(raw: unknown, parseBinary: BinaryParser): RelayedPayload | null {
  if (!isRecord(raw)) return null;
  const { kind, source, size, truncated } = raw;
  if (!isCount(size) || typeof truncated !== 'boolean') return null;
  if (kind === 'text') {
    const { data } = raw;
    if (!hasOnlyKeys(raw, ['kind', 'source', 'size', 'data', 'truncated']) || source !== 'string' || !isBoundedString(data, MAX_PAYLOAD_DATA_LENGTH))
      return null;
    // Each UTF-16 unit is 1 to 3 UTF-8 bytes (a surrogate pair: 4 bytes for 2 units).
    if (truncated ? data.length > size : data.length > size || size > 3 * data.length) return null;
    return { kind, source, size, data, truncated };
  }
  if (kind === 'binary' && isOneOf(source, BINARY_SOURCES)) return parseBinary(raw, source, size, truncated);
  return null;
}

/** Base64 `data` of the right length for `size` (shorter when truncated). */
function base64DataOf(raw: Fields, size: number, truncated: boolean): string | null {
  const { data } = raw;
  if (!hasOnlyKeys(raw, ['kind', 'source', 'size', 'data', 'truncated']) || !isBoundedString(data, MAX_PAYLOAD_DATA_LENGTH) || data.length % 4 !== 0)
    return null;
  const fullLength = 4 * Math.ceil(size / 3);
  return (truncated ? data.length > fullLength : data.length !== fullLength) ? null : data;
}

const decodedBinary: BinaryParser = (raw, source, size, truncated) => {
  const data = base64DataOf(raw, size, truncated);
  if (data === null) return null;
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(data);
  } catch {
    return null;
  }
  return exactBytes(bytes.buffer as ArrayBuffer, source, size, truncated);
};

function bufferedBinary(raw: Fields, source: PayloadSource, size: number, truncated: boolean, buffers: readonly BinaryBody[]): RelayedBinaryPayload | null {
  const { buffer } = raw;
  if (!hasOnlyKeys(raw, ['kind', 'source', 'size', 'buffer', 'truncated']) || !isCount(buffer) || buffer >= buffers.length) return null;
  return exactBytes(buffers[buffer]!, source, size, truncated);
}

/** The payload of `bytes` if they are all `size` bytes, or at most that many when truncated. */
function exactBytes(bytes: BinaryBody, source: PayloadSource, size: number, truncated: boolean): RelayedBinaryPayload | null {
  const length = bodyByteLength(bytes);
  const fits = truncated ? length <= size : length === size;
  return fits ? { kind: 'binary', source, size, bytes, truncated } : null;
}

function parseCloseInfo(raw: unknown): CloseInfo | null {
  if (!isRecord(raw) || !hasOnlyKeys(raw, ['code', 'reason', 'wasClean', 'initiator'])) return null;
  const { code, reason, wasClean, initiator } = raw;
  if (!isCount(code) || code > 4999 || !isBoundedString(reason, MAX_CLOSE_REASON_LENGTH)) return null;
  if (typeof wasClean !== 'boolean' || !isOneOf(initiator, INITIATORS)) return null;
  return { code, reason, wasClean, initiator };
}

function parseWorkerContext(raw: unknown): WorkerContext | null {
  if (!isRecord(raw) || !hasOnlyKeys(raw, ['kind', 'scriptUrl', 'name'])) return null;
  const { kind, scriptUrl, name } = raw;
  if (!isOneOf(kind, WORKER_KINDS) || !isBoundedString(scriptUrl, MAX_URL_LENGTH) || !isBoundedString(name, MAX_WORKER_NAME_LENGTH)) return null;
  return { kind, scriptUrl, name };
}

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasOnlyKeys(value: Fields, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}

function isBoundedString(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isOneOf<T extends string>(value: unknown, options: readonly T[]): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value);
}

function isProtocolList(value: unknown): value is string[] {
  return Array.isArray(value) && value.length <= MAX_PROTOCOLS && value.every((item) => isBoundedString(item, MAX_PROTOCOL_LENGTH));
}
