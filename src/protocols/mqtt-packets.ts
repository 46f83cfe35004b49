// One whole MQTT control packet (3.1, 3.1.1 or 5.0) turned into a decoded item: every field named, v5
// properties and reason codes by name, topic aliases resolved, packet identifiers correlated. A packet
// that breaks the spec keeps what was read before the break, and says what broke.
import { byteCount, hexBytes, payloadNode, strictUtf8 } from './binary-display.ts';
import { CONNACK_RETURN_CODES, PACKET_TYPES, SUBACK_RETURN_CODES, describeReason, protocolLevelName, reasonName, type PacketTypeName } from './mqtt-codes.ts';
import type { FixedHeader } from './mqtt-framing.ts';
import { PROPERTY, readProperties, type PropertyPlace, type PropertyValue } from './mqtt-properties.ts';
import { MalformedPacket, MqttReader } from './mqtt-reader.ts';
import type { Correlation, DecodedItem, TreeNode } from './types.ts';

export type Direction = 'send' | 'receive';

/** What a connection's packets teach about the ones after them. */
export interface MqttSession {
  /** The protocol level the CONNECT packet stated (3, 4, 5); undefined until one is seen. */
  level: number | undefined;
  /** Topic aliases each sender set (MQTT 5.0 §3.3.2.3.4): the two directions' tables are separate. */
  aliases: Record<Direction, Map<number, string>>;
}

export function createSession(): MqttSession {
  return { level: undefined, aliases: { send: new Map(), receive: new Map() } };
}

type Flow = 'publish' | 'pubrel' | 'subscribe' | 'unsubscribe';

/** A packet being read: the reader and everything gathered so far. */
class Packet {
  readonly nodes: TreeNode[] = [];
  readonly fields: Record<string, string>;
  readonly problems: string[] = [];
  key: string | undefined;
  correlation: Correlation | undefined;

  constructor(
    readonly type: PacketTypeName,
    readonly reader: MqttReader,
    readonly header: FixedHeader,
    readonly direction: Direction,
    readonly session: MqttSession,
  ) {
    this.fields = { type };
  }

  /** MQTT 5.0 layout: the CONNECT said level 5, or the packet exists only in 5.0 (AUTH). */
  get v5(): boolean {
    return this.session.level === 5 || this.type === 'AUTH';
  }

  add(label: string, value: string | number | boolean, type?: TreeNode['type']): TreeNode {
    const node: TreeNode = {
      label,
      value: String(value),
      type: type ?? (typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean'),
    };
    this.nodes.push(node);
    return node;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  /** A v5 property block at the reader's position (nothing before 5.0), its node added to `into`. */
  properties(place: PropertyPlace, into: TreeNode[] = this.nodes): Map<number, PropertyValue> {
    if (!this.v5) return new Map();
    const parsed = readProperties(this.reader, place, place === 'Will' ? 'will properties' : 'properties');
    into.push(parsed.node);
    this.problems.push(...parsed.problems);
    return parsed.values;
  }

  packetId(): number {
    const id = this.reader.twoByte('packet identifier');
    if (id === 0) this.problem('packet identifier 0 is not allowed');
    this.add('packet identifier', id);
    this.fields.id = String(id);
    return id;
  }

  /** A 5.0 reason code: node, filter field; returns its name (undefined when not a defined code). */
  reason(code: number): string | undefined {
    this.add('reason code', describeReason(code, this.type), 'text');
    const name = reasonName(code, this.type);
    this.fields.reason = name ?? describeReason(code, this.type);
    return name;
  }

  correlate(role: Correlation['role'], flow: Flow, id: number): void {
    // A request's packet identifier is the sender's; its answer travels the other way.
    const requestDirection = role === 'request' ? this.direction : this.direction === 'send' ? 'receive' : 'send';
    this.correlation = { role, scope: `mqtt:${flow}:${requestDirection}`, id: String(id) };
  }

  item(): DecodedItem {
    const item: DecodedItem = { type: this.type, fields: this.fields, tree: this.nodes };
    if (this.key !== undefined) item.key = this.key;
    if (this.correlation) item.correlation = this.correlation;
    if (this.problems.length > 0) item.error = this.problems.join('; ');
    return item;
  }
}

const FROM_CLIENT_ONLY = new Set<PacketTypeName>(['CONNECT', 'SUBSCRIBE', 'UNSUBSCRIBE', 'PINGREQ']);
const FROM_SERVER_ONLY = new Set<PacketTypeName>(['CONNACK', 'SUBACK', 'UNSUBACK', 'PINGRESP']);
/** Packets whose fixed header flags must be 0010; the others but PUBLISH must be 0000. */
const FLAGS_0010 = new Set<PacketTypeName>(['PUBREL', 'SUBSCRIBE', 'UNSUBSCRIBE']);

/** Decodes one whole packet (fixed header included). Never throws. */
export function decodePacket(bytes: Uint8Array, header: FixedHeader, direction: Direction, session: MqttSession, messages = 1): DecodedItem {
  const type = PACKET_TYPES[header.type] ?? 'Reserved';
  const packet = new Packet(type, new MqttReader(bytes, header.headerLength), header, direction, session);
  try {
    checkHeader(packet);
    if (messages > 1) packet.add('reassembled from', `${messages} WebSocket messages`, 'text');
    if (session.level === undefined && type !== 'CONNECT') packet.add('protocol level', 'unknown (no CONNECT seen): read as MQTT 3.1.1', 'text');
    READERS[type](packet);
    const left = packet.reader.remaining;
    if (left > 0) packet.problem(`${byteCount(left)} left over after the last field`);
  } catch (error) {
    packet.problem(error instanceof MalformedPacket ? error.message : `decoder failure: ${String(error)}`);
  }
  return packet.item();
}

function checkHeader(packet: Packet): void {
  const { type, header, direction } = packet;
  packet.add('remaining length', header.remainingLength);
  if (type !== 'PUBLISH') {
    const expected = FLAGS_0010.has(type) ? 0b0010 : 0;
    if (header.flags !== expected) packet.problem(`fixed header flags of ${type} must be ${bits(expected)}, not ${bits(header.flags)}`);
  }
  if (direction === 'receive' && FROM_CLIENT_ONLY.has(type)) packet.problem(`${type} is sent by clients, but this one came from the server`);
  if (direction === 'send' && FROM_SERVER_ONLY.has(type)) packet.problem(`${type} is sent by servers, but this one went from the page to the server`);
  if (type === 'AUTH' && packet.session.level !== 5) packet.problem('AUTH exists only in MQTT 5.0');
}

function bits(flags: number): string {
  return flags.toString(2).padStart(4, '0');
}

const READERS: Record<PacketTypeName, (packet: Packet) => void> = {
  Reserved: (packet) => packet.problem('packet type 0 is reserved'),
  CONNECT: readConnect,
  CONNACK: readConnack,
  PUBLISH: readPublish,
  PUBACK: (packet) => readPublishResponse(packet, 'response', 'publish'),
  PUBREC: (packet) => readPublishResponse(packet, 'response', 'publish'),
  PUBREL: (packet) => readPublishResponse(packet, 'request', 'pubrel'),
  PUBCOMP: (packet) => readPublishResponse(packet, 'response', 'pubrel'),
  SUBSCRIBE: readSubscribe,
  SUBACK: readSuback,
  UNSUBSCRIBE: readUnsubscribe,
  UNSUBACK: readUnsuback,
  PINGREQ: () => {},
  PINGRESP: () => {},
  DISCONNECT: readDisconnectOrAuth,
  AUTH: readDisconnectOrAuth,
};

function readConnect(packet: Packet): void {
  const { reader } = packet;
  const name = reader.string('protocol name');
  packet.add('protocol name', name);
  const level = reader.byte('protocol level');
  packet.session.level = level;
  packet.add('protocol level', `${level} (${protocolLevelName(level)})`, 'text');
  const expectedName = level === 3 ? 'MQIsdp' : 'MQTT';
  if (level < 3 || level > 5) packet.problem(`protocol level ${level} is none of 3 (MQTT 3.1), 4 (3.1.1), 5 (5.0)`);
  else if (name !== expectedName) packet.problem(`protocol name "${name}" does not go with level ${level} (expected "${expectedName}")`);

  const flags = reader.byte('connect flags');
  const hasUserName = (flags & 0x80) !== 0;
  const hasPassword = (flags & 0x40) !== 0;
  const willRetain = (flags & 0x20) !== 0;
  const willQos = (flags >> 3) & 3;
  const hasWill = (flags & 0x04) !== 0;
  packet.nodes.push({
    label: 'connect flags',
    type: 'object',
    children: [
      { label: 'user name', type: 'boolean', value: String(hasUserName) },
      { label: 'password', type: 'boolean', value: String(hasPassword) },
      { label: 'will retain', type: 'boolean', value: String(willRetain) },
      { label: 'will QoS', type: 'number', value: String(willQos) },
      { label: 'will', type: 'boolean', value: String(hasWill) },
      { label: level === 5 ? 'clean start' : 'clean session', type: 'boolean', value: String((flags & 0x02) !== 0) },
    ],
  });
  if (flags & 0x01) packet.problem('connect flags: the reserved bit 0 is set');
  if (willQos === 3) packet.problem('connect flags: will QoS 3 does not exist');
  if (!hasWill && (willQos !== 0 || willRetain)) packet.problem('connect flags: will QoS or will retain set without the will flag');
  if (level < 5 && hasPassword && !hasUserName) packet.problem('connect flags: a password without a user name is allowed only from MQTT 5.0');
  packet.add('keep alive (seconds)', reader.twoByte('keep alive'));
  packet.properties('CONNECT');

  const clientId = reader.string('client identifier');
  packet.add('client identifier', clientId);
  if (clientId !== '') {
    packet.key = clientId;
    packet.fields.client = clientId;
  }
  if (hasWill) {
    const will: TreeNode[] = [];
    packet.properties('Will', will);
    const topic = reader.string('will topic');
    const payload = reader.binary('will payload');
    will.push(
      { label: 'topic', type: 'string', value: topic },
      { label: 'QoS', type: 'number', value: String(willQos) },
      { label: 'retain', type: 'boolean', value: String(willRetain) },
      payloadNode('payload', payload),
    );
    packet.nodes.push({ label: 'will', type: 'object', children: will });
  }
  if (hasUserName) {
    const userName = reader.string('user name');
    packet.add('user name', userName);
    packet.fields.username = userName;
  }
  if (hasPassword) {
    // Shown, as a debugger must, but labelled so nobody copies it around unaware.
    const password = reader.binary('password');
    const text = strictUtf8(password);
    packet.nodes.push(
      text === undefined ? { label: 'password (secret)', type: 'bytes', value: hexBytes(password) } : { label: 'password (secret)', type: 'text', value: text },
    );
  }
}

function readConnack(packet: Packet): void {
  const { reader } = packet;
  const flags = reader.byte('acknowledge flags');
  packet.add('session present', (flags & 1) !== 0);
  if (flags & 0xfe) packet.problem('acknowledge flags: reserved bits 7-1 are set');
  const code = reader.byte(packet.v5 ? 'reason code' : 'return code');
  // A server that does not speak 5.0 answers a 5.0 CONNECT in 3.1.1's two bytes (MQTT 5.0 §3.1.2.2).
  const oldStyle = packet.v5 && reader.remaining === 0 && code > 0 && code < 0x80;
  if (!packet.v5 || oldStyle) {
    const name = CONNACK_RETURN_CODES[code];
    const note = oldStyle ? ' (an MQTT 3.1.1 return code: the server does not speak MQTT 5.0)' : '';
    packet.add('return code', `${code} ${name ?? '(not a defined return code)'}${note}`, 'text');
    packet.key = name ?? `return code ${code}`;
    packet.fields.reason = packet.key;
    return;
  }
  packet.key = packet.reason(code) ?? describeReason(code, 'CONNACK');
  packet.properties('CONNACK');
}

function readPublish(packet: Packet): void {
  const { reader, header } = packet;
  const dup = (header.flags & 0x08) !== 0;
  const qos = (header.flags >> 1) & 3;
  const retain = (header.flags & 0x01) !== 0;
  packet.add('QoS', qos);
  packet.add('retain', retain);
  packet.add('DUP', dup);
  if (qos === 3) packet.problem('both QoS bits are set: QoS 3 does not exist');
  if (dup && qos === 0) packet.problem('DUP is set on a QoS 0 message');
  packet.fields.qos = String(qos);
  if (retain) packet.fields.retain = 'true';

  const topicName = reader.string('topic name');
  const topicNode = packet.add('topic', topicName);
  packet.key = topicName;
  packet.fields.topic = topicName;
  const id = qos > 0 ? packet.packetId() : undefined;
  if (id !== undefined) packet.correlate('request', 'publish', id);
  const properties = packet.properties('PUBLISH');
  const topic = resolveTopic(packet, topicName, properties.get(PROPERTY.topicAlias));
  topicNode.value = topic;
  packet.key = topic;
  packet.fields.topic = topic;
  if (topic.includes('+') || topic.includes('#')) packet.problem(`topic "${topic}" holds a wildcard, which a PUBLISH may not`);

  const payload = reader.rest();
  packet.add('payload size', byteCount(payload.length), 'text');
  packet.nodes.push(payloadNode('payload', payload));
  if (properties.get(PROPERTY.payloadFormatIndicator) === 1 && strictUtf8(payload) === undefined) {
    packet.problem('Payload Format Indicator says UTF-8, but the payload is not well-formed UTF-8');
  }
}

/** The topic a PUBLISH means: its own, or the one its Topic Alias stands for in this direction. */
function resolveTopic(packet: Packet, topicName: string, alias: PropertyValue | undefined): string {
  if (typeof alias !== 'number') {
    if (topicName === '') packet.problem('empty topic name and no Topic Alias');
    return topicName;
  }
  if (alias === 0) packet.problem('Topic Alias 0 is not allowed');
  const table = packet.session.aliases[packet.direction];
  if (topicName !== '') {
    table.set(alias, topicName);
    packet.add('topic alias', `${alias} (set here for this direction's next packets)`, 'text');
    return topicName;
  }
  const known = table.get(alias);
  if (known === undefined) {
    packet.problem(`Topic Alias ${alias} was not set by an earlier PUBLISH in this direction`);
    return '';
  }
  packet.add('topic alias', `${alias} (topic set by an earlier PUBLISH)`, 'text');
  return known;
}

function readPublishResponse(packet: Packet, role: Correlation['role'], flow: Flow): void {
  const { reader } = packet;
  const id = packet.packetId();
  packet.correlate(role, flow, id);
  packet.key = String(id);
  if (!packet.v5) return;
  // 5.0 drops a Success reason code and empty properties at the end (§3.4.2.1).
  if (reader.remaining === 0) {
    packet.add('reason code', `${describeReason(0, packet.type)} (implied: none sent)`, 'text');
    return;
  }
  const code = reader.byte('reason code');
  const name = packet.reason(code);
  if (code !== 0) packet.key = `${id} ${name ?? describeReason(code, packet.type)}`;
  if (reader.remaining > 0) packet.properties(packet.type);
}

function readTopicFilters(packet: Packet, withOptions: boolean): string[] {
  const { reader } = packet;
  const filters: string[] = [];
  const nodes: TreeNode[] = [];
  while (reader.remaining > 0) {
    const filter = reader.string('topic filter');
    filters.push(filter);
    const children: TreeNode[] = [{ label: 'topic filter', type: 'string', value: filter }];
    if (withOptions) children.push(...subscriptionOptions(packet, reader.byte(`options of "${filter}"`), filter));
    nodes.push(withOptions ? { label: String(nodes.length), type: 'object', children } : children[0]!);
  }
  if (filters.length === 0) packet.problem(`${packet.type} carries no topic filter`);
  packet.nodes.push({ label: withOptions ? 'subscriptions' : 'topic filters', type: 'array', children: nodes });
  packet.key = filters.join(', ');
  packet.fields.topic = packet.key;
  return filters;
}

const RETAIN_HANDLING = ['send retained messages at subscribe', 'send retained messages only for a new subscription', 'do not send retained messages'];

function subscriptionOptions(packet: Packet, options: number, filter: string): TreeNode[] {
  const qos = options & 3;
  if (qos === 3) packet.problem(`"${filter}": maximum QoS 3 does not exist`);
  const nodes: TreeNode[] = [{ label: 'maximum QoS', type: 'number', value: String(qos) }];
  if (!packet.v5) {
    if (options & 0xfc) packet.problem(`"${filter}": reserved option bits 7-2 are set`);
    return nodes;
  }
  const retainHandling = (options >> 4) & 3;
  if (retainHandling === 3) packet.problem(`"${filter}": Retain Handling 3 does not exist`);
  if (options & 0xc0) packet.problem(`"${filter}": reserved option bits 7-6 are set`);
  nodes.push(
    { label: 'no local', type: 'boolean', value: String((options & 0x04) !== 0) },
    { label: 'retain as published', type: 'boolean', value: String((options & 0x08) !== 0) },
    { label: 'retain handling', type: 'text', value: `${retainHandling} (${RETAIN_HANDLING[retainHandling] ?? 'not defined'})` },
  );
  return nodes;
}

function readSubscribe(packet: Packet): void {
  const id = packet.packetId();
  packet.correlate('request', 'subscribe', id);
  packet.properties('SUBSCRIBE');
  readTopicFilters(packet, true);
}

function readUnsubscribe(packet: Packet): void {
  const id = packet.packetId();
  packet.correlate('request', 'unsubscribe', id);
  packet.properties('UNSUBSCRIBE');
  readTopicFilters(packet, false);
}

/** SUBACK's and UNSUBACK's list: one code per topic filter of the request. */
function readAckCodes(packet: Packet, flow: Flow): void {
  const id = packet.packetId();
  packet.correlate('response', flow, id);
  packet.key = String(id);
  packet.properties(packet.type);
  const codes = packet.reader.rest();
  const names: string[] = [];
  const failures: string[] = [];
  const children = Array.from(codes, (code, index) => {
    const name = packet.v5 ? reasonName(code, packet.type) : SUBACK_RETURN_CODES[code];
    const text = packet.v5 ? describeReason(code, packet.type) : `${code} ${name ?? '(not a defined return code)'}`;
    names.push(name ?? text);
    if (code >= 0x80 || name === undefined) failures.push(name ?? text);
    return { label: String(index), type: 'text', value: text } satisfies TreeNode;
  });
  packet.nodes.push({ label: packet.v5 ? 'reason codes' : 'return codes', type: 'array', children });
  if (codes.length === 0) packet.problem(`${packet.type} carries no ${packet.v5 ? 'reason' : 'return'} code`);
  if (failures.length > 0) packet.key = `${id} ${failures.join(', ')}`;
  packet.fields.reason = names.join(', ');
}

function readSuback(packet: Packet): void {
  readAckCodes(packet, 'subscribe');
}

function readUnsuback(packet: Packet): void {
  // Before 5.0, UNSUBACK is the packet identifier alone.
  if (packet.v5) return readAckCodes(packet, 'unsubscribe');
  const id = packet.packetId();
  packet.correlate('response', 'unsubscribe', id);
  packet.key = String(id);
}

function readDisconnectOrAuth(packet: Packet): void {
  const { reader } = packet;
  if (!packet.v5) return;
  if (reader.remaining === 0) {
    // 5.0 lets both drop a Success / Normal disconnection reason code (§3.14.2.1, §3.15.2.1).
    packet.add('reason code', `${describeReason(0, packet.type)} (implied: none sent)`, 'text');
    if (packet.type === 'AUTH') packet.key = reasonName(0, packet.type);
    return;
  }
  const code = reader.byte('reason code');
  const name = packet.reason(code);
  if (code !== 0 || packet.type === 'AUTH') packet.key = name ?? describeReason(code, packet.type);
  if (reader.remaining > 0) packet.properties(packet.type);
}
