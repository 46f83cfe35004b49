// ASP.NET Core SignalR over WebSocket. The client's first message is the handshake, always JSON ending in 0x1E:
// {"protocol":"json"|"messagepack","version":1}; the server answers {} (or {"error": …}), in a binary message
// when the connection speaks MessagePack, possibly with hub messages after it. Then text messages carry JSON
// records (signalr-json.ts) and binary ones length-prefixed MessagePack (signalr-messagepack.ts). One decoding
// for both: the handshake's protocol name, kept in the state, says which the connection is; two registry
// entries so each can be detected and chosen by name.
import { decodeUtf8 } from './byte-reader.ts';
import { jsonChildren, jsonField, parseJson, type JsonValue } from './json.ts';
import { brokenItem } from './signalr-hub.ts';
import { jsonRecordItems, RECORD_SEPARATOR } from './signalr-json.ts';
import { messagepackItems } from './signalr-messagepack.ts';
import { summarize, type ConnectionContext, type DecodedItem, type DecodedMessage, type MessageInput, type ProtocolDecoder } from './types.ts';

export interface SignalRState {
  /** The hub protocol the client's handshake named ('json', 'messagepack', Blazor's 'blazorpack'…); '' before it. */
  protocol: string;
  handshakeSent: boolean;
  handshakeAnswered: boolean;
}

type SignalRId = 'signalr-json' | 'signalr-msgpack';

/** Hub protocol names that are the MessagePack hub protocol (Blazor Server names its own variant). */
const MESSAGEPACK_NAMES = new Set(['messagepack', 'blazorpack']);
const RECORD_SEPARATOR_BYTE = 0x1e;
const OPEN_BRACE = 0x7b;

const HANDSHAKE_SCORE = 0.95;
const CONNECTION_ID_BONUS = 0.03;
const RECORDS_SCORE = 0.8;
const FRAMES_SCORE = 0.75;
const CONNECTION_ID_ONLY_SCORE = 0.3;

export const signalrJsonDecoder = signalrDecoder('signalr-json', 'SignalR (JSON)');
export const signalrMessagepackDecoder = signalrDecoder('signalr-msgpack', 'SignalR (MessagePack)');

function signalrDecoder(id: SignalRId, name: string): ProtocolDecoder<SignalRState> {
  return {
    id,
    name,
    detect: (context, firstMessages) => detect(id, context, firstMessages),
    createState: () => ({ protocol: '', handshakeSent: false, handshakeAnswered: false }),
    decode: (message, state) => decode(message, state),
  };
}

function decode(message: MessageInput, state: SignalRState): DecodedMessage {
  let items: DecodedItem[];
  try {
    items = decodeItems(message, state);
  } catch (error) {
    // Not expected: every reader here returns its errors; this keeps a bug of ours from reaching the panel as a throw.
    items = [brokenItem(`decoder failure: ${String(error)}`)];
  }
  const protocol: SignalRId =
    MESSAGEPACK_NAMES.has(state.protocol) || (state.protocol === '' && message.kind === 'binary') ? 'signalr-msgpack' : 'signalr-json';
  const error = items.length === 1 && items[0]!.type === 'malformed' ? items[0]!.error : undefined;
  return { protocol, summary: summarize(items), items, ...(error !== undefined && { error }) };
}

function decodeItems(message: MessageInput, state: SignalRState): DecodedItem[] {
  const handshake = readHandshake(message, state);
  const items = handshake ? [handshake.item] : [];
  const from = handshake?.rest ?? 0;
  if (message.kind === 'text') {
    if (from < message.text.length || !handshake) items.push(...jsonRecordItems(message.text.slice(from), message.direction));
  } else if (from < message.bytes.length || !handshake) {
    items.push(...messagepackItems(message.bytes, from, message.direction));
  }
  return items;
}

/**
 * The handshake at the start of the first message each way, and where the rest starts. A first message that is
 * not one (a capture begun mid-connection) is left to the hub protocols.
 */
function readHandshake(message: MessageInput, state: SignalRState): { item: DecodedItem; rest: number } | undefined {
  const sending = message.direction === 'send';
  if (sending ? state.handshakeSent : state.handshakeAnswered) return undefined;
  if (sending) state.handshakeSent = true;
  else state.handshakeAnswered = true;
  const first = firstRecord(message);
  if (!first) return undefined;
  const parsed = parseJson(first.text);
  if (!parsed.ok || parsed.value.kind !== 'object') return undefined;
  if (jsonField(parsed.value, 'type') !== undefined) return undefined;
  const item = sending ? handshakeRequest(parsed.value, state) : handshakeResponse(parsed.value);
  if (!first.terminated) item.error = 'handshake without its record separator (0x1E)';
  return { item, rest: first.rest };
}

/** The text before the first record separator, when the message starts like a JSON object. */
function firstRecord(message: MessageInput): { text: string; rest: number; terminated: boolean } | undefined {
  if (message.kind === 'text') {
    if (!message.text.trimStart().startsWith('{')) return undefined;
    const end = message.text.indexOf(RECORD_SEPARATOR);
    return end < 0
      ? { text: message.text, rest: message.text.length, terminated: false }
      : { text: message.text.slice(0, end), rest: end + 1, terminated: true };
  }
  if (message.bytes[0] !== OPEN_BRACE) return undefined;
  const end = message.bytes.indexOf(RECORD_SEPARATOR_BYTE);
  const length = end < 0 ? message.bytes.length : end;
  return { text: decodeUtf8(message.bytes.subarray(0, length)).text, rest: end < 0 ? length : end + 1, terminated: end >= 0 };
}

function handshakeRequest(value: JsonValue, state: SignalRState): DecodedItem {
  const protocol = jsonField(value, 'protocol');
  const version = jsonField(value, 'version');
  const fields: Record<string, string> = {};
  if (protocol?.kind === 'string') {
    state.protocol = protocol.value;
    fields.protocol = protocol.value;
  }
  if (version?.kind === 'number') fields.version = version.raw;
  const item: DecodedItem = { type: 'handshake', key: fields.protocol, fields, tree: jsonChildren(value) };
  if (protocol?.kind !== 'string') item.error = 'handshake request without a "protocol" string';
  else if (version?.kind !== 'number') item.error = 'handshake request without a numeric "version"';
  return item;
}

function handshakeResponse(value: JsonValue): DecodedItem {
  const error = jsonField(value, 'error');
  const fields: Record<string, string> = {};
  if (error?.kind === 'string') fields.error = error.value;
  return { type: 'handshake', key: error === undefined ? 'accepted' : 'refused', fields, tree: jsonChildren(value) };
}

function detect(id: SignalRId, context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  const connectionId = /[?&]id=[^&#]/.test(context.url);
  const bonus = connectionId ? CONNECTION_ID_BONUS : 0;
  const request = firstMessages.find((message) => message.direction === 'send');
  const named = request ? handshakeProtocol(request) : undefined;
  if (named !== undefined) return MESSAGEPACK_NAMES.has(named) === (id === 'signalr-msgpack') ? HANDSHAKE_SCORE + bonus : 0;
  // No handshake among them (a capture begun mid-connection): the hub messages themselves.
  if (id === 'signalr-json' && looksLikeJsonRecords(firstMessages)) return RECORDS_SCORE + bonus;
  if (id === 'signalr-msgpack' && looksLikeMessagepackFrames(firstMessages)) return FRAMES_SCORE + bonus;
  return connectionId ? CONNECTION_ID_ONLY_SCORE : 0;
}

/** The protocol a handshake request names: a JSON object with a "protocol" string and no "type", ended by 0x1E. */
function handshakeProtocol(message: MessageInput): string | undefined {
  const first = firstRecord(message);
  if (!first?.terminated) return undefined;
  const parsed = parseJson(first.text);
  if (!parsed.ok || jsonField(parsed.value, 'type') !== undefined) return undefined;
  const protocol = jsonField(parsed.value, 'protocol');
  return protocol?.kind === 'string' ? protocol.value : undefined;
}

function looksLikeJsonRecords(messages: readonly MessageInput[]): boolean {
  const texts = messages.flatMap((message) => (message.kind === 'text' ? [message.text] : []));
  return (
    texts.length > 0 && texts.every((text) => text.endsWith(RECORD_SEPARATOR) && jsonRecordItems(text, 'receive').every((item) => item.error === undefined))
  );
}

function looksLikeMessagepackFrames(messages: readonly MessageInput[]): boolean {
  const binary = messages.flatMap((message) => (message.kind === 'binary' ? [message.bytes] : []));
  return (
    binary.length > 0 &&
    binary.every((bytes) => messagepackItems(bytes, 0, 'receive').every((item) => item.error === undefined && !item.type.startsWith('type ')))
  );
}
