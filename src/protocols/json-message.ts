// What the JSON-carrying decoders (GraphQL, Phoenix, Action Cable, JSON-RPC, plain JSON) share: a message's
// text (binary frames read as UTF-8), its JSON read exactly, and the DecodedMessage built from items.
import { byteCount, strictUtf8 } from './binary-display.ts';
import { jsonField, parseJson, type JsonValue } from './json.ts';
import { summarize, type DecodedItem, type DecodedMessage, type MessageInput, type ProtocolId } from './types.ts';

export type TextRead = { ok: true; text: string } | { ok: false; error: string };
export type JsonRead = { ok: true; value: JsonValue } | { ok: false; error: string };

/** A text message's text, or a binary message's bytes as UTF-8. Never throws. */
export function messageText(message: MessageInput): TextRead {
  if (message.kind === 'text') return { ok: true, text: message.text };
  const text = strictUtf8(message.bytes);
  return text === undefined ? { ok: false, error: `binary message of ${byteCount(message.bytes.length)} is not UTF-8 text` } : { ok: true, text };
}

/** The message's JSON, or what keeps it from being JSON. */
export function readJsonMessage(message: MessageInput): JsonRead {
  const text = messageText(message);
  if (!text.ok) return text;
  const parsed = parseJson(text.text);
  return parsed.ok ? parsed : { ok: false, error: `not JSON: ${parsed.error}` };
}

// Detectors of several protocols look at the same first messages: each is parsed once. Only messages
// that went through detection are kept (weakly), not every decoded one.
const sniffed = new WeakMap<MessageInput, JsonRead>();
/** Detection sniffs at most this many first messages. */
export const SNIFF_LIMIT = 8;

/** readJsonMessage for detectors, remembered per message object. */
export function sniffJson(message: MessageInput): JsonRead {
  let read = sniffed.get(message);
  if (!read) {
    read = readJsonMessage(message);
    sniffed.set(message, read);
  }
  return read;
}

/** The first messages a detector looks at. */
export function firstToSniff(firstMessages: readonly MessageInput[]): readonly MessageInput[] {
  return firstMessages.length > SNIFF_LIMIT ? firstMessages.slice(0, SNIFF_LIMIT) : firstMessages;
}

export function decodedMessage(protocol: ProtocolId, items: DecodedItem[]): DecodedMessage {
  return { protocol, summary: summarize(items), items };
}

/** A message that could not be decoded at all (not JSON, not UTF-8): no items, the reason. */
export function undecodable(protocol: ProtocolId, error: string): DecodedMessage {
  return { protocol, summary: summarize([], error), items: [], error };
}

/** An object's first `key` entry when it is a string. */
export function stringField(value: JsonValue | undefined, key: string): string | undefined {
  const field = jsonField(value, key);
  return field?.kind === 'string' ? field.value : undefined;
}

/** How a JSON value's kind reads in an error message ("an array", "a number"). */
export function describeKind(value: JsonValue): string {
  return value.kind === 'array' || value.kind === 'object' ? `an ${value.kind}` : value.kind === 'null' ? 'null' : `a ${value.kind}`;
}

/** Fields that mark keep-alive traffic (pings, heartbeats), so the panel can hide it: `heartbeat=true`. */
export const HEARTBEAT_FIELD = 'heartbeat';

/** Whether any sub-protocol the page offered or the server chose is `name`. */
export function offersProtocol(context: { protocol: string; requestedProtocols: readonly string[] }, name: string): 'chosen' | 'offered' | false {
  if (context.protocol === name) return 'chosen';
  // Offered while the server's choice is unknown (no handshake seen): weaker evidence. A server that chose
  // another sub-protocol speaks that one.
  if (context.protocol === '' && context.requestedProtocols.includes(name)) return 'offered';
  return false;
}

/**
 * Sets `key` in a map that remembers requests until answered, newest last. Past `limit` entries the older
 * half goes at once, so a connection whose requests are never answered neither grows its state without
 * end nor pays per message for the eviction (finding a Map's oldest entry walks past every deleted one).
 */
export function rememberBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size <= limit) return;
  const newer = [...map].slice(-Math.ceil(limit / 2));
  map.clear();
  for (const [newerKey, newerValue] of newer) map.set(newerKey, newerValue);
}
