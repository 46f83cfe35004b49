import { concatBytes } from './bytes.ts';
import { RawDeflater } from './deflate.ts';
import { senderCompression, type DeflateParams } from './extensions.ts';
import type { FrameHeader } from './frame.ts';
import { copyUnmasked } from './masking.ts';
import { isControlOpcode, Opcode, opcodeOf, type MessageType } from './opcodes.ts';
import type { Role } from './parser.ts';
import { encodeUtf8 } from './utf8.ts';

export interface OutgoingMessage {
  type: MessageType;
  /** Payload; a string is sent as UTF-8. For close, the reason goes in closeReason instead. */
  data?: Uint8Array | string;
  closeCode?: number;
  closeReason?: string;
}

/** Fixed key bytes (used for every frame), or a function called once per frame. */
export type MaskKeySource = Uint8Array | (() => Uint8Array);

export interface EncoderOptions {
  /** Who sends: clients mask every frame, servers never do (RFC 6455 section 5.1). */
  role: Role;
  /** Default: 4 random bytes per frame from crypto.getRandomValues. */
  maskKey?: MaskKeySource;
  /** Split data messages into frames of at most this many payload bytes. */
  fragmentSize?: number;
  /** Negotiated permessage-deflate parameters; data messages are then compressed. */
  deflate?: DeflateParams | null;
}

export interface FrameToEncode {
  fin: boolean;
  rsv1?: boolean;
  opcode: number;
  /** Unmasked payload. */
  payload: Uint8Array;
  maskKey: Uint8Array | null;
}

export interface EncodedFrame extends FrameHeader {
  /** The frame as it goes on the wire: header, then the (masked) payload. */
  bytes: Uint8Array;
  /** Unmasked payload (compressed when rsv1 is set). */
  payload: Uint8Array;
}

/** Builds one frame with its header breakdown. Throws RangeError on a frame RFC 6455 forbids. */
export function encodeFrame(frame: FrameToEncode): EncodedFrame {
  const { payload, maskKey, opcode } = frame;
  const length = payload.length;
  if (isControlOpcode(opcode) && (length > 125 || !frame.fin)) {
    throw new RangeError('control frames must be final and carry at most 125 bytes');
  }
  if (maskKey && maskKey.length !== 4) throw new RangeError('a masking key has 4 bytes');
  const extendedLength = length > 0xffff ? 8 : length > 125 ? 2 : 0;
  const headerLength = 2 + extendedLength + (maskKey ? 4 : 0);
  const bytes = new Uint8Array(headerLength + length);
  bytes[0] = (frame.fin ? 0x80 : 0) | (frame.rsv1 ? 0x40 : 0) | opcode;
  bytes[1] = (maskKey ? 0x80 : 0) | (extendedLength === 8 ? 127 : extendedLength === 2 ? 126 : length);
  if (extendedLength === 2) {
    bytes[2] = length >>> 8;
    bytes[3] = length & 0xff;
  } else if (extendedLength === 8) {
    const high = Math.floor(length / 0x100000000);
    const view = new DataView(bytes.buffer);
    view.setUint32(2, high);
    view.setUint32(6, length >>> 0);
  }
  if (maskKey) {
    bytes.set(maskKey, headerLength - 4);
    copyUnmasked(payload, 0, bytes.subarray(headerLength), maskKey);
  } else bytes.set(payload, headerLength);
  return {
    bytes,
    payload,
    fin: frame.fin,
    rsv1: frame.rsv1 ?? false,
    rsv2: false,
    rsv3: false,
    opcode,
    masked: maskKey !== null,
    maskKey: maskKey ? maskKey.slice() : null,
    payloadLength: length,
    lengthBits: extendedLength === 8 ? 64 : extendedLength === 2 ? 16 : 7,
    extendedLengthBytes: bytes.slice(2, 2 + extendedLength),
    headerLength,
    headerBytes: bytes.slice(0, headerLength),
    nonMinimalLength: false,
  };
}

/**
 * Turns messages into frames for one side of a connection. Stateful: with permessage-deflate
 * context takeover each message may refer to the ones encoded before it, as on a real connection.
 */
export class MessageEncoder {
  private readonly deflater: RawDeflater | null;

  constructor(private readonly options: EncoderOptions) {
    if (options.fragmentSize !== undefined && !(options.fragmentSize >= 1)) {
      throw new RangeError('fragmentSize must be at least 1');
    }
    this.deflater = options.deflate ? new RawDeflater(senderCompression(options.deflate, options.role)) : null;
  }

  encode(message: OutgoingMessage): EncodedFrame[] {
    const opcode = opcodeOf(message.type);
    const body = messagePayload(message);
    if (isControlOpcode(opcode)) {
      return [encodeFrame({ fin: true, opcode, payload: body, maskKey: this.nextMaskKey() })];
    }
    const compressed = this.deflater !== null;
    const payload = this.deflater ? this.deflater.compressMessage(body) : body;
    const size = this.options.fragmentSize ?? Math.max(payload.length, 1);
    const frames: EncodedFrame[] = [];
    let at = 0;
    do {
      const end = Math.min(payload.length, at + size);
      frames.push(
        encodeFrame({
          fin: end === payload.length,
          rsv1: compressed && at === 0,
          opcode: at === 0 ? opcode : Opcode.Continuation,
          payload: payload.subarray(at, end),
          maskKey: this.nextMaskKey(),
        }),
      );
      at = end;
    } while (at < payload.length);
    return frames;
  }

  private nextMaskKey(): Uint8Array | null {
    if (this.options.role === 'server') return null;
    const source = this.options.maskKey;
    if (source === undefined) return globalThis.crypto.getRandomValues(new Uint8Array(4));
    return typeof source === 'function' ? source() : source;
  }
}

/** One message, encoded on a fresh connection state (no earlier deflate context). */
export function encodeMessage(message: OutgoingMessage, options: EncoderOptions): EncodedFrame[] {
  return new MessageEncoder(options).encode(message);
}

/** The frames' bytes back to back, as they would travel on the connection. */
export function joinFrames(frames: readonly { bytes: Uint8Array }[]): Uint8Array {
  return concatBytes(frames.map((frame) => frame.bytes));
}

function messagePayload(message: OutgoingMessage): Uint8Array {
  if (message.type === 'close') {
    if (message.closeCode === undefined) return new Uint8Array(0);
    const reason = encodeUtf8(message.closeReason ?? '');
    const payload = new Uint8Array(2 + reason.length);
    payload[0] = message.closeCode >>> 8;
    payload[1] = message.closeCode & 0xff;
    payload.set(reason, 2);
    return payload;
  }
  const data = message.data ?? new Uint8Array(0);
  return typeof data === 'string' ? encodeUtf8(data) : data;
}
