// Pure helpers for editing a payload before sending: JSON checks and formatting, hex ⇄ bytes.
import { parseJson, stringifyJson } from '../../protocols/json';

export type JsonCheck = { ok: true; isJson: boolean } | { ok: false; error: string };

/**
 * Text that looks like JSON (starts with { or [) must parse; anything else is plain text and fine.
 * The error names the line and column, which JSON.parse messages do not always do.
 */
export function checkJsonText(text: string): JsonCheck {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return { ok: true, isJson: false };
  try {
    JSON.parse(text);
    return { ok: true, isJson: true };
  } catch (error) {
    // V8 quotes the whole text in some messages: keep only the reason.
    const message = (error instanceof Error ? error.message : String(error)).replace(/, ".*" is not valid JSON$/s, '').slice(0, 200);
    const position = /position (\d+)/.exec(message);
    if (!position) return { ok: false, error: `Invalid JSON: ${message}` };
    const offset = Number(position[1]);
    const before = text.slice(0, offset).split('\n');
    return { ok: false, error: `Invalid JSON at line ${before.length}, column ${before.at(-1)!.length + 1}: ${message}` };
  }
}

/** Pretty-printed JSON with every number as written (2^53 + 1 stays), or null when the text is not JSON. */
export function formatJson(text: string): string | null {
  const parsed = parseJson(text);
  return parsed.ok ? stringifyJson(parsed.value, 2) : null;
}

/** Bytes as "00 01 ff …", 16 per line. */
export function bytesToHex(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let start = 0; start < bytes.length; start += 16) {
    lines.push(Array.from(bytes.subarray(start, start + 16), (byte) => byte.toString(16).padStart(2, '0')).join(' '));
  }
  return lines.join('\n');
}

export type HexParse = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Hex digits in pairs; spaces, newlines, commas and 0x prefixes are ignored. */
export function parseHex(text: string): HexParse {
  const cleaned = text.replace(/0x/gi, ' ');
  const digits: string[] = [];
  for (let i = 0; i < cleaned.length; i++) {
    const char = cleaned[i]!;
    if (/\s|,/.test(char)) continue;
    if (!/[0-9a-f]/i.test(char)) {
      const line = cleaned.slice(0, i).split('\n').length;
      return { ok: false, error: `"${char}" on line ${line} is not a hex digit (0-9, a-f)` };
    }
    digits.push(char);
  }
  if (digits.length % 2 !== 0) return { ok: false, error: `Odd number of hex digits (${digits.length}): each byte needs two` };
  const bytes = new Uint8Array(digits.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(digits[2 * i]! + digits[2 * i + 1]!, 16);
  return { ok: true, bytes };
}
