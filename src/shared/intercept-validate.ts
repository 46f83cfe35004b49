// Shape checks for what the page hook reports of intercept (src/shared/validate.ts checks the rest):
// the mark on a message a rule or breakpoint touched, and held / released notices. From the page
// world, so untrusted: typed, bounded, known fields only, fresh objects out.
import type { HeldEvent } from './messages';
import type { Payload, PayloadSource } from './models';
import { INTERCEPT_STEP_ACTIONS, MAX_STEPS, type InterceptMark, type InterceptStep, type InterceptStepAction } from './intercept';

const MAX_NAME = 200;
const MAX_ID = 128;
/** Held and original payloads are cut by the hook to the capture cap; this bounds what is accepted. */
const MAX_DATA = 4 * Math.ceil(2 ** 30 / 3);
const ACTIONS: readonly InterceptStepAction[] = INTERCEPT_STEP_ACTIONS;
// prettier-ignore
const SOURCES: readonly PayloadSource[] = [
  'string', 'ArrayBuffer', 'Blob', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
  'Float16Array', 'Float32Array', 'Float64Array',
  'BigInt64Array', 'BigUint64Array',
];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

type Fields = Record<string, unknown>;

const isRecord = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const onlyKeys = (value: Fields, keys: readonly string[]): boolean => Object.keys(value).every((key) => keys.includes(key));
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isId = (value: unknown): value is string => isText(value, MAX_ID) && value !== '';

/** A payload as text or base64 (not bytes): what held notices and marks carry. */
export function parseDataPayload(raw: unknown): Payload | null {
  if (!isRecord(raw) || !onlyKeys(raw, ['kind', 'source', 'size', 'data', 'truncated'])) return null;
  const { kind, source, size, data, truncated } = raw;
  if (!isCount(size) || typeof truncated !== 'boolean' || !isText(data, MAX_DATA) || !SOURCES.includes(source as PayloadSource)) return null;
  if (kind === 'text' && source === 'string') return { kind, source, size, data, truncated };
  if (kind === 'binary' && source !== 'string' && data.length % 4 === 0 && BASE64.test(data))
    return { kind, source: source as PayloadSource, size, data, truncated };
  return null;
}

export function parseMark(raw: unknown): InterceptMark | null {
  if (!isRecord(raw) || !onlyKeys(raw, ['steps', 'original'])) return null;
  const { steps, original } = raw;
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > MAX_STEPS) return null;
  const checked: InterceptStep[] = [];
  for (const step of steps) {
    if (!isRecord(step) || !onlyKeys(step, ['action', 'by']) || !ACTIONS.includes(step.action as InterceptStepAction) || !isText(step.by, MAX_NAME))
      return null;
    checked.push({ action: step.action as InterceptStepAction, by: step.by });
  }
  if (original === undefined) return { steps: checked };
  const payload = parseDataPayload(original);
  return payload ? { steps: checked, original: payload } : null;
}

/** A held or released notice, or null for anything else. */
export function parseHeldEvent(raw: Fields): HeldEvent | null {
  if (raw.t === 'held') {
    if (!onlyKeys(raw, ['t', 'conn', 'hold', 'dir', 'time', 'payload'])) return null;
    const payload = parseDataPayload(raw.payload);
    const { conn, hold, dir, time } = raw;
    if (!payload || !isId(conn) || !isId(hold) || (dir !== 'send' && dir !== 'receive') || typeof time !== 'number' || !Number.isFinite(time)) return null;
    return { t: 'held', conn, hold, dir, time, payload };
  }
  if (raw.t === 'released') {
    if (!onlyKeys(raw, ['t', 'conn', 'hold']) || !isId(raw.conn) || !isId(raw.hold)) return null;
    return { t: 'released', conn: raw.conn, hold: raw.hold };
  }
  return null;
}
