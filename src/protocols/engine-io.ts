// Engine.IO v3 and v4 over WebSocket: one packet per WebSocket message, its type a digit (0 open … 6 noop)
// before the data. Text messages carry text packets; binary messages are "message" packets, raw in v4 and
// behind a 0x04 type byte in v3. (Long-polling's payload framing never reaches a WebSocket.)
// Socket.IO (socket.io.ts) rides in the message packets; plain Engine.IO is engine-io-decoder.ts.
import { jsonField, jsonScalar, jsonToTree, parseJson } from './json.ts';
import { leaf, preview } from './tree-nodes.ts';
import type { DecodedItem, MessageInput } from './types.ts';

export type EngineIoVersion = 3 | 4;

const PACKET_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'] as const;
export type EnginePacketType = (typeof PACKET_TYPES)[number];

export type EnginePacket =
  | { type: 'message'; text: string }
  | { type: 'message'; bytes: Uint8Array }
  | { type: Exclude<EnginePacketType, 'message'>; data: string }
  | { type: 'invalid'; error: string };

/** The EIO query parameter (3 or 4) of a socket URL, if any. */
export function engineIoVersionFromUrl(url: string): EngineIoVersion | undefined {
  const match = /[?&]EIO=(\d+)/.exec(url);
  if (match?.[1] === '3') return 3;
  if (match?.[1] === '4') return 4;
  return undefined;
}

/** True for Socket.IO's default path (`/socket.io/`), query aside. */
export function isSocketIoPath(url: string): boolean {
  const queryAt = url.indexOf('?');
  return (queryAt < 0 ? url : url.slice(0, queryAt)).includes('/socket.io/');
}

/** One text message as an Engine.IO packet. `version` matters only for base64 binary ('b…'). */
export function parseEngineText(text: string, version: EngineIoVersion | undefined): EnginePacket {
  if (text.length === 0) return { type: 'invalid', error: 'empty message: an Engine.IO packet starts with its type digit (0-6)' };
  const first = text.charCodeAt(0);
  if (first === 0x62) return parseBase64Message(text, version);
  const type = PACKET_TYPES[first - 0x30];
  if (type === undefined) return { type: 'invalid', error: `unknown Engine.IO packet type '${text[0]}' (expected a digit 0-6)` };
  if (type === 'message') return { type, text: text.slice(1) };
  return { type, data: text.slice(1) };
}

/** One binary message: a v4 message packet as is; in v3 a type byte (4, message) comes first. */
export function parseEngineBinary(bytes: Uint8Array, version: EngineIoVersion | undefined): EnginePacket {
  if (version !== 3) return { type: 'message', bytes };
  if (bytes.length === 0) return { type: 'invalid', error: 'empty binary message: Engine.IO v3 starts binary packets with the type byte 4' };
  if (bytes[0] !== 4) return { type: 'invalid', error: `Engine.IO v3 binary packet of type ${bytes[0]}: only message packets (type byte 4) carry binary` };
  return { type: 'message', bytes: bytes.subarray(1) };
}

/** 'b' then base64: binary sent as text (v3: 'b4' and base64, v4: 'b' and base64). */
function parseBase64Message(text: string, version: EngineIoVersion | undefined): EnginePacket {
  let start = 1;
  if (version === 3) {
    if (text[1] !== '4') return { type: 'invalid', error: `Engine.IO v3 base64 packet of type '${text[1] ?? ''}': only message packets ('b4…') carry binary` };
    start = 2;
  }
  const bytes = decodeBase64(text, start);
  return bytes ? { type: 'message', bytes } : { type: 'invalid', error: "a 'b' packet's data is not valid base64" };
}

const BASE64_VALUES = (() => {
  const values = new Int16Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let index = 0; index < alphabet.length; index++) values[alphabet.charCodeAt(index)] = index;
  return values;
})();

/** Standard base64 from `start`, '=' padding optional; undefined when it is not base64. */
export function decodeBase64(text: string, start = 0): Uint8Array | undefined {
  let end = text.length;
  while (end > start && text.charCodeAt(end - 1) === 0x3d) end--;
  if (text.length - end > 2 || (end - start) % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor(((end - start) * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    const value = code < 128 ? BASE64_VALUES[code]! : -1;
    if (value < 0) return undefined;
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[written++] = (buffer >> bits) & 0xff;
    }
  }
  return out;
}

/** The item of a packet other than a message: open (with its handshake), close, ping, pong, upgrade, noop. */
export function controlItem(packet: Exclude<EnginePacket, { type: 'message' } | { type: 'invalid' }>): DecodedItem {
  if (packet.type !== 'open') {
    // "2probe"/"3probe" test a new transport; other data is kept and shown.
    const item: DecodedItem = { type: packet.type, fields: { type: packet.type }, tree: [] };
    if (packet.data !== '') {
      item.key = preview(packet.data);
      item.tree.push(leaf('data', packet.data));
    }
    return item;
  }
  const parsed = parseJson(packet.data);
  if (!parsed.ok)
    return {
      type: 'open',
      fields: { type: 'open' },
      tree: [leaf('handshake', packet.data, 'text')],
      error: `open packet's handshake is not JSON: ${parsed.error}`,
    };
  const tree = jsonToTree(parsed.value, 'handshake').children ?? [jsonToTree(parsed.value, 'handshake')];
  const sid = jsonScalar(jsonField(parsed.value, 'sid'));
  const item: DecodedItem = { type: 'open', fields: { type: 'open' }, tree };
  if (parsed.value.kind !== 'object') item.error = "open packet's handshake is not a JSON object";
  else if (sid === undefined) item.error = "open packet's handshake has no sid";
  else item.fields.sid = sid;
  return item;
}

/**
 * The Engine.IO version: the URL's EIO, else what the traffic shows. v3 clients ping the server; v4
 * servers ping the client, and only v4 handshakes have maxPayload.
 */
export function inferVersion(packet: EnginePacket, direction: MessageInput['direction']): EngineIoVersion | undefined {
  if (packet.type === 'ping' && packet.data === '') return direction === 'send' ? 3 : 4;
  if (packet.type === 'open' && packet.data.includes('"maxPayload"')) return 4;
  return undefined;
}

export interface EngineIoState {
  version: EngineIoVersion | undefined;
}

export function decodeEnginePacket(message: MessageInput, state: EngineIoState): EnginePacket {
  const packet = message.kind === 'text' ? parseEngineText(message.text, state.version) : parseEngineBinary(message.bytes, state.version);
  state.version ??= inferVersion(packet, message.direction);
  return packet;
}
