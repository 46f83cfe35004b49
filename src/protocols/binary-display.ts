// How binary protocols show the bytes they carry: exact JSON when it is JSON, text when it is UTF-8,
// hex otherwise. Shared by the binary decoders so a payload reads the same everywhere.
import { jsonToTree, parseJson } from './json.ts';
import type { TreeNode } from './types.ts';

/** Hex shown in a tree node stops here (the panel's raw view keeps every byte). */
export const MAX_HEX_BYTES = 64 * 1024;

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes as UTF-8 text, or undefined when they are not well-formed UTF-8. */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Two hex digits per byte, space-separated; past `limit` bytes, a note of how many more there are. */
export function hexBytes(bytes: Uint8Array, limit = MAX_HEX_BYTES): string {
  const shown = Math.min(bytes.length, limit);
  const parts = new Array<string>(shown);
  for (let i = 0; i < shown; i++) parts[i] = HEX[bytes[i]!]!;
  const hex = parts.join(' ');
  return bytes.length > shown ? `${hex} … (${bytes.length - shown} more bytes)` : hex;
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
