// The compact wire form of the commonest page event, a whole text message with no intercept mark: a
// JSON array of its fields by position, its defaults left out, in place of the message object in a
// hook batch's JSON. The object spends about 180 characters of keys and defaults on each message,
// which the page's thread pays to stringify and to post down the runtime port (docs/PERFORMANCE.md,
// "Compact wire form"). Every other event (binary, truncated or marked messages, lifecycle events)
// keeps its object form. Encoded by src/page/compact-events.ts, decoded and checked here.
//
//   [conn, seq, code, time, data]
//   conn   the connection id, or 0: the connection of the batch's previous compact message
//   seq    the message's number on its connection (from 1)
//   code   DIRECTION index × 3 + ORIGIN index
//   time   as in the object form
//   data   the text; `size` is its UTF-8 length (the hook sends well-formed text), `kind` text,
//          `source` string, `truncated` false
import type { Direction, MessageOrigin } from './models';
import type { RelayedEvent } from './messages';

export const COMPACT_DIRECTIONS: readonly Direction[] = ['send', 'receive'];
export const COMPACT_ORIGINS: readonly MessageOrigin[] = ['page', 'replayed', 'injected'];
/** The `conn` of a compact message that is on the same connection as the batch's compact message before it. */
export const SAME_CONNECTION = 0;

/**
 * The code of a direction and an origin. Comparisons, not `indexOf`: the page hook runs this, and the
 * page may have replaced Array.prototype's methods (a unit test holds it to the lists).
 */
export function compactCode(dir: Direction, origin: MessageOrigin): number {
  return (dir === 'send' ? 0 : 3) + (origin === 'page' ? 0 : origin === 'replayed' ? 1 : 2);
}

export type CompactMessage = RelayedEvent & { t: 'message' };

/** Bounds the caller's own checks use for ids and text (validate.ts), passed in to keep one definition. */
export interface CompactBounds {
  maxIdLength: number;
  maxDataLength: number;
}

/**
 * The message a compact array stands for, checked (exactly five fields, each typed and ranged), or
 * null. `previousConn`: the connection of the batch's previous compact message, if any; 0 without one
 * is refused.
 */
export function parseCompactMessage(raw: readonly unknown[], previousConn: string | null, bounds: CompactBounds): CompactMessage | null {
  if (raw.length !== 5) return null;
  const [connField, seq, code, time, data] = raw;
  const conn = connField === SAME_CONNECTION ? previousConn : connField;
  if (typeof conn !== 'string' || conn.length === 0 || conn.length > bounds.maxIdLength) return null;
  if (!Number.isSafeInteger(seq) || (seq as number) < 1) return null;
  if (!Number.isSafeInteger(code) || (code as number) < 0 || (code as number) >= COMPACT_DIRECTIONS.length * COMPACT_ORIGINS.length) return null;
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) return null;
  if (typeof data !== 'string' || data.length > bounds.maxDataLength) return null;
  const dir = COMPACT_DIRECTIONS[Math.floor((code as number) / COMPACT_ORIGINS.length)]!;
  const origin = COMPACT_ORIGINS[(code as number) % COMPACT_ORIGINS.length]!;
  return {
    t: 'message',
    conn,
    seq: seq as number,
    dir,
    time,
    payload: { kind: 'text', source: 'string', size: utf8Length(data), data, truncated: false },
    origin,
  };
}

/** UTF-8 bytes of `text` as WebSocket sends it: a lone surrogate as U+FFFD (3 bytes), a pair as 4. */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // 4 bytes for 2 units
      index++;
    } else bytes += 2;
  }
  return bytes;
}
