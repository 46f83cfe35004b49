// The Decode bytes tool's pipeline, without the DOM: pasted text or file bytes -> stream bytes ->
// parser events, with a specific message for each kind of bad input.
import { decodeBase64, decodeStream, parseExtensionsHeader, parseHexText, readCapturedBytes, type ParserEvent, type Role } from '../../rfc6455';

export type DecodeFormat = 'auto' | 'hex' | 'base64' | 'raw';

export interface DecodeRequest {
  input: { kind: 'text'; text: string } | { kind: 'file'; name: string; bytes: Uint8Array };
  format: DecodeFormat;
  /** Who sent the bytes. */
  role: Role;
  /** A Sec-WebSocket-Extensions value naming permessage-deflate, or null for no extensions. */
  extensions: string | null;
}

export type DecodeOutcome = { ok: true; bytes: Uint8Array; format: 'hex' | 'base64' | 'raw'; events: ParserEvent[] } | { ok: false; error: string };

/** One base64 blob, possibly wrapped over lines: spaces between groups mean hex, not base64. */
const BASE64_BLOB = /^[A-Za-z0-9+/_-]+={0,2}$/;

export function decodeCaptured(request: DecodeRequest): DecodeOutcome {
  const deflate = deflateParamsOf(request.extensions);
  if (!deflate.ok) return deflate;
  const input = inputBytes(request);
  if (!input.ok) return input;
  if (input.bytes.length === 0) return { ok: false, error: 'Nothing to decode: the input holds no bytes.' };
  const events = decodeStream(input.bytes, { role: request.role, deflate: deflate.params, frameEvents: true });
  return { ok: true, bytes: input.bytes, format: input.format, events };
}

function deflateParamsOf(extensions: string | null) {
  if (extensions === null) return { ok: true as const, params: null };
  const parsed = parseExtensionsHeader(extensions);
  if (!parsed.ok) return { ok: false as const, error: `Bad Sec-WebSocket-Extensions value: ${parsed.error}` };
  if (!parsed.deflate) return { ok: false as const, error: `The extensions value "${extensions}" does not name permessage-deflate.` };
  return { ok: true as const, params: parsed.deflate };
}

type InputBytes = { ok: true; bytes: Uint8Array; format: 'hex' | 'base64' | 'raw' } | { ok: false; error: string };

function inputBytes({ input, format }: DecodeRequest): InputBytes {
  if (input.kind === 'file') {
    const result = readCapturedBytes(input.bytes, format === 'auto' ? 'guess' : format);
    return result.ok ? result : { ok: false, error: `${input.name}: ${result.error}` };
  }
  if (input.text.trim() === '') return { ok: false, error: 'Nothing to decode: paste hex or base64, or open a file.' };
  switch (format) {
    case 'raw':
      return { ok: true, bytes: new TextEncoder().encode(input.text), format: 'raw' };
    case 'base64':
      return fromBase64(input.text);
    case 'hex':
      return fromHex(input.text);
    case 'auto': {
      // Pasted text is hex when it parses as hex; otherwise base64 if it could be; else the hex error.
      const hex = fromHex(input.text);
      if (hex.ok || !BASE64_BLOB.test(input.text.replace(/\r?\n/g, '').trim())) return hex;
      const base64 = fromBase64(input.text);
      return base64.ok ? base64 : { ok: false, error: `Neither hex nor base64. ${hex.error}; ${base64.error}` };
    }
  }
}

function fromHex(text: string): InputBytes {
  const hex = parseHexText(text);
  if (hex.ok) return { ok: true, bytes: hex.bytes, format: 'hex' };
  return { ok: false, error: `Bad hex at line ${hex.line}, column ${hex.column}: ${hex.error}` };
}

function fromBase64(text: string): InputBytes {
  const result = decodeBase64(text);
  return result.ok ? { ok: true, bytes: result.bytes, format: 'base64' } : { ok: false, error: `Bad base64: ${result.error}` };
}
