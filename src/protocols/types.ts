// The contract every protocol decoder keeps. Pure types: decoders run in the panel (lazily, never during
// capture), in workers and in Node, so nothing here names a browser API.

/** The protocols we recognise; 'raw' is "no protocol" (the payload shown as it is). */
// prettier-ignore
export type ProtocolId =
  | 'socket.io' | 'engine.io' | 'sockjs' | 'stomp' | 'mqtt' | 'graphql-ws' | 'subscriptions-transport-ws'
  | 'signalr-json' | 'signalr-msgpack' | 'phoenix' | 'actioncable' | 'wamp' | 'json-rpc' | 'json-lines'
  | 'msgpack' | 'cbor' | 'protobuf' | 'json' | 'raw';

/** What a decoder knows of the connection a message belongs to. */
export interface ConnectionContext {
  /** The socket's URL as the page passed it (query included: `/socket.io/?EIO=4`). */
  url: string;
  /** The sub-protocol the server chose (`Sec-WebSocket-Protocol` of the response), '' if none. */
  protocol: string;
  /** The sub-protocols the page offered. */
  requestedProtocols: readonly string[];
}

/** One message as a decoder sees it: text as a string, binary as bytes. */
export type MessageInput = { direction: 'send' | 'receive' } & ({ kind: 'text'; text: string } | { kind: 'binary'; bytes: Uint8Array });

/**
 * One node of the decoded structure shown in the detail pane. Values are display text, exactly as sent:
 * a number is its source digits (`9007199254740993` stays that), never a float that rounds.
 */
export interface TreeNode {
  /** Field name, array index or a label ("headers", "properties"). */
  label: string;
  /** A leaf's value as text; absent on a branch. */
  value?: string;
  /** What the value is, for styling and for copying it as typed. */
  type?: 'string' | 'number' | 'boolean' | 'null' | 'bytes' | 'object' | 'array' | 'text';
  children?: TreeNode[];
}

/** A request or answer that issue-16 pairing links: same `scope` and `id` on both sides. */
export interface Correlation {
  role: 'request' | 'response';
  /** Keeps ids of different spaces apart: 'ack:/chat', 'rpc', 'mqtt:packet'… */
  scope: string;
  id: string;
}

/** One protocol message: a WebSocket message may carry several (MQTT packets, SignalR records, a SockJS array). */
export interface DecodedItem {
  /** The protocol's own name for the message type: 'EVENT', 'SEND', 'PUBLISH', 'Invocation', 'phx_join', 'CALL'. */
  type: string;
  /** Its key, when it has one: event name, destination, topic, target, Phoenix event's topic, procedure. */
  key?: string;
  /** Filterable fields, lowercase names: event, destination, topic, operation, target, channel, id, namespace… */
  fields: Record<string, string>;
  tree: TreeNode[];
  correlation?: Correlation;
  /** Set when this part is malformed: what is wrong, specifically (the raw payload is still shown). */
  error?: string;
}

/** The decoded form of one WebSocket message. */
export interface DecodedMessage {
  protocol: ProtocolId;
  /** One line for the table: `${type} ${key}` of the first item, with "+N" when there are more. */
  summary: string;
  items: DecodedItem[];
  /** Set when the message as a whole could not be decoded; `items` may then be empty. */
  error?: string;
  /** True when this message only completes an earlier one (a Socket.IO attachment, an MQTT packet's tail). */
  continuation?: boolean;
}

/**
 * A protocol decoder. `decode` must never throw: malformed input yields a record with `error` set.
 * State crosses messages of one connection (Engine.IO version, pending Socket.IO attachments, a split
 * MQTT packet, SignalR's handshake, the negotiated serializer); the caller keeps one per connection and
 * feeds that connection's messages in order.
 */
export interface ProtocolDecoder<State = unknown> {
  id: ProtocolId;
  /** Shown on the connection and in the override menu. */
  name: string;
  /**
   * How sure we are that the connection speaks this protocol, 0..1, from its context and its first
   * messages (possibly none yet). Sub-protocol and URL evidence should score above sniffed payloads.
   */
  detect(context: ConnectionContext, firstMessages: readonly MessageInput[]): number;
  createState(context: ConnectionContext): State;
  decode(message: MessageInput, state: State, context: ConnectionContext): DecodedMessage;
}

/** The summary line of a decoded message, from its items (one place, so every decoder reads alike). */
export function summarize(items: readonly DecodedItem[], error?: string): string {
  const first = items[0];
  if (!first) return error ? `malformed: ${error}` : '';
  const head = first.key !== undefined && first.key !== '' ? `${first.type} ${first.key}` : first.type;
  return items.length > 1 ? `${head} +${items.length - 1}` : head;
}
