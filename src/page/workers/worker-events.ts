// The parent's check of what a worker says over its port (port-protocol.ts). A worker runs the page's
// code, so this is page input: every field is read as an own property (a page's getters on
// Object.prototype never run) and type-checked, and a fresh object carries only those fields on. Ranges
// and sizes are the background's to check (src/shared/validate.ts), as for the page's own events.
import type { HookEvent } from '../../shared/messages';
import type { CloseInfo, Payload, WorkerContext } from '../../shared/models';
import { INTERCEPT_STEP_ACTIONS, type InterceptMark, type InterceptStep } from '../../shared/intercept';
import { blobSize } from '../payload-encoding';
import { getOwnPropertyDescriptor, isArray, newList, uncurryGetter, type List } from '../../worlds/pristine';
import type { ChildToParent } from './port-protocol';

const arrayBufferByteLength = uncurryGetter<number>(ArrayBuffer.prototype, 'byteLength');

/** An own property of `value` (never a getter a page put on a prototype), or undefined. */
export function field(value: unknown, name: string | number): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  return getOwnPropertyDescriptor(value, name)?.value;
}

const str = (value: unknown): value is string => typeof value === 'string';
const num = (value: unknown): value is number => typeof value === 'number';

function isArrayBuffer(value: unknown): value is ArrayBuffer {
  if (typeof value !== 'object' || value === null) return false;
  try {
    arrayBufferByteLength(value);
    return true;
  } catch {
    return false;
  }
}

/** A worker's message, or null for anything else. */
export function readChildMessage(data: unknown): ChildToParent | null {
  const t = field(data, 't');
  if (t === 'started') return { t };
  if (t === 'fallback') {
    const reason = field(data, 'reason');
    return str(reason) ? { t, reason } : null;
  }
  if (t !== 'events') return null;
  const raw = field(data, 'events');
  if (!isArray(raw)) return null;
  const events = newList<HookEvent>();
  for (let index = 0; index < raw.length; index++) {
    const event = checkedEvent(field(raw, index));
    if (event) events[events.length] = event;
  }
  return { t, events: events as HookEvent[] };
}

export function checkedWorkerContext(raw: unknown): WorkerContext | null {
  const kind = field(raw, 'kind');
  const scriptUrl = field(raw, 'scriptUrl');
  const name = field(raw, 'name');
  if ((kind !== 'dedicated' && kind !== 'shared') || !str(scriptUrl) || !str(name)) return null;
  return { kind, scriptUrl, name };
}

function checkedStrings(raw: unknown): string[] | null {
  if (!isArray(raw)) return null;
  const list: List<string> = newList<string>();
  for (let index = 0; index < raw.length; index++) {
    const item = field(raw, index);
    if (!str(item)) return null;
    list[index] = item;
  }
  return list as string[];
}

function checkedClose(raw: unknown): CloseInfo | null {
  const code = field(raw, 'code');
  const reason = field(raw, 'reason');
  const wasClean = field(raw, 'wasClean');
  const initiator = field(raw, 'initiator');
  if (!num(code) || !str(reason) || typeof wasClean !== 'boolean') return null;
  if (initiator !== 'client' && initiator !== 'server' && initiator !== 'unknown') return null;
  return { code, reason, wasClean, initiator };
}

function checkedPayload(raw: unknown): Extract<HookEvent, { t: 'message' }>['payload'] | null {
  const kind = field(raw, 'kind');
  const source = field(raw, 'source');
  const size = field(raw, 'size');
  const truncated = field(raw, 'truncated');
  if ((kind !== 'text' && kind !== 'binary') || !str(source) || !num(size) || typeof truncated !== 'boolean') return null;
  const data = field(raw, 'data');
  if (str(data)) return { kind, source: source as never, size, data, truncated };
  const bytes = field(raw, 'bytes');
  if (kind === 'binary' && (isArrayBuffer(bytes) || blobSize(bytes) !== null))
    return { kind, source: source as never, size, bytes: bytes as ArrayBuffer, truncated };
  return null;
}

/** What intercept did to a message in the worker (src/page/intercept/payloads.ts markOf); null when malformed. */
function checkedMark(raw: unknown): InterceptMark | null {
  const rawSteps = field(raw, 'steps');
  if (!isArray(rawSteps)) return null;
  const steps = newList<InterceptStep>();
  for (let index = 0; index < rawSteps.length; index++) {
    const step = field(rawSteps, index);
    const action = field(step, 'action');
    const by = field(step, 'by');
    let known = false;
    for (let at = 0; at < INTERCEPT_STEP_ACTIONS.length; at++) if (INTERCEPT_STEP_ACTIONS[at] === action) known = true;
    if (!known || !str(by)) return null;
    steps[index] = { action: action as InterceptStep['action'], by };
  }
  const rawOriginal = field(raw, 'original');
  if (rawOriginal === undefined) return { steps: steps as InterceptStep[] };
  const original = checkedPayload(rawOriginal);
  return original && 'data' in original ? { steps: steps as InterceptStep[], original } : null;
}

/** A held message's payload: text, or binary as base64 (never bytes). */
function checkedDataPayload(raw: unknown): Payload | null {
  const payload = checkedPayload(raw);
  return payload && 'data' in payload ? payload : null;
}

/** One event rebuilt from its checked fields; null when any is missing or of the wrong type. */
function checkedEvent(raw: unknown): HookEvent | null {
  const t = field(raw, 't');
  const conn = field(raw, 'conn');
  const time = field(raw, 'time');
  switch (t) {
    case 'created': {
      const url = field(raw, 'url');
      const protocols = checkedStrings(field(raw, 'protocols'));
      const origin = field(raw, 'origin');
      if (!str(conn) || !str(url) || !protocols || !num(time) || (origin !== 'page' && origin !== 'replayed' && origin !== 'injected')) return null;
      const event: HookEvent = { t, conn, url, protocols, time, origin };
      const worker = field(raw, 'worker');
      if (worker !== undefined) {
        const context = checkedWorkerContext(worker);
        if (!context) return null;
        event.worker = context;
      }
      if (field(raw, 'api') === 'WebSocketStream') event.api = 'WebSocketStream';
      return event;
    }
    case 'open': {
      const protocol = field(raw, 'protocol');
      const extensions = field(raw, 'extensions');
      return str(conn) && str(protocol) && str(extensions) && num(time) ? { t, conn, protocol, extensions, time } : null;
    }
    case 'message': {
      const seq = field(raw, 'seq');
      const dir = field(raw, 'dir');
      const origin = field(raw, 'origin');
      const payload = checkedPayload(field(raw, 'payload'));
      if (!str(conn) || !num(seq) || (dir !== 'send' && dir !== 'receive') || !num(time) || !payload) return null;
      if (origin !== 'page' && origin !== 'replayed' && origin !== 'injected') return null;
      const rawMark = field(raw, 'mark');
      if (rawMark === undefined) return { t, conn, seq, dir, time, payload, origin };
      const mark = checkedMark(rawMark);
      return mark ? { t, conn, seq, dir, time, payload, origin, mark } : null;
    }
    case 'held': {
      const hold = field(raw, 'hold');
      const dir = field(raw, 'dir');
      const payload = checkedDataPayload(field(raw, 'payload'));
      return str(conn) && str(hold) && (dir === 'send' || dir === 'receive') && num(time) && payload ? { t, conn, hold, dir, time, payload } : null;
    }
    case 'released': {
      const hold = field(raw, 'hold');
      return str(conn) && str(hold) ? { t, conn, hold } : null;
    }
    case 'close': {
      const close = checkedClose(field(raw, 'close'));
      return str(conn) && num(time) && close ? { t, conn, time, close } : null;
    }
    case 'error': {
      const text = field(raw, 'text');
      return str(conn) && num(time) && str(text) ? { t, conn, time, text } : null;
    }
    case 'command-result': {
      const id = field(raw, 'id');
      const ok = field(raw, 'ok');
      if (!str(id) || typeof ok !== 'boolean') return null;
      const result: HookEvent = { t, id, ok };
      const error = field(raw, 'error');
      if (str(error)) result.error = error;
      if (str(conn)) result.conn = conn;
      return result;
    }
    case 'worker-uncaptured': {
      const worker = checkedWorkerContext(field(raw, 'worker'));
      const reason = field(raw, 'reason');
      if (!worker || !num(time) || !str(reason)) return null;
      const uncaptured: HookEvent = { t, time, worker, reason };
      if (field(raw, 'notStarted') === true) uncaptured.notStarted = true;
      return uncaptured;
    }
    default:
      return null;
  }
}
