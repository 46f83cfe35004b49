// Phoenix Channels (phoenix.js and the Phoenix server's serializers). vsn 1.0.0 sends JSON objects
// `{topic, event, payload, ref, join_ref?}`; vsn 2.0.0 sends arrays `[join_ref, ref, topic, event, payload]`
// and, for binary payloads, frames of a kind byte, one length byte per field, the fields, then the raw
// payload (shown as binary payloads are everywhere: exact JSON, text, else hex). A client push's ref pairs it with the server's phx_reply.
import { payloadNode, strictUtf8 } from './binary-display.ts';
import { jsonChildren, jsonField, jsonScalar, jsonToTree, type JsonValue } from './json.ts';
import { HEARTBEAT_FIELD, decodedMessage, describeKind, firstToSniff, readJsonMessage, sniffJson, undecodable } from './json-message.ts';
import type { ConnectionContext, DecodedItem, DecodedMessage, MessageInput, ProtocolDecoder, TreeNode } from './types.ts';

export interface PhoenixState {
  /** The serializer the URL's `vsn` asks for; undefined when the URL names none (each message then speaks for itself). */
  serializer: 'v1' | 'v2' | undefined;
  vsn: string | undefined;
}

export const CORRELATION_SCOPE = 'phoenix';
/** Heartbeats and their replies travel on this topic only. */
const HEARTBEAT_TOPIC = 'phoenix';
const REPLY = 'phx_reply';

/** One Phoenix message, from any of the three encodings. */
interface PhoenixMessage {
  joinRef: string | undefined;
  ref: string | undefined;
  topic: string;
  event: string;
  /** A phx_reply's status (in the payload for JSON, a header field in binary). */
  status: string | undefined;
  tree: TreeNode[];
  errors: string[];
}

function vsnOf(url: string): string | undefined {
  const match = /[?&]vsn=([^&#]*)/.exec(url);
  return match ? match[1] : undefined;
}

function serializerOf(vsn: string | undefined): 'v1' | 'v2' | undefined {
  if (vsn?.startsWith('1.')) return 'v1';
  if (vsn?.startsWith('2.')) return 'v2';
  return undefined;
}

function refText(value: JsonValue | undefined, name: string, errors: string[]): string | undefined {
  if (value === undefined || value.kind === 'null') return undefined;
  const text = jsonScalar(value);
  if (text === undefined || value.kind === 'boolean') errors.push(`${name} is ${describeKind(value)}, not a string or null`);
  return text;
}

function requiredString(value: JsonValue | undefined, name: string, errors: string[]): string {
  if (value?.kind === 'string') return value.value;
  errors.push(value ? `${name} is ${describeKind(value)}, not a string` : `no ${name}`);
  return '';
}

const V2_LABELS = ['join_ref', 'ref', 'topic', 'event', 'payload'];

/** A JSON message of either serializer, or undefined when it is neither an array nor an object. */
function fromJson(value: JsonValue): PhoenixMessage | undefined {
  const errors: string[] = [];
  if (value.kind === 'array') {
    const [joinRef, ref, topic, event, payload] = value.items;
    if (value.items.length !== 5) errors.push(`a v2 message is an array of 5 [join_ref, ref, topic, event, payload], this one has ${value.items.length}`);
    const message = fromParts(joinRef, ref, topic, event, payload, errors);
    message.tree = value.items.map((item, index) => jsonToTree(item, V2_LABELS[index] ?? String(index)));
    return message;
  }
  if (value.kind === 'object') {
    const message = fromParts(
      jsonField(value, 'join_ref'),
      jsonField(value, 'ref'),
      jsonField(value, 'topic'),
      jsonField(value, 'event'),
      jsonField(value, 'payload'),
      errors,
    );
    if (!jsonField(value, 'payload')) errors.push('no payload');
    message.tree = jsonChildren(value);
    return message;
  }
  return undefined;
}

function fromParts(
  joinRef: JsonValue | undefined,
  ref: JsonValue | undefined,
  topic: JsonValue | undefined,
  event: JsonValue | undefined,
  payload: JsonValue | undefined,
  errors: string[],
): PhoenixMessage {
  const message: PhoenixMessage = {
    joinRef: refText(joinRef, 'join_ref', errors),
    ref: refText(ref, 'ref', errors),
    topic: requiredString(topic, 'topic', errors),
    event: requiredString(event, 'event', errors),
    status: undefined,
    tree: [],
    errors,
  };
  if (message.event === REPLY) {
    const status = jsonField(payload, 'status');
    if (status?.kind === 'string') message.status = status.value;
    else errors.push(status ? `phx_reply's payload.status is ${describeKind(status)}, not a string` : 'phx_reply without payload.status');
  }
  return message;
}

const KINDS = ['push', 'reply', 'broadcast'] as const;
/** The length-prefixed header fields of each binary kind, by sender: a server's push carries no ref. */
const CLIENT_PUSH_FIELDS = ['join_ref', 'ref', 'topic', 'event'] as const;
const SERVER_FIELDS = {
  push: ['join_ref', 'topic', 'event'],
  reply: ['join_ref', 'ref', 'topic', 'status'],
  broadcast: ['topic', 'event'],
} as const;

/** Shows a header field that is not UTF-8 anyway, with U+FFFD for what does not decode. */
const lenientUtf8 = new TextDecoder('utf-8');

/** A v2 binary frame, or what is wrong with it. */
function fromBinary(bytes: Uint8Array, direction: 'send' | 'receive'): PhoenixMessage | string {
  if (bytes.length === 0) return 'empty binary message';
  const kindByte = bytes[0]!;
  const kind = KINDS[kindByte];
  if (!kind) return `binary message kind ${kindByte} is none of push (0), reply (1), broadcast (2)`;
  if (direction === 'send' && kind !== 'push') return `a client sends only binary pushes (kind 0), this is kind ${kindByte} (${kind})`;
  const names: readonly string[] = direction === 'send' ? CLIENT_PUSH_FIELDS : SERVER_FIELDS[kind];
  if (bytes.length < 1 + names.length) return `binary ${kind} is cut short: its header needs ${1 + names.length} bytes, the message has ${bytes.length}`;
  const errors: string[] = [];
  const values: Record<string, string> = {};
  let offset = 1 + names.length;
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    const size = bytes[1 + index]!;
    if (offset + size > bytes.length) return `binary ${kind} is cut short: its ${name} needs ${size} bytes, ${bytes.length - offset} remain`;
    const field = bytes.subarray(offset, offset + size);
    const text = strictUtf8(field);
    if (text === undefined) errors.push(`${name} is not UTF-8`);
    values[name] = text ?? lenientUtf8.decode(field);
    offset += size;
  }
  const payload = bytes.subarray(offset);
  const event = kind === 'reply' ? REPLY : (values.event ?? '');
  const tree: TreeNode[] = [{ label: 'kind', type: 'text', value: `${kindByte} (${kind})` }];
  for (const name of names) tree.push({ label: name, type: 'string', value: values[name] ?? '' });
  if (kind === 'reply') tree.push({ label: 'event', type: 'text', value: REPLY });
  tree.push(payloadNode(kind === 'reply' ? 'response' : 'payload', payload));
  // Pushes and replies always name their join_ref (empty when none); broadcasts have none.
  const joinRef = values.join_ref || undefined;
  return { joinRef, ref: values.ref || undefined, topic: values.topic ?? '', event, status: values.status, tree, errors };
}

function toItem(message: PhoenixMessage, direction: 'send' | 'receive'): DecodedItem {
  const fields: Record<string, string> = { topic: message.topic, event: message.event };
  if (message.ref !== undefined) fields.ref = message.ref;
  if (message.joinRef !== undefined) fields.join_ref = message.joinRef;
  if (message.topic === HEARTBEAT_TOPIC) fields[HEARTBEAT_FIELD] = 'true';
  const item: DecodedItem = { type: message.event, key: message.topic, fields, tree: message.tree };
  if (message.event === REPLY) {
    item.key = message.status ?? '';
    if (message.status !== undefined) fields.status = message.status;
    if (message.ref !== undefined) item.correlation = { role: 'response', scope: CORRELATION_SCOPE, id: message.ref };
  } else if (direction === 'send' && message.ref !== undefined) {
    item.correlation = { role: 'request', scope: CORRELATION_SCOPE, id: message.ref };
  }
  if (message.errors.length > 0) item.error = message.errors.join('; ');
  return item;
}

function decode(input: MessageInput, state: PhoenixState): DecodedMessage {
  let message: PhoenixMessage;
  let format: 'v1' | 'v2';
  if (input.kind === 'binary') {
    const binary = fromBinary(input.bytes, input.direction);
    if (typeof binary === 'string') return undecodable('phoenix', binary);
    message = binary;
    format = 'v2';
  } else {
    const read = readJsonMessage(input);
    if (!read.ok) return undecodable('phoenix', read.error);
    const json = fromJson(read.value);
    if (!json) return undecodable('phoenix', `a Phoenix message is a JSON array (vsn 2) or object (vsn 1), not ${describeKind(read.value)}`);
    message = json;
    format = read.value.kind === 'array' ? 'v2' : 'v1';
  }
  if (state.serializer && state.serializer !== format) {
    message.errors.push(`a ${format === 'v1' ? 'vsn 1 object' : 'vsn 2'} message on a socket that asked for vsn=${state.vsn}`);
  }
  return decodedMessage('phoenix', [toItem(message, input.direction)]);
}

/** Events only Phoenix's channel protocol uses. */
const PHOENIX_EVENTS = new Set(['phx_join', 'phx_reply', 'phx_leave', 'phx_close', 'phx_error', 'heartbeat']);

/** What the first messages say: none yet, not Phoenix (one is not a Phoenix message), or a score. */
function sniff(firstMessages: readonly MessageInput[]): 'none' | 'contradicted' | number {
  let texts = 0;
  let ownEvents = false;
  for (const input of firstToSniff(firstMessages)) {
    if (input.kind === 'binary') {
      // Binary frames fit or contradict, but never prove Phoenix on their own.
      if (typeof fromBinary(input.bytes, input.direction) === 'string') return 'contradicted';
      continue;
    }
    const read = sniffJson(input);
    const message = read.ok ? fromJson(read.value) : undefined;
    if (!message || message.errors.length > 0 || message.topic === '' || message.event === '') return 'contradicted';
    // A vsn 1 object always names its ref, even as null: a chat app's {topic, event, payload} does not.
    if (read.ok && read.value.kind === 'object' && !jsonField(read.value, 'ref')) return 'contradicted';
    texts++;
    if (PHOENIX_EVENTS.has(message.event)) ownEvents = true;
  }
  if (texts === 0) return 'none';
  // Well-formed but without a join, reply or heartbeat among the first messages: not enough on its own.
  return ownEvents ? 0.75 : 0.45;
}

function detect(context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  const sniffed = sniff(firstMessages);
  // The URL is a convention, not a negotiation: messages that are not Phoenix's overrule it.
  if (sniffed === 'contradicted') return 0;
  const path = context.url.split(/[?#]/, 1)[0] ?? '';
  // phoenix.js always adds ?vsn= to the endpoint's /websocket path; /websocket alone is too common a name.
  const urlScore = /\/websocket\/?$/.test(path) && vsnOf(context.url) !== undefined ? 0.9 : 0;
  return Math.max(urlScore, sniffed === 'none' ? 0 : sniffed);
}

export const phoenixDecoder: ProtocolDecoder<PhoenixState> = {
  id: 'phoenix',
  name: 'Phoenix Channels',
  detect,
  createState: (context) => {
    const vsn = vsnOf(context.url);
    return { vsn, serializer: serializerOf(vsn) };
  },
  decode,
};
