// MQTT 5.0 properties (§2.2.2): every property by name with its own data type, and the packets that may
// carry it, so a misplaced or repeated property is reported rather than silently shown.
import { hexBytes, payloadNode } from './binary-display.ts';
import { hexByte, type PacketTypeName } from './mqtt-codes.ts';
import { MalformedPacket, type MqttReader } from './mqtt-reader.ts';
import type { TreeNode } from './types.ts';

type PropertyType = 'byte' | 'two-byte' | 'four-byte' | 'varint' | 'string' | 'string-pair' | 'binary';

/** Where a property block sits: a packet, or the Will's block inside CONNECT. */
export type PropertyPlace = PacketTypeName | 'Will';

const ALL = 'CONNECT CONNACK PUBLISH Will PUBACK PUBREC PUBREL PUBCOMP SUBSCRIBE SUBACK UNSUBSCRIBE UNSUBACK DISCONNECT AUTH';

// prettier-ignore
const PROPERTIES: readonly (readonly [number, string, PropertyType, string])[] = [
  [0x01, 'Payload Format Indicator', 'byte', 'PUBLISH Will'],
  [0x02, 'Message Expiry Interval', 'four-byte', 'PUBLISH Will'],
  [0x03, 'Content Type', 'string', 'PUBLISH Will'],
  [0x08, 'Response Topic', 'string', 'PUBLISH Will'],
  [0x09, 'Correlation Data', 'binary', 'PUBLISH Will'],
  [0x0b, 'Subscription Identifier', 'varint', 'PUBLISH SUBSCRIBE'],
  [0x11, 'Session Expiry Interval', 'four-byte', 'CONNECT CONNACK DISCONNECT'],
  [0x12, 'Assigned Client Identifier', 'string', 'CONNACK'],
  [0x13, 'Server Keep Alive', 'two-byte', 'CONNACK'],
  [0x15, 'Authentication Method', 'string', 'CONNECT CONNACK AUTH'],
  [0x16, 'Authentication Data', 'binary', 'CONNECT CONNACK AUTH'],
  [0x17, 'Request Problem Information', 'byte', 'CONNECT'],
  [0x18, 'Will Delay Interval', 'four-byte', 'Will'],
  [0x19, 'Request Response Information', 'byte', 'CONNECT'],
  [0x1a, 'Response Information', 'string', 'CONNACK'],
  [0x1c, 'Server Reference', 'string', 'CONNACK DISCONNECT'],
  [0x1f, 'Reason String', 'string', 'CONNACK PUBACK PUBREC PUBREL PUBCOMP SUBACK UNSUBACK DISCONNECT AUTH'],
  [0x21, 'Receive Maximum', 'two-byte', 'CONNECT CONNACK'],
  [0x22, 'Topic Alias Maximum', 'two-byte', 'CONNECT CONNACK'],
  [0x23, 'Topic Alias', 'two-byte', 'PUBLISH'],
  [0x24, 'Maximum QoS', 'byte', 'CONNACK'],
  [0x25, 'Retain Available', 'byte', 'CONNACK'],
  [0x26, 'User Property', 'string-pair', ALL],
  [0x27, 'Maximum Packet Size', 'four-byte', 'CONNECT CONNACK'],
  [0x28, 'Wildcard Subscription Available', 'byte', 'CONNACK'],
  [0x29, 'Subscription Identifier Available', 'byte', 'CONNACK'],
  [0x2a, 'Shared Subscription Available', 'byte', 'CONNACK'],
];

export const PROPERTY = {
  payloadFormatIndicator: 0x01,
  contentType: 0x03,
  subscriptionIdentifier: 0x0b,
  topicAlias: 0x23,
  reasonString: 0x1f,
  userProperty: 0x26,
} as const;

const BY_ID = new Map(PROPERTIES.map(([id, name, type, places]) => [id, { name, type, places: new Set(places.split(' ')) }]));

export type PropertyValue = number | string | Uint8Array | readonly [string, string];

export interface ParsedProperties {
  /** The "properties" node, children in wire order. */
  node: TreeNode;
  /** First value of each property id. */
  values: Map<number, PropertyValue>;
  /** Problems that did not stop the packet: unknown, misplaced or repeated properties. */
  problems: string[];
}

/**
 * Reads a property block (length, then properties) at the reader's position. A block running past the
 * packet throws; a bad property inside it is reported and the rest of the block skipped.
 */
export function readProperties(reader: MqttReader, place: PropertyPlace, label = 'properties'): ParsedProperties {
  const length = reader.varint(`${label} length`);
  const outer = reader.limit(length, `${label} (${length} bytes)`);
  const blockEnd = reader.at + length;
  const children: TreeNode[] = [];
  const values = new Map<number, PropertyValue>();
  const problems: string[] = [];
  try {
    while (reader.remaining > 0) {
      const id = reader.varint('property identifier');
      const known = BY_ID.get(id);
      if (!known) throw new MalformedPacket(`unknown property identifier ${hexByte(id)}`);
      const value = readValue(reader, known.type, known.name);
      children.push(propertyNode(known.name, id, value));
      if (!known.places.has(place)) problems.push(`${known.name} is not allowed in ${place === 'Will' ? 'Will properties' : place}`);
      const repeatable = id === PROPERTY.userProperty || (id === PROPERTY.subscriptionIdentifier && place === 'PUBLISH');
      if (values.has(id) && !repeatable) problems.push(`${known.name} appears more than once`);
      if (!values.has(id)) values.set(id, value);
    }
  } catch (error) {
    if (!(error instanceof MalformedPacket)) throw error;
    problems.push(`${label}: ${error.message}; the rest of the block is skipped`);
    reader.at = blockEnd;
  }
  reader.restore(outer);
  return { node: { label, type: 'object', children }, values, problems };
}

function readValue(reader: MqttReader, type: PropertyType, name: string): PropertyValue {
  switch (type) {
    case 'byte':
      return reader.byte(name);
    case 'two-byte':
      return reader.twoByte(name);
    case 'four-byte':
      return reader.fourByte(name);
    case 'varint':
      return reader.varint(name);
    case 'string':
      return reader.string(name);
    case 'string-pair':
      return [reader.string(`${name} name`), reader.string(`${name} value`)] as const;
    case 'binary':
      return reader.binary(name);
  }
}

function propertyNode(name: string, id: number, value: PropertyValue): TreeNode {
  if (typeof value === 'number') {
    if (id === PROPERTY.payloadFormatIndicator) return { label: name, type: 'text', value: `${value} (${payloadFormatName(value)})` };
    return { label: name, type: 'number', value: String(value) };
  }
  if (typeof value === 'string') return { label: name, type: 'string', value };
  if (value instanceof Uint8Array) {
    // Correlation Data is often an id written as text; Authentication Data is opaque.
    return id === 0x09 ? payloadNode(name, value) : { label: name, type: 'bytes', value: hexBytes(value) };
  }
  return {
    label: name,
    type: 'object',
    children: [
      { label: 'name', type: 'string', value: value[0] },
      { label: 'value', type: 'string', value: value[1] },
    ],
  };
}

function payloadFormatName(value: number): string {
  if (value === 0) return 'unspecified bytes';
  if (value === 1) return 'UTF-8 text';
  return 'not a defined format';
}
