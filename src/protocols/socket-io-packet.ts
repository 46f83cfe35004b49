// One Socket.IO packet from the text of an Engine.IO message packet:
//   <type>[<attachments>-][<namespace>,][<ack id>][JSON payload]
// as socket.io-parser writes it (protocol v5 for Socket.IO 3+ over EIO=4, v4 for Socket.IO 1-2 over EIO=3).
import { jsonField, jsonScalar, parseJson, type JsonValue } from './json.ts';

export type SocketIoPacketType = 'CONNECT' | 'DISCONNECT' | 'EVENT' | 'ACK' | 'CONNECT_ERROR' | 'ERROR' | 'BINARY_EVENT' | 'BINARY_ACK';

const TYPES_V5: readonly SocketIoPacketType[] = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'];
/** Protocol v4 (Socket.IO 2) named type 4 ERROR. */
const TYPES_V4: readonly SocketIoPacketType[] = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'ERROR', 'BINARY_EVENT', 'BINARY_ACK'];

/** Event names socket.io's receivers refuse (their own lifecycle events). */
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);

/** Binary attachment counts beyond this are taken as garbage, not as a wait for that many messages. */
const MAX_ATTACHMENTS = 10_000;

export interface SocketIoPacket {
  type: SocketIoPacketType;
  /** '/' when the packet names none. */
  namespace: string;
  /** Protocol v4 CONNECT: the query the client appended to the namespace ('/admin?token=1'). */
  query?: string;
  /** Ack id, as its digits. */
  id?: string;
  /** BINARY_EVENT / BINARY_ACK: how many binary messages follow. */
  attachments?: number;
  data?: JsonValue;
  /** EVENT / BINARY_EVENT: the first item of the data array. */
  event?: string;
  /** Set when the packet breaks the protocol: what is wrong. The fields read so far are kept. */
  error?: string;
}

/** Parses a Socket.IO packet. Never throws. `protocolV4`: Socket.IO 2 (EIO=3) names and rules. */
export function parseSocketIoPacket(text: string, protocolV4: boolean): SocketIoPacket | { error: string } {
  if (text.length === 0) return { error: 'empty Socket.IO packet: the Engine.IO message has no packet type after its "4"' };
  const type = (protocolV4 ? TYPES_V4 : TYPES_V5)[text.charCodeAt(0) - 0x30];
  if (type === undefined) return { error: `unknown Socket.IO packet type '${text[0]}' (expected a digit 0-6)` };
  const packet: SocketIoPacket = { type, namespace: '/' };
  let at = 1;
  if (type === 'BINARY_EVENT' || type === 'BINARY_ACK') {
    const digitsEnd = skipDigits(text, at);
    if (digitsEnd === at || text[digitsEnd] !== '-')
      return { error: `${type} without its attachment count: expected digits and '-' after the type (as in '51-')` };
    const count = Number(text.slice(at, digitsEnd));
    if (count > MAX_ATTACHMENTS) return { error: `${type} announces ${text.slice(at, digitsEnd)} attachments (more than ${MAX_ATTACHMENTS})` };
    packet.attachments = count;
    at = digitsEnd + 1;
  }
  if (text[at] === '/') {
    const comma = text.indexOf(',', at);
    const end = comma < 0 ? text.length : comma;
    packet.namespace = text.slice(at, end);
    at = comma < 0 ? end : end + 1;
    const queryAt = packet.namespace.indexOf('?');
    if (protocolV4 && type === 'CONNECT' && queryAt >= 0) {
      packet.query = packet.namespace.slice(queryAt + 1);
      packet.namespace = packet.namespace.slice(0, queryAt);
    }
  }
  const idEnd = skipDigits(text, at);
  if (idEnd > at) packet.id = text.slice(at, idEnd);
  at = idEnd;
  if (at < text.length) {
    const parsed = parseJson(text.slice(at));
    if (!parsed.ok) return { ...packet, error: `${type} payload is not JSON: ${parsed.error} (of the payload)` };
    packet.data = parsed.value;
  }
  const problem = payloadProblem(packet, protocolV4);
  if (problem) packet.error = problem;
  return packet;
}

function skipDigits(text: string, at: number): number {
  while (at < text.length && text.charCodeAt(at) >= 0x30 && text.charCodeAt(at) <= 0x39) at++;
  return at;
}

/** What socket.io-parser's isPayloadValid would refuse, said specifically; sets `event` on the way. */
function payloadProblem(packet: SocketIoPacket, protocolV4: boolean): string | undefined {
  const { type, data } = packet;
  switch (type) {
    case 'CONNECT':
      if (data !== undefined && data.kind !== 'object') return `CONNECT payload must be a JSON object (auth data or the sid), got ${describeKind(data)}`;
      return undefined;
    case 'DISCONNECT':
      return data === undefined ? undefined : 'DISCONNECT carries no payload';
    case 'CONNECT_ERROR':
      if (data === undefined) return 'CONNECT_ERROR without a payload: expected {"message": …}';
      if (data.kind !== 'object' && data.kind !== 'string') return `CONNECT_ERROR payload must be an object or a string, got ${describeKind(data)}`;
      return undefined;
    case 'ERROR':
      return undefined;
    case 'EVENT':
    case 'BINARY_EVENT': {
      if (data?.kind !== 'array' || data.items.length === 0)
        return `${type} payload must be a non-empty JSON array [eventName, ...args], got ${describeKind(data)}`;
      const name = data.items[0]!;
      const event = name.kind === 'string' || (name.kind === 'number' && !protocolV4) ? jsonScalar(name) : undefined;
      if (event === undefined) return `${type} name (first item) must be a string, got ${describeKind(name)}`;
      packet.event = event;
      if (RESERVED_EVENTS.has(event)) return `'${event}' is a reserved event name: Socket.IO receivers refuse it`;
      return undefined;
    }
    case 'ACK':
    case 'BINARY_ACK':
      if (packet.id === undefined) return `${type} without an ack id`;
      if (data?.kind !== 'array') return `${type} payload must be a JSON array of the callback's arguments, got ${describeKind(data)}`;
      return undefined;
  }
}

function describeKind(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  return value.kind === 'null' ? 'null' : `a${value.kind === 'array' || value.kind === 'object' ? 'n' : ''} ${value.kind}`;
}

/** `{"_placeholder":true,"num":k}`: where attachment k goes back in. Returns k, or undefined for other values. */
export function placeholderNumber(value: JsonValue): number | undefined {
  if (value.kind !== 'object') return undefined;
  const mark = jsonField(value, '_placeholder');
  const num = jsonField(value, 'num');
  if (mark?.kind !== 'boolean' || !mark.value || num?.kind !== 'number' || !/^\d{1,6}$/.test(num.raw)) return undefined;
  return Number(num.raw);
}
