// The standalone 'msgpack' and 'cbor' decoders: binary messages that are each one MessagePack / CBOR value
// (or several back to back). Random binary often parses as either by accident, so sniffing asks a lot: every
// binary message seen consumed whole, a map or array at the top, nothing exotic inside (extensions, unknown
// tags, simple values, invalid UTF-8); and it scores below any sub-protocol evidence.
import { readCbor, startsWithSelfDescribe } from './cbor.ts';
import { readMsgpack } from './msgpack.ts';
import { packedToTree, scalarText, type PackedResult, type PackedValue } from './packed-value.ts';
import { summarize, type ConnectionContext, type DecodedItem, type DecodedMessage, type MessageInput, type ProtocolDecoder } from './types.ts';

interface PackedFormat {
  id: 'msgpack' | 'cbor';
  name: string;
  read(bytes: Uint8Array, offset: number): PackedResult;
  /** Words of a sub-protocol name that mean this format ('v1.msgpack', 'cbor'). */
  words: readonly string[];
}

/** Top-level map keys whose value names the message, for the summary and the field filters. */
const NAMING_KEYS = ['type', 'event', 'op', 'action', 'method', 'cmd', 'command', 'channel', 'topic', 'name'];
const FIELD_KEYS = [...NAMING_KEYS, 'id'];
/** First messages sniffed; the rest of the connection is not needed to decide. */
const SNIFFED_MESSAGES = 8;
/** Tags real CBOR traffic carries (date-times, embedded CBOR); others in a sniffed message suggest noise. */
const PLAUSIBLE_TAGS = new Set([0n, 1n, 24n]);

const SUBPROTOCOL_SCORE = 0.75;
const SELF_DESCRIBED_SCORE = 0.9;
const SNIFF_BASE_SCORE = 0.55;

export const msgpackDecoder = packedDecoder({ id: 'msgpack', name: 'MessagePack', read: readMsgpack, words: ['msgpack', 'messagepack'] });
export const cborDecoder = packedDecoder({ id: 'cbor', name: 'CBOR', read: readCbor, words: ['cbor'] });

function packedDecoder(format: PackedFormat): ProtocolDecoder<null> {
  return {
    id: format.id,
    name: format.name,
    detect: (context, firstMessages) => detect(format, context, firstMessages),
    createState: () => null,
    decode: (message) => decode(format, message),
  };
}

function detect(format: PackedFormat, context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  const offered = [context.protocol, ...context.requestedProtocols].map((name) => name.toLowerCase());
  // WAMP and others name their serializer in the sub-protocol; their decoders claim those names.
  if (offered.some((name) => !name.startsWith('wamp.') && name.split(/[^a-z0-9]+/).some((word) => format.words.includes(word)))) return SUBPROTOCOL_SCORE;
  const binary = firstMessages.slice(0, SNIFFED_MESSAGES).flatMap((message) => (message.kind === 'binary' ? [message.bytes] : []));
  if (binary.length === 0) return 0;
  if (format.id === 'cbor' && binary.every(startsWithSelfDescribe)) return SELF_DESCRIBED_SCORE;
  let stringKeyedMap = false;
  for (const bytes of binary) {
    const result = format.read(bytes, 0);
    if (!result.ok || result.end !== bytes.length) return 0;
    if (result.value.kind !== 'map' && result.value.kind !== 'array') return 0;
    if (!plausible(result.value)) return 0;
    stringKeyedMap ||= hasStringKeyedMap(result.value);
  }
  if (!binary.some((bytes) => bytes.length >= 3)) return 0;
  return SNIFF_BASE_SCORE + 0.05 * Math.min(binary.length - 1, 3) + (stringKeyedMap ? 0.05 : 0);
}

/** False when the value holds what accidental parses produce and real payloads rarely do. */
function plausible(value: PackedValue): boolean {
  switch (value.kind) {
    case 'ext':
    case 'simple':
      return false;
    case 'string':
      return value.valid;
    case 'tag':
      return PLAUSIBLE_TAGS.has(value.tag) && plausible(value.content);
    case 'array':
      return value.items.every(plausible);
    case 'map':
      return value.entries.every(([key, entry]) => plausible(key) && plausible(entry));
    default:
      return true;
  }
}

function hasStringKeyedMap(value: PackedValue): boolean {
  if (value.kind === 'map') return value.entries.length > 0 && value.entries.every(([key]) => key.kind === 'string');
  if (value.kind === 'array') return value.items.some(hasStringKeyedMap);
  return false;
}

function decode(format: PackedFormat, message: MessageInput): DecodedMessage {
  if (message.kind === 'text') {
    const items: DecodedItem[] = [{ type: 'text', fields: {}, tree: [{ label: 'text', type: 'string', value: message.text }] }];
    return { protocol: format.id, summary: summarize(items), items };
  }
  const { bytes } = message;
  if (bytes.length === 0) return malformed(format, [], `empty message: no ${format.name} value`);
  const items: DecodedItem[] = [];
  for (let offset = 0; offset < bytes.length;) {
    const result = format.read(bytes, offset);
    if (!result.ok) {
      const error = items.length === 0 ? `not ${format.name}: ${result.error}` : `${format.name} value ${items.length + 1}: ${result.error}`;
      items.push({ type: 'malformed', fields: {}, tree: [], error });
      return malformed(format, items, error);
    }
    items.push(valueItem(result.value));
    offset = result.end;
  }
  return { protocol: format.id, summary: summarize(items), items };
}

function malformed(format: PackedFormat, items: DecodedItem[], error: string): DecodedMessage {
  return { protocol: format.id, summary: summarize(items, error), items, error };
}

/** One value as an item: 'map' / 'array' / the scalar's kind, keyed by its naming field or its size. */
function valueItem(value: PackedValue): DecodedItem {
  const fields: Record<string, string> = {};
  let key: string | undefined;
  if (value.kind === 'map') {
    for (const [name, entry] of value.entries) {
      if (name.kind !== 'string' || !FIELD_KEYS.includes(name.value) || name.value in fields) continue;
      const text = scalarText(entry);
      if (text === undefined) continue;
      fields[name.value] = text;
      if (key === undefined && NAMING_KEYS.includes(name.value)) key = text;
    }
    key ??= `${value.entries.length} ${value.entries.length === 1 ? 'entry' : 'entries'}`;
  } else if (value.kind === 'array') {
    key = value.items[0]?.kind === 'string' ? value.items[0].value : `${value.items.length} ${value.items.length === 1 ? 'item' : 'items'}`;
  }
  const tree = packedToTree(value);
  return { type: value.kind, key, fields, tree: tree.children ?? [tree] };
}
