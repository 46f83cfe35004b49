// How binary protocols show the bytes they carry: exact JSON when it is JSON, text when it is UTF-8,
// hex otherwise. Shared by the binary decoders so a payload reads the same everywhere.
import { jsonToTree, parseJson } from './json.ts';
import type { TreeNode } from './types.ts';

/** Hex shown in a tree node stops here (the panel's raw view keeps every byte). */
export const MAX_HEX_BYTES = 64 * 1024;

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The bytes as UTF-8 text, or undefined when they are not well-formed UTF-8. */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  // Checked first rather than by a fatal TextDecoder: guessing tries many byte runs that are not text,
  // and a decoder's exception per try costs far more than this loop.
  const ascii = isWellFormedUtf8(bytes);
  if (ascii === undefined) return undefined;
  // Short ASCII (topics, field names, ids) skips the decoder's per-call cost.
  return ascii && bytes.length <= 64 ? String.fromCharCode(...bytes) : decoder.decode(bytes);
}

/**
 * Unicode's well-formed UTF-8 (Table 3-7: no overlongs, surrogates or code points past U+10FFFF): true
 * when all ASCII, false when well-formed with other characters, undefined when not well-formed.
 */
function isWellFormedUtf8(bytes: Uint8Array): boolean | undefined {
  let ascii = true;
  const length = bytes.length;
  let i = 0;
  while (i < length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    ascii = false;
    let count: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) count = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      count = 2;
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      count = 3;
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
    } else return undefined;
    const second = bytes[i + 1];
    if (second === undefined || second < low || second > high) return undefined;
    for (let k = 2; k <= count; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return undefined;
    }
    i += count + 1;
  }
  return ascii;
}

/** Two hex digits per byte, space-separated; past `limit` bytes, a note of how many more there are. */
export function hexBytes(bytes: Uint8Array, limit = MAX_HEX_BYTES): string {
  const shown = Math.min(bytes.length, limit);
  const parts = new Array<string>(shown);
  for (let i = 0; i < shown; i++) parts[i] = HEX[bytes[i]!]!;
  const hex = parts.join(' ');
  return bytes.length > shown ? `${hex} … (${byteCount(bytes.length - shown)} more)` : hex;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** Text a person would read: no control characters but tab, line feed and carriage return. */
export function isPrintableText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 ? code !== 0x09 && code !== 0x0a && code !== 0x0d : code >= 0x7f && code <= 0x9f) return false;
  }
  return true;
}

/** An application payload: a JSON object or array as its exact tree, other readable UTF-8 as text, anything else as hex. */
export function payloadNode(label: string, bytes: Uint8Array): TreeNode {
  if (bytes.length === 0) return { label, type: 'text', value: '' };
  const text = strictUtf8(bytes);
  if (text === undefined || !isPrintableText(text)) return { label, type: 'bytes', value: hexBytes(bytes) };
  const first = firstNonSpace(text);
  if (first === '{' || first === '[') {
    const parsed = parseJson(text);
    if (parsed.ok) return jsonToTree(parsed.value, label);
  }
  return { label, type: 'text', value: text };
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== ' ' && char !== '\n' && char !== '\r' && char !== '\t') return char;
  }
  return '';
}

/** A byte count as people say it: "1 byte", "120 bytes". */
export function byteCount(count: number): string {
  return count === 1 ? '1 byte' : `${count} bytes`;
}
