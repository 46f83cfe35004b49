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

/** The fields of a decoded message, flattened for matching: [name, lowercase value] for every item. */
export function searchableFields(decoded: DecodedMessage): [string, string][] {
  const fields: [string, string][] = [['protocol', decoded.protocol]];
  if (decoded.error) fields.push(['error', decoded.error.toLowerCase()]);
  for (const item of decoded.items) {
    fields.push(['type', item.type.toLowerCase()]);
    if (item.key !== undefined) fields.push(['key', item.key.toLowerCase()]);
    if (item.error) fields.push(['error', item.error.toLowerCase()]);
    for (const [name, value] of Object.entries(item.fields)) fields.push([name.toLowerCase(), value.toLowerCase()]);
  }
  return fields;
}

export function matchesTerms(fields: readonly [string, string][] | undefined, terms: readonly FieldTerm[]): boolean {
  if (!fields) return false;
  return terms.every((term) => fields.some(([name, value]) => name === term.field && value.includes(term.value)));
}
