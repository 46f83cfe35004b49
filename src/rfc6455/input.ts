import { decodeBase64 } from './base64.ts';
import { isPrintableAscii, parseHexText } from './hexdump.ts';

export type InputFormat = 'hex' | 'base64' | 'raw' | 'guess';

export type InputResult = { ok: true; bytes: Uint8Array; format: 'hex' | 'base64' | 'raw' } | { ok: false; error: string };

const latin1 = new TextDecoder('latin1');

/**
 * Turns captured input into stream bytes. "guess" reads printable ASCII that parses as hex as
 * hex, and anything else as raw bytes; base64 is never guessed (hex digits are base64 too).
 */
export function readCapturedBytes(input: Uint8Array, format: InputFormat): InputResult {
  if (format === 'raw') return { ok: true, bytes: input, format: 'raw' };
  if (format === 'base64') {
    const result = decodeBase64(latin1.decode(input));
    return result.ok ? { ok: true, bytes: result.bytes, format: 'base64' } : { ok: false, error: result.error };
  }
  const looksLikeText = isPrintableAscii(input) && input.some((byte) => byte > 0x20);
  if (format === 'guess' && !looksLikeText) return { ok: true, bytes: input, format: 'raw' };
  const hex = parseHexText(latin1.decode(input));
  if (hex.ok) return { ok: true, bytes: hex.bytes, format: 'hex' };
  if (format === 'guess') return { ok: true, bytes: input, format: 'raw' };
  return { ok: false, error: `bad hex at line ${hex.line}, column ${hex.column}: ${hex.error}` };
}
