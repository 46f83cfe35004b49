// Socket.IO 2-4 over Engine.IO 3/4: each Engine.IO message packet ('4…') is a Socket.IO packet (see
// socket-io-packet.ts); BINARY_EVENT / BINARY_ACK are followed by their attachments, one binary message
// each, which go back where the packet's {"_placeholder":true,"num":k} objects stand. The Engine.IO
// prefix is always stripped first: '42["chat",1]' is EVENT chat, never JSON nor the number 42.
import { detectEngineIo } from './engine-io-detect.ts';
import { controlItem, decodeEnginePacket, engineIoVersionFromUrl, type EngineIoVersion } from './engine-io.ts';
import { jsonScalar, jsonField, jsonToTree, type JsonValue } from './json.ts';
import { parseSocketIoPacket, placeholderNumber, type SocketIoPacket } from './socket-io-packet.ts';
import { bytesNode, leaf, preview } from './tree-nodes.ts';
import { summarize, type DecodedItem, type DecodedMessage, type MessageInput, type ProtocolDecoder, type TreeNode } from './types.ts';

interface PendingAttachments {
  packet: SocketIoPacket;
  received: Uint8Array[];
}

export interface SocketIoState {
  version: EngineIoVersion | undefined;
  /** Per direction, a binary packet still waiting for attachments (they follow it from the same side). */
  pending: Partial<Record<MessageInput['direction'], PendingAttachments>>;
  /** Whether the client sent a CONNECT yet: a server CONNECT before it means protocol v4 (Socket.IO 2). */
  clientConnected: boolean;
}

export const socketIoDecoder: ProtocolDecoder<SocketIoState> = {
  id: 'socket.io',
  name: 'Socket.IO',
  detect: (context, firstMessages) => detectEngineIo(context, firstMessages).socketIo,
  createState: (context) => ({ version: engineIoVersionFromUrl(context.url), clientConnected: false, pending: {} }),
  decode: decodeSocketIo,
};

function decodeSocketIo(message: MessageInput, state: SocketIoState): DecodedMessage {
  const packet = decodeEnginePacket(message, state);
  if (packet.type === 'invalid') return failed(packet.error);
  if (packet.type !== 'message') return done([controlItem(packet)]);
  if ('bytes' in packet) return attachment(packet.bytes, message.direction, state);

  const parsed = parseSocketIoPacket(packet.text, state.version === 3);
  if (!('type' in parsed)) return withInterrupted(failed(parsed.error), state, message.direction);
  if (parsed.type === 'CONNECT') {
    if (message.direction === 'send') state.clientConnected = true;
    // Socket.IO 2's server connects the client to '/' unasked; Socket.IO 3+ waits for the client's CONNECT.
    else if (!state.clientConnected && state.version === undefined) state.version = 3;
  }
  const item = packetItem(parsed, message.direction);
  const decoded = withInterrupted(done([item]), state, message.direction);
  // Even a packet its receiver would refuse is followed by its attachments on the wire: collect them.
  if (parsed.attachments !== undefined && parsed.attachments > 0) state.pending[message.direction] = { packet: parsed, received: [] };
  return decoded;
}

function done(items: DecodedItem[]): DecodedMessage {
  return { protocol: 'socket.io', summary: summarize(items), items };
}

function failed(error: string): DecodedMessage {
  return { protocol: 'socket.io', summary: summarize([], error), items: [], error };
}

/** A new packet where attachments were due: the earlier binary packet stays incomplete; say so here. */
function withInterrupted(decoded: DecodedMessage, state: SocketIoState, direction: MessageInput['direction']): DecodedMessage {
  const pending = state.pending[direction];
  if (!pending) return decoded;
  state.pending[direction] = undefined;
  const expected = pending.packet.attachments ?? 0;
  const error = `${packetLabel(pending.packet)} got ${pending.received.length} of its ${expected} attachments before this packet: it stays incomplete`;
  return { ...decoded, error: decoded.error ? `${decoded.error}; ${error}` : error };
}

/** A binary message: the next attachment of the pending binary packet. */
function attachment(bytes: Uint8Array, direction: MessageInput['direction'], state: SocketIoState): DecodedMessage {
  const pending = state.pending[direction];
  if (!pending) {
    const error = 'binary message with no BINARY_EVENT or BINARY_ACK waiting for attachments';
    return { protocol: 'socket.io', summary: summarize([], error), items: [{ type: 'binary', fields: {}, tree: [bytesNode('data', bytes)], error }], error };
  }
  pending.received.push(bytes);
  const expected = pending.packet.attachments ?? 0;
  const index = pending.received.length;
  const item: DecodedItem = {
    type: 'attachment',
    key: `${index}/${expected} ${packetLabel(pending.packet)}`,
    fields: packetFields(pending.packet),
    tree: [bytesNode(`attachment ${index - 1}`, bytes)],
  };
  if (index === expected) {
    state.pending[direction] = undefined;
    const problems: string[] = [];
    const whole = packetTree(pending.packet, pending.received, problems);
    item.tree.push({ label: `${pending.packet.type} with its attachments`, type: 'object', children: whole });
    if (problems.length > 0) item.error = problems.join('; ');
  }
  return { protocol: 'socket.io', summary: summarize([item]), items: [item], continuation: true };
}

/** 'EVENT upload' or 'ACK 12': how a binary packet is named on its attachments. */
function packetLabel(packet: SocketIoPacket): string {
  const type = packet.type === 'BINARY_EVENT' ? 'EVENT' : packet.type === 'BINARY_ACK' ? 'ACK' : packet.type;
  return packet.event !== undefined ? `${type} ${preview(packet.event)}` : `${type} ${packet.id ?? ''}`.trimEnd();
}

function packetFields(packet: SocketIoPacket): Record<string, string> {
  const fields: Record<string, string> = { type: packet.type, namespace: packet.namespace };
  if (packet.event !== undefined) fields.event = packet.event;
  if (packet.id !== undefined) fields.id = packet.id;
  return fields;
}

function packetItem(packet: SocketIoPacket, direction: MessageInput['direction']): DecodedItem {
  const fields = packetFields(packet);
  const item: DecodedItem = { type: packet.type, fields, tree: packetTree(packet, undefined, []) };
  if (packet.error) item.error = packet.error;
  switch (packet.type) {
    case 'EVENT':
    case 'BINARY_EVENT':
      item.key = packet.event;
      if (packet.id !== undefined) item.correlation = { role: 'request', scope: ackScope(packet.namespace, direction), id: packet.id };
      break;
    case 'ACK':
    case 'BINARY_ACK':
      item.key = packet.id;
      // The answer travels the other way: its request was sent in the opposite direction.
      if (packet.id !== undefined)
        item.correlation = { role: 'response', scope: ackScope(packet.namespace, direction === 'send' ? 'receive' : 'send'), id: packet.id };
      break;
    case 'CONNECT': {
      item.key = packet.namespace;
      const sid = jsonScalar(jsonField(packet.data, 'sid'));
      if (sid !== undefined && direction === 'receive') fields.sid = sid;
      break;
    }
    case 'CONNECT_ERROR':
    case 'ERROR': {
      const reason = packet.data?.kind === 'string' ? packet.data.value : jsonScalar(jsonField(packet.data, 'message'));
      if (reason !== undefined) fields.message = reason;
      item.key = reason !== undefined ? `${packet.namespace} ${preview(reason)}` : packet.namespace;
      break;
    }
    case 'DISCONNECT':
      item.key = packet.namespace;
      break;
  }
  return item;
}

/** Ack ids are counted per namespace and per side: a client's EVENT 1 and the server's EVENT 1 are two requests. */
function ackScope(namespace: string, requestDirection: MessageInput['direction']): string {
  return `ack:${namespace}:${requestDirection === 'send' ? 'client' : 'server'}`;
}

/** The packet's tree; with `attachments`, each placeholder replaced by its bytes (problems collected). */
function packetTree(packet: SocketIoPacket, attachments: Uint8Array[] | undefined, problems: string[]): TreeNode[] {
  const tree: TreeNode[] = [leaf('namespace', packet.namespace)];
  if (packet.query !== undefined) tree.push(leaf('query', packet.query));
  if (packet.id !== undefined) tree.push(leaf('id', packet.id, 'number'));
  if (packet.attachments !== undefined) tree.push(leaf('attachments', String(packet.attachments), 'number'));
  const data = packet.data;
  if (data === undefined) return tree;
  const toTree = (value: JsonValue, label: string) => (attachments ? withAttachments(value, label, attachments, problems) : jsonToTree(value, label));
  if (packet.event !== undefined && data.kind === 'array') {
    tree.push(toTree(data.items[0]!, 'event'));
    tree.push({ label: 'args', type: 'array', children: data.items.slice(1).map((value, index) => toTree(value, String(index))) });
  } else if ((packet.type === 'ACK' || packet.type === 'BINARY_ACK') && data.kind === 'array') {
    tree.push(toTree(data, 'args'));
  } else {
    tree.push(toTree(data, 'data'));
  }
  return tree;
}

function withAttachments(value: JsonValue, label: string, attachments: Uint8Array[], problems: string[]): TreeNode {
  const num = placeholderNumber(value);
  if (num !== undefined) {
    const bytes = attachments[num];
    if (bytes) return bytesNode(label, bytes);
    problems.push(`placeholder for attachment ${num}, but the packet has ${attachments.length}`);
    return jsonToTree(value, label);
  }
  if (value.kind === 'object')
    return { label, type: 'object', children: value.entries.map(([key, child]) => withAttachments(child, key, attachments, problems)) };
  if (value.kind === 'array')
    return { label, type: 'array', children: value.items.map((child, index) => withAttachments(child, String(index), attachments, problems)) };
  return jsonToTree(value, label);
}
