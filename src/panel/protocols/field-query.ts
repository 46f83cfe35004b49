// Protocol-field filters: `event:chat`, `topic:sensors/`, `protocol:mqtt`, `type:publish`, quoted values
// for spaces (`event:"chat message"`). Several terms must all match. Pure.
import type { DecodedMessage } from '../../protocols/types';

/** Field names a filter term may use: the decoders' field names, plus the protocol and the item's type and key. */
export const FILTER_FIELDS = new Set([
  'protocol',
  'type',
  'key',
  'event',
  'namespace',
  'destination',
  'subscription',
  'topic',
  'operation',
  'target',
  'channel',
  'procedure',
  'method',
  'id',
  'error',
  // What users narrow by once the kind of message is known: a reply's status, a Phoenix ref, a close code and
  // reason, an Action Cable action, MQTT's QoS and retain flag, who connected, an Engine.IO session.
  'status',
  'ref',
  'join_ref',
  'code',
  'reason',
  'action',
  'qos',
  'retain',
  'client',
  'username',
  'sid',
  'identifier',
  'sequence',
  'version',
  // Protocol Buffers with a schema: the oneof members a message holds.
  'oneof',
]);

export interface FieldTerm {
  field: string;
  /** Lowercase; matched as a substring of the field's value. */
  value: string;
}

const TERM = /^\s*([a-z][\w-]*):(?:"([^"]*)"|(\S*))/i;

/** The terms of a filter text made only of known `field:value` terms, or undefined for a plain text filter. */
export function parseFieldQuery(text: string): FieldTerm[] | undefined {
  const terms: FieldTerm[] = [];
  let rest = text;
  while (rest.trim() !== '') {
    const match = TERM.exec(rest);
    if (!match || !FILTER_FIELDS.has(match[1]!.toLowerCase())) return undefined;
    terms.push({ field: match[1]!.toLowerCase(), value: (match[2] ?? match[3] ?? '').toLowerCase() });
    rest = rest.slice(match[0].length);
  }
  return terms.length > 0 ? terms : undefined;
}

/** `text` as a pattern that matches it literally. */
export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a decoded message holds every term: each term's field (the protocol, an item's type, key or error,
 * the message's error, or a decoder's named field of that name) contains its value, case-insensitively.
 * Compiled once per filter: each value becomes a case-insensitive pattern, and a row is matched by loops
 * over its decoded record as it is (no lowercase copy of every message's fields is kept).
 */
export function termsMatcher(terms: readonly FieldTerm[]): (decoded: DecodedMessage | undefined) => boolean {
  const compiled = terms.map(({ field, value }) => ({ field, pattern: new RegExp(escapeRegex(value), 'i') }));
  return (decoded) => {
    if (decoded === undefined) return false;
    for (const { field, pattern } of compiled) if (!holdsTerm(decoded, field, pattern)) return false;
    return true;
  };
}

function holdsTerm(decoded: DecodedMessage, field: string, pattern: RegExp): boolean {
  if (field === 'protocol' && pattern.test(decoded.protocol)) return true;
  if (field === 'error' && decoded.error !== undefined && pattern.test(decoded.error)) return true;
  for (const item of decoded.items) {
    if (field === 'type' && pattern.test(item.type)) return true;
    if (field === 'key' && item.key !== undefined && pattern.test(item.key)) return true;
    if (field === 'error' && item.error !== undefined && pattern.test(item.error)) return true;
    // A decoder's own field may share a name with those above (SignalR's handshake names its `protocol`).
    for (const name in item.fields) if (name.toLowerCase() === field && pattern.test(item.fields[name]!)) return true;
  }
  return false;
}
