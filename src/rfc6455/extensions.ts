/** Negotiated permessage-deflate parameters (RFC 7692 section 7.1). */
export interface DeflateParams {
  clientNoContextTakeover: boolean;
  serverNoContextTakeover: boolean;
  /** 8..15; 15 when not negotiated. */
  clientMaxWindowBits: number;
  serverMaxWindowBits: number;
}

export const DEFAULT_DEFLATE_PARAMS: Readonly<DeflateParams> = Object.freeze({
  clientNoContextTakeover: false,
  serverNoContextTakeover: false,
  clientMaxWindowBits: 15,
  serverMaxWindowBits: 15,
});

export type ExtensionParseResult = { ok: true; deflate: DeflateParams | null } | { ok: false; error: string };

/** The window and takeover rule that apply to the bytes one side sends. */
export function senderCompression(params: DeflateParams, sender: 'client' | 'server'): { windowBits: number; contextTakeover: boolean } {
  return sender === 'client'
    ? { windowBits: params.clientMaxWindowBits, contextTakeover: !params.clientNoContextTakeover }
    : { windowBits: params.serverMaxWindowBits, contextTakeover: !params.serverNoContextTakeover };
}

/**
 * Reads a Sec-WebSocket-Extensions value (RFC 6455 section 9.1 grammar) and returns the
 * parameters of its first permessage-deflate entry, or null when there is none.
 */
export function parseExtensionsHeader(value: string): ExtensionParseResult {
  const extensions = splitOutsideQuotes(value, ',');
  for (const extension of extensions) {
    const [name = '', ...rawParams] = splitOutsideQuotes(extension, ';').map((part) => part.trim());
    if (!isToken(name)) return { ok: false, error: `invalid extension name "${name}"` };
    if (name.toLowerCase() !== 'permessage-deflate') continue;
    const params = { ...DEFAULT_DEFLATE_PARAMS };
    const seen = new Set<string>();
    for (const rawParam of rawParams) {
      const equals = rawParam.indexOf('=');
      const key = (equals < 0 ? rawParam : rawParam.slice(0, equals)).trim().toLowerCase();
      const rawValue = equals < 0 ? undefined : unquote(rawParam.slice(equals + 1).trim());
      if (rawValue === null) return { ok: false, error: `bad quoted value for ${key}` };
      if (seen.has(key)) return { ok: false, error: `parameter ${key} appears twice` };
      seen.add(key);
      switch (key) {
        case 'client_no_context_takeover':
        case 'server_no_context_takeover':
          if (rawValue !== undefined) return { ok: false, error: `${key} takes no value` };
          if (key === 'client_no_context_takeover') params.clientNoContextTakeover = true;
          else params.serverNoContextTakeover = true;
          break;
        case 'client_max_window_bits':
        case 'server_max_window_bits': {
          // A client offer may send client_max_window_bits with no value: "I support it".
          if (rawValue === undefined && key === 'client_max_window_bits') break;
          const bits = rawValue !== undefined && /^\d+$/.test(rawValue) ? Number(rawValue) : NaN;
          if (!(bits >= 8 && bits <= 15)) return { ok: false, error: `${key} must be 8..15, got "${rawValue ?? ''}"` };
          if (key === 'client_max_window_bits') params.clientMaxWindowBits = bits;
          else params.serverMaxWindowBits = bits;
          break;
        }
        default:
          return { ok: false, error: `unknown permessage-deflate parameter "${key}"` };
      }
    }
    return { ok: true, deflate: params };
  }
  return { ok: true, deflate: null };
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted && char === '\\' && i + 1 < text.length) {
      current += char + text[++i]!;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.filter((part) => part.trim() !== '');
}

/** Returns the value without quotes and escapes, or null for a broken quoted string. */
function unquote(value: string): string | null {
  if (!value.startsWith('"')) return value;
  if (value.length < 2 || !value.endsWith('"')) return null;
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
}

function isToken(text: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(text);
}
