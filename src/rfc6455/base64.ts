const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE_OF = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i;
// The URL-safe alphabet (RFC 4648 section 5) is accepted too: captures get pasted from anywhere.
VALUE_OF['-'.charCodeAt(0)] = 62;
VALUE_OF['_'.charCodeAt(0)] = 63;

export type Base64Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** Strict base64 decoding; whitespace is ignored, padding is optional. */
export function decodeBase64(text: string): Base64Result {
  const values: number[] = [];
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (/\s/.test(char)) continue;
    if (char === '=') {
      padding++;
      continue;
    }
    const value = text.charCodeAt(i) < 128 ? VALUE_OF[text.charCodeAt(i)]! : -1;
    if (value < 0 || padding > 0) {
      return { ok: false, error: `invalid base64 character ${JSON.stringify(char)} at index ${i}` };
    }
    values.push(value);
  }
  if (values.length % 4 === 1 || padding > 2 || (padding > 0 && (values.length + padding) % 4 !== 0)) {
    return { ok: false, error: 'base64 text has a bad length or padding' };
  }
  const bytes = new Uint8Array(Math.floor((values.length * 3) / 4));
  let at = 0;
  for (let i = 0; i < values.length; i += 4) {
    const group = (values[i]! << 18) | ((values[i + 1] ?? 0) << 12) | ((values[i + 2] ?? 0) << 6) | (values[i + 3] ?? 0);
    bytes[at++] = group >>> 16;
    if (at < bytes.length) bytes[at++] = (group >>> 8) & 0xff;
    if (at < bytes.length) bytes[at++] = group & 0xff;
  }
  return { ok: true, bytes };
}

export function encodeBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const group = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    text += ALPHABET[group >>> 18]! + ALPHABET[(group >>> 12) & 63]!;
    text += i + 1 < bytes.length ? ALPHABET[(group >>> 6) & 63]! : '=';
    text += i + 2 < bytes.length ? ALPHABET[group & 63]! : '=';
  }
  return text;
}
