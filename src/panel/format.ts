// Pure formatting for the panel: times, sizes, durations, payload bytes. No DOM, no browser APIs.

import { parseJson, type JsonValue } from '../protocols/json';
import type { PayloadSummary } from '../shared/models';
import { utf8ByteLength } from '../shared/har/bytes';

export { base64ToBytes, bytesToBase64 } from '../shared/base64';

/** How a payload's stored data falls short of the wire, for its mark: cut to the capture cap, or none of it kept. */
export function shortfallOf(payload: PayloadSummary): { label: string; title: string } | null {
  if (payload.lost) return { label: 'bytes lost', title: `None of its ${payload.size} bytes could be read at capture: only the size is known` };
  if (payload.truncated) return { label: 'truncated', title: `Stored cut to the capture cap; ${payload.size} bytes on the wire` };
  return null;
}

/**
 * Whether a row's preview holds the whole payload, so nothing need be read from the payloads store. Text:
 * the preview is the text's start, so it is all of it when its UTF-8 is the message's whole size (UTF-8
 * needs at least one byte per character: a preview as long as the byte size is whole without counting).
 * Binary: the preview is base64 of the first bytes.
 */
export function previewIsWhole(payload: PayloadSummary): boolean {
  if (payload.lost) return true;
  if (payload.kind === 'text') return payload.size <= payload.preview.length || utf8ByteLength(payload.preview) >= payload.size;
  const padding = payload.preview.endsWith('==') ? 2 : payload.preview.endsWith('=') ? 1 : 0;
  return payload.size <= Math.floor((payload.preview.length * 3) / 4) - padding;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** HH:MM:SS.mmm in local time. */
export function formatClock(epochMs: number): string {
  const date = new Date(epochMs);
  return `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.${pad(date.getMilliseconds(), 3)}`;
}

/** Local date and time for session lists: YYYY-MM-DD HH:MM:SS. */
export function formatDateTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)} ${formatClock(epochMs).slice(0, 8)}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.floor(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function textToBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export interface HexDumpLine {
  /** 8 hex digits. */
  offset: string;
  /** 16 bytes as two-digit hex, a double space after the eighth, padded to full width. */
  hex: string;
  /** Printable ASCII as is, everything else as '.'. */
  ascii: string;
}

const HEX_BYTES_PER_LINE = 16;
const HEX_COLUMN_WIDTH = HEX_BYTES_PER_LINE * 3; // "xx " per byte plus the middle gap, minus the last space

/** Lines in the `hexdump -C` layout: offset, hex bytes, ASCII. */
export function hexDumpLines(bytes: Uint8Array, start = 0, end = bytes.length): HexDumpLine[] {
  const lines: HexDumpLine[] = [];
  for (let lineStart = start; lineStart < end; lineStart += HEX_BYTES_PER_LINE) {
    const lineEnd = Math.min(lineStart + HEX_BYTES_PER_LINE, end);
    let hex = '';
    let ascii = '';
    for (let i = lineStart; i < lineEnd; i++) {
      const byte = bytes[i]!;
      if (i > lineStart) hex += i - lineStart === 8 ? '  ' : ' ';
      hex += byte.toString(16).padStart(2, '0');
      ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
    }
    lines.push({ offset: lineStart.toString(16).padStart(8, '0'), hex: hex.padEnd(HEX_COLUMN_WIDTH, ' '), ascii });
  }
  return lines;
}

/** One hex dump line as plain text, e.g. for copying: "00000000  48 65 ...  |He...|". */
export function hexDumpLineText(line: HexDumpLine): string {
  return `${line.offset}  ${line.hex}  |${line.ascii}|`;
}

/**
 * Parses JSON exactly (numbers keep their digits, repeated keys stay) if the text is a JSON object or
 * array; undefined otherwise (scalars are shown as raw text).
 */
export function parseJsonContainer(text: string): { value: JsonValue } | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  const parsed = parseJson(text);
  return parsed.ok ? { value: parsed.value } : undefined;
}

/** A JavaScript-style path to a JSON node: $.a.b[0]["odd key"]. */
export function jsonPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}
