// Optional redaction on export: secrets in handshake headers and JSON fields named by the user.
import type { HarCookie, HarHeader } from './types';

export interface RedactionOptions {
  /** Replace Cookie, Authorization and Set-Cookie header values (and the parsed cookies). */
  headers: boolean;
  /** JSON field names (case-insensitive) whose values are replaced, at any depth; also URL query parameters. */
  fieldNames: string[];
  /** What replaces a redacted value. */
  marker: string;
}

export const DEFAULT_REDACTION_MARKER = '[REDACTED]';

export const NO_REDACTION: RedactionOptions = { headers: false, fieldNames: [], marker: DEFAULT_REDACTION_MARKER };

const SECRET_HEADERS = new Set(['cookie', 'authorization', 'proxy-authorization', 'set-cookie']);

export function redactHeaders(headers: HarHeader[], options: RedactionOptions): HarHeader[] {
  if (!options.headers) return headers;
  return headers.map((header) => (SECRET_HEADERS.has(header.name.toLowerCase()) ? { name: header.name, value: options.marker } : header));
}

export function redactCookies(cookies: HarCookie[], options: RedactionOptions): HarCookie[] {
  if (!options.headers) return cookies;
  return cookies.map((cookie) => ({ name: cookie.name, value: options.marker }));
}

function fieldMatcher(options: RedactionOptions): (name: string) => boolean {
  const names = new Set(options.fieldNames.map((name) => name.trim().toLowerCase()).filter(Boolean));
  return (name) => names.has(name.toLowerCase());
}

/**
 * `text` with the values of matching JSON fields replaced. Text that is not JSON, or has no
 * matching field, comes back unchanged (same formatting), so unredacted exports stay byte-exact.
 */
export function redactJsonText(text: string, options: RedactionOptions): string {
  if (options.fieldNames.length === 0) return text;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const matches = fieldMatcher(options);
  let changed = false;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      if (matches(key)) {
        out[key] = options.marker;
        changed = true;
      } else {
        out[key] = walk(child);
      }
    }
    return out;
  };
  const redacted = walk(value);
  return changed ? JSON.stringify(redacted) : text;
}

/** The URL with matching query parameter values replaced; unparsable URLs unchanged. */
export function redactUrl(url: string, options: RedactionOptions): string {
  if (options.fieldNames.length === 0 || !url.includes('?')) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const matches = fieldMatcher(options);
  let changed = false;
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (!matches(name)) continue;
    parsed.searchParams.set(name, options.marker);
    changed = true;
  }
  return changed ? parsed.toString() : url;
}
