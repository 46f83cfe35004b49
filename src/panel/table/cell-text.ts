// The text of the table's cells that takes more than a field: times in the chosen format, the
// connection's short name, the opcode, the data preview. Pure.
import type { StoredMessage } from '../../db/message-chunks';
import { base64ToBytes, formatClock } from '../format';
import type { TimeFormat } from './columns';

/** Bytes of a binary payload the Data column shows in hex. */
const PREVIEW_HEX_BYTES = 24;

/**
 * A row's time: clock time, or seconds since `base`, which is the first row in view (relative) or the
 * row shown before it (delta; the first row's own time for the first).
 */
export function timeText(format: TimeFormat, time: number, base: number | undefined): string {
  if (format === 'clock') return formatClock(time);
  const offset = time - (base ?? time);
  return `${offset < 0 ? '−' : '+'}${(Math.abs(offset) / 1000).toFixed(3)} s`;
}

/** The URL without its scheme: host, path and query are what tell connections apart. */
export function connectionLabel(url: string): string {
  return url.replace(/^wss?:\/\//i, '');
}

/** RFC 6455 opcodes: the page API gives whole messages, so only text (1) and binary (2) occur. */
export function opcodeOf(kind: 'text' | 'binary'): { code: string; name: string } {
  return kind === 'text' ? { code: '1', name: 'text frame' } : { code: '2', name: 'binary frame' };
}

/** The Data column: text on one line, or the first bytes of binary in hex. */
export function previewText(message: Pick<StoredMessage, 'payload'>): string {
  const { payload } = message;
  if (payload.kind === 'text') return payload.preview.replace(/\s+/g, ' ');
  if (payload.lost) return ''; // no bytes to show; the "bytes lost" mark says why
  try {
    const hex = hexPairs(base64ToBytes(payload.preview).subarray(0, PREVIEW_HEX_BYTES));
    return payload.size > PREVIEW_HEX_BYTES ? `${hex} …` : hex;
  } catch {
    return payload.preview;
  }
}

/** "48 65 6c": two digits per byte, spaced, as Decode bytes reads them. */
export function hexPairs(bytes: Uint8Array): string {
  const pairs = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i++) pairs[i] = bytes[i]!.toString(16).padStart(2, '0');
  return pairs.join(' ');
}
