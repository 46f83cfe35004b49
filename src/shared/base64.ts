// Base64 for every extension context (content script, background, panel, worker): the engine's native
// Uint8Array.toBase64 / fromBase64 where present (Chrome 140+, Firefox 133+), btoa / atob otherwise.

const nativeToBase64 = (Uint8Array.prototype as { toBase64?: (this: Uint8Array) => string }).toBase64;
const nativeFromBase64 = (Uint8Array as { fromBase64?: (text: string, options: { lastChunkHandling: 'strict' }) => Uint8Array }).fromBase64;
/** Bytes per String.fromCharCode call: a multiple of 3, so chunk encodings concatenate. */
const CHUNK_BYTES = 3 * 0x2000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Padded base64 in the standard alphabet, nothing else (no white space, no URL-safe characters). */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && BASE64.test(text);
}

export function bytesToBase64(bytes: Uint8Array): string {
  if (nativeToBase64) return nativeToBase64.call(bytes);
  let text = '';
  for (let i = 0; i < bytes.length; i += CHUNK_BYTES) text += btoa(String.fromCharCode(...bytes.subarray(i, i + CHUNK_BYTES)));
  return text;
}

/** Decodes padded base64; throws a SyntaxError (native) or DOMException (atob) on anything else. */
export function base64ToBytes(base64: string): Uint8Array {
  if (nativeFromBase64) return nativeFromBase64(base64, { lastChunkHandling: 'strict' });
  // atob skips white space and accepts missing padding: refuse both first, as the native decoder does.
  if (!isBase64(base64)) throw new SyntaxError('not padded base64');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
