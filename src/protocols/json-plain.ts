// Plain JSON: the fallback for JSON messages no protocol claims. The tree is the value exactly as sent;
// the summary is a 'type'/'event'/'op'/'action'/'method' member when there is one (what most hand-made
// JSON protocols name their messages by), else the top-level keys. It scores low so that any real
// protocol's evidence wins.
import { jsonChildren, jsonField, jsonScalar, stringifyJson, type JsonValue } from './json.ts';
import { decodedMessage, firstToSniff, readJsonMessage, sniffJson, undecodable } from './json-message.ts';
import { preview } from './tree-nodes.ts';
import type { ConnectionContext, DecodedItem, MessageInput, ProtocolDecoder } from './types.ts';

/** Members that name a message, most telling first. */
const NAMING_MEMBERS = ['type', 'event', 'op', 'action', 'method'] as const;
const MAX_KEYS_SHOWN = 5;

/** The item for one JSON value: its exact tree, its naming members as fields, a one-line type. */
export function plainJsonItem(value: JsonValue): DecodedItem {
  const fields: Record<string, string> = {};
  let type: string | undefined;
  if (value.kind === 'object') {
    for (const name of NAMING_MEMBERS) {
      const member = jsonField(value, name);
      const text = jsonScalar(member);
      if (text === undefined) continue;
      fields[name] = text;
      // A string names itself ("chat"); a number or boolean needs its member's name ("op 2").
      type ??= preview(member?.kind === 'string' ? text : `${name} ${text}`);
    }
    if (type === undefined) {
      const keys = value.entries.slice(0, MAX_KEYS_SHOWN).map(([key]) => key);
      if (value.entries.length > MAX_KEYS_SHOWN) keys.push('…');
      type = preview(`{${keys.join(', ')}}`);
    }
  } else if (value.kind === 'array') {
    type = `[${value.items.length} ${value.items.length === 1 ? 'item' : 'items'}]`;
  } else {
    type = preview(stringifyJson(value));
  }
  return { type, fields, tree: jsonChildren(value) };
}

/** Whether the first text messages are all JSON objects or arrays (binary ones are left out of it). */
function sniff(firstMessages: readonly MessageInput[]): boolean {
  let json = 0;
  for (const message of firstToSniff(firstMessages)) {
    if (message.kind !== 'text') continue;
    const read = sniffJson(message);
    if (!read.ok || (read.value.kind !== 'object' && read.value.kind !== 'array')) return false;
    json++;
  }
  return json > 0;
}

/** Just above the threshold: chosen only when nothing else explains the connection. */
export const PLAIN_JSON_SCORE = 0.52;

export const plainJsonDecoder: ProtocolDecoder<null> = {
  id: 'json',
  name: 'JSON',
  detect: (_context: ConnectionContext, firstMessages) => (sniff(firstMessages) ? PLAIN_JSON_SCORE : 0),
  createState: () => null,
  decode: (message) => {
    const read = readJsonMessage(message);
    return read.ok ? decodedMessage('json', [plainJsonItem(read.value)]) : undecodable('json', read.error);
  },
};
