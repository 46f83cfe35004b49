// MQTT 3.1, 3.1.1 and 5.0 over WebSocket: each binary message cut into packets (several per message, or
// one across messages), each packet decoded with what the connection taught so far (the CONNECT's
// protocol level, each direction's topic aliases).
import { byteCount } from './binary-display.ts';
import { PACKET_TYPES } from './mqtt-codes.ts';
import { readFixedHeader, splitPackets, type DirectionStream, type StreamPiece } from './mqtt-framing.ts';
import { createSession, decodePacket, type Direction, type MqttSession } from './mqtt-packets.ts';
import { summarize, type ConnectionContext, type DecodedItem, type DecodedMessage, type MessageInput, type ProtocolDecoder } from './types.ts';

export interface MqttState {
  session: MqttSession;
  streams: Record<Direction, DirectionStream>;
}

const MQTT_SUBPROTOCOL = /^mqtt(?:v3\.1)?$/i;

export const mqttDecoder: ProtocolDecoder<MqttState> = {
  id: 'mqtt',
  name: 'MQTT',
  detect: detectMqtt,
  createState: () => ({ session: createSession(), streams: { send: { pending: undefined }, receive: { pending: undefined } } }),
  decode(message, state) {
    try {
      return decodeMessage(message, state);
    } catch (error) {
      return failed(`decoder failure: ${String(error)}`);
    }
  },
};

function decodeMessage(message: MessageInput, state: MqttState): DecodedMessage {
  if (message.kind === 'text') return failed('MQTT travels in binary WebSocket messages; this one is text');
  const { pieces, continuation } = splitPackets(state.streams[message.direction], message.bytes);
  // An empty message is no bytes of the stream, not an error: mqtt.js in Node writes one for an empty topic name.
  if (pieces.length === 0) return { protocol: 'mqtt', summary: 'empty message', items: [] };
  const only = pieces.length === 1 ? pieces[0]! : undefined;
  if (only?.kind === 'malformed') return failed(only.error);
  const items = pieces.map((piece) => pieceItem(piece, message.direction, state.session));
  const decoded: DecodedMessage = { protocol: 'mqtt', summary: only?.kind === 'partial' ? partialText(only) : summarize(items), items };
  if (continuation) decoded.continuation = true;
  return decoded;
}

function pieceItem(piece: StreamPiece, direction: Direction, session: MqttSession): DecodedItem {
  switch (piece.kind) {
    case 'packet':
      return decodePacket(piece.bytes, piece.header, direction, session, piece.messages);
    case 'partial': {
      const type = PACKET_TYPES[piece.type] ?? 'Reserved';
      return {
        type: `partial ${type}`,
        fields: { type, partial: 'true' },
        tree: [
          { label: 'received so far', type: 'text', value: partialAmount(piece) },
          { label: 'note', type: 'text', value: 'the packet is decoded in the message that completes it' },
        ],
      };
    }
    case 'malformed':
      return { type: 'not MQTT', fields: {}, tree: [], error: `${piece.error}; the rest of this message is skipped` };
  }
}

type PartialPiece = Extract<StreamPiece, { kind: 'partial' }>;

/** "partial PUBLISH, 120 of 4000 bytes". */
function partialText(piece: PartialPiece): string {
  return `partial ${PACKET_TYPES[piece.type] ?? 'Reserved'}, ${partialAmount(piece)}`;
}

/** "120 of 4000 bytes", or "3 bytes, length not known yet" while the fixed header itself is cut. */
function partialAmount(piece: PartialPiece): string {
  return piece.total === undefined ? `${byteCount(piece.have)}, length not known yet` : `${piece.have} of ${byteCount(piece.total)}`;
}

function failed(error: string): DecodedMessage {
  return { protocol: 'mqtt', summary: summarize([], error), items: [], error };
}

function detectMqtt(context: ConnectionContext, firstMessages: readonly MessageInput[]): number {
  if (MQTT_SUBPROTOCOL.test(context.protocol)) return 0.95;
  if (context.requestedProtocols.some((name) => MQTT_SUBPROTOCOL.test(name))) return 0.85;
  const first = firstMessages.find((message) => message.direction === 'send');
  if (first?.kind === 'binary' && isConnectPacket(leadingSentBytes(firstMessages, 16))) return 0.9;
  const path = context.url.split(/[?#]/, 1)[0] ?? '';
  if (/\/mqtt\/?$/i.test(path) && (first === undefined || first.kind === 'binary')) return 0.6;
  return 0;
}

/** Up to `limit` bytes of the first sent binary messages joined: a CONNECT may come a few bytes per message. */
function leadingSentBytes(messages: readonly MessageInput[], limit: number): Uint8Array {
  const out: number[] = [];
  for (const message of messages) {
    if (message.direction !== 'send') continue;
    if (message.kind !== 'binary') break;
    for (let i = 0; i < message.bytes.length && out.length < limit; i++) out.push(message.bytes[i]!);
    if (out.length >= limit) break;
  }
  return Uint8Array.from(out);
}

/** A CONNECT packet's start: type 1, flags 0, then the protocol name "MQTT" (3.1.1, 5.0) or "MQIsdp" (3.1). */
export function isConnectPacket(bytes: Uint8Array): boolean {
  const read = readFixedHeader(bytes, 0);
  if (read.kind !== 'ok' || bytes[0] !== 0x10) return false;
  const at = read.header.headerLength;
  const name = (length: number, text: string) =>
    bytes[at] === 0 && bytes[at + 1] === length && String.fromCharCode(...bytes.subarray(at + 2, at + 2 + length)) === text;
  return name(4, 'MQTT') || name(6, 'MQIsdp');
}
