import { ByteSlab, concatBytes, viewOf, zeroFilled, type ByteAllocator } from './bytes.ts';
import { CloseCode, isValidCloseCodeOnWire } from './close-codes.ts';
import { protocolError, type ErrorCode, type ProtocolErrorEvent } from './errors.ts';
import { senderCompression, type DeflateParams } from './extensions.ts';
import type { FrameEvent, FrameWarning, MessageEvent } from './frame.ts';
import { rawInflater, type InflaterFactory, type MessageInflater } from './inflate.ts';
import { applyMaskInPlace, copyUnmasked } from './masking.ts';
import { isControlOpcode, isKnownOpcode, messageTypeOf, Opcode, type MessageType } from './opcodes.ts';
import { decodeUtf8, Utf8Validator } from './utf8.ts';

export type Role = 'client' | 'server';
export type ParserEvent = FrameEvent | MessageEvent | ProtocolErrorEvent;

export interface ParserOptions {
  /** Who sent the bytes: client frames must be masked, server frames must not be. */
  role: Role;
  /** Negotiated permessage-deflate parameters, or null/absent when it was not negotiated. */
  deflate?: DeflateParams | null;
  /** Largest message (after inflating) and largest frame accepted; beyond it: 1009. Default 100 MiB. */
  maxMessageSize?: number;
  /** Emit a frame event per frame (default). False: only messages and errors, for a plain message list. */
  frameEvents?: boolean;
  /**
   * Makes the arrays larger payloads are gathered into (frames that span pushes, masked frames,
   * fragmented messages). The parser writes every byte before handing one out, so they need not
   * be zero-filled: in Node, `Buffer.allocUnsafeSlow` saves writing each such payload twice.
   * Default: `new Uint8Array(length)`.
   */
  allocate?: ByteAllocator;
  /**
   * Makes the permessage-deflate inflater from the negotiated window and takeover rule (and
   * maxMessageSize as its output limit). Default: RawInflater, pure TypeScript.
   */
  inflater?: InflaterFactory;
}

export const DEFAULT_MAX_MESSAGE_SIZE = 100 * 1024 * 1024;

const enum State {
  /** Collecting the 2..14 header bytes. */
  Header,
  Payload,
  /** A fatal error was reported; nothing more is parsed. */
  Failed,
}

const EMPTY = new Uint8Array(0);
const NO_BUFFER = new ArrayBuffer(0);
const NO_FRAGMENTS: Uint8Array[] = [];
const NO_WARNINGS: readonly FrameWarning[] = Object.freeze([]);
const NON_MINIMAL_LENGTH: readonly FrameWarning[] = Object.freeze(['non-minimal-length' as const]);
/** Errors found in the second header byte (MASK bit and payload length); the rest are in the first. */
const SECOND_BYTE_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH',
  'WS_ERR_EXPECTED_MASK',
  'WS_ERR_UNEXPECTED_MASK',
]);
const MAX_HEADER_LENGTH = 14;
const MAX_SAFE_HIGH_WORD = 0x1fffff; // 2^53 - 1 >> 32

/**
 * Sans-I/O parser for one direction of a WebSocket connection (RFC 6455 section 5, RFC 7692).
 * push() takes bytes, returns events, and never throws; the events are the same however the
 * stream is split. After a fatal error every later push() and finish() returns no events: the
 * error was reported once, and is kept in `error`.
 */
export class FrameParser {
  // Fields set by the constructor are `declare`d, so its assignments create them: a class field
  // without an initializer is first defined as undefined, and V8 then has to generalize the
  // field (and the code that depends on it) when a number or boolean is stored.
  declare private readonly role: Role;
  declare private readonly maxMessageSize: number;
  declare private readonly inflater: MessageInflater | null;
  declare private readonly frameEvents: boolean;
  /** Holds the masking key when no frame event needs its own copy of the header. */
  private readonly maskScratch = new Uint8Array(4);

  private state = State.Header;
  /** Stream offset of the first byte of the next push. */
  private streamOffset = 0;

  declare private readonly slab: ByteSlab;
  declare private readonly allocate: ByteAllocator;
  private readonly header = new Uint8Array(MAX_HEADER_LENGTH);
  /** Copy of the current frame's header, handed out with its frame event. */
  private headerBytes: Uint8Array = EMPTY;
  private headerHave = 0;
  private headerNeed = 2;
  private frameOffset = 0;

  /** The pushed chunk's buffer and offset during push(), for views of it. */
  private chunkBuffer: ArrayBufferLike = NO_BUFFER;
  private chunkByteOffset = 0;

  /** First header byte of the current frame. */
  private first = 0;
  private fin = false;
  private rsv1 = false;
  private opcode = 0;
  private maskKey: Uint8Array | null = null;
  private payloadLength = 0;
  private lengthBits: 7 | 16 | 64 = 7;
  private nonMinimalLength = false;
  private payloadBuffer: Uint8Array | null = null;
  private payloadHave = 0;

  /** Data message in progress (possibly fragmented). */
  private messageOpcode = -1;
  private messageCompressed = false;
  private messageOffset = 0;
  private messageFrames = 0;
  private messageLength = 0;
  private fragments: Uint8Array[] = NO_FRAGMENTS;
  private readonly utf8 = new Utf8Validator();
  private closeSeen = false;

  /** The fatal error, once one happened. */
  error: ProtocolErrorEvent | null = null;

  constructor(options: ParserOptions) {
    this.role = options.role;
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.frameEvents = options.frameEvents ?? true;
    this.allocate = options.allocate ?? zeroFilled;
    this.slab = new ByteSlab(this.allocate);
    this.inflater = options.deflate
      ? (options.inflater ?? rawInflater)({ ...senderCompression(options.deflate, options.role), maxOutputLength: this.maxMessageSize })
      : null;
  }

  push(input: Uint8Array): ParserEvent[] {
    const events: ParserEvent[] = [];
    if (this.state === State.Failed) return events;
    // Node Buffers are Uint8Array subclasses: a plain view keeps every access below monomorphic
    // (and subarray() free of Buffer's species lookup), which doubles throughput on small frames.
    const chunk = input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.length);
    // Read once per push: the .buffer getter costs as much as making the view itself.
    this.chunkBuffer = chunk.buffer;
    this.chunkByteOffset = chunk.byteOffset;
    this.parse(chunk, events);
    this.chunkBuffer = NO_BUFFER;
    return events;
  }

  private parse(chunk: Uint8Array, events: ParserEvent[]): void {
    const base = this.streamOffset;
    this.streamOffset += chunk.length;
    const end = chunk.length;
    let pos = 0;
    while (pos < end) {
      if (this.state === State.Header) {
        if (this.headerHave === 0) {
          this.frameOffset = base + pos;
          if (this.closeSeen) return void this.fail(events, 'WS_ERR_FRAME_AFTER_CLOSE', this.frameOffset);
          if (end - pos >= 2) {
            // Fast path: the header is read where it lies, without gathering it first.
            const failure = this.checkFirstTwoBytes(chunk[pos]!, chunk[pos + 1]!);
            if (failure) return void this.fail(events, failure, this.frameOffset + (SECOND_BYTE_ERRORS.has(failure) ? 1 : 0));
            if (end - pos >= this.headerNeed) {
              if (!this.completeHeader(events, chunk, pos)) return;
              pos += this.headerNeed;
              if (this.payloadLength === 0) this.finishFrame(events, EMPTY);
              continue;
            }
            // The header goes on in the next push: gather it (its first two bytes are checked).
            while (pos < end) this.header[this.headerHave++] = chunk[pos++]!;
            continue;
          }
        }
        if (this.headerHave < 2) {
          this.header[this.headerHave++] = chunk[pos++]!;
          if (this.headerHave < 2) continue;
          const failure = this.checkFirstTwoBytes(this.header[0]!, this.header[1]!);
          if (failure) return void this.fail(events, failure, this.frameOffset + (SECOND_BYTE_ERRORS.has(failure) ? 1 : 0));
        }
        const take = Math.min(this.headerNeed - this.headerHave, end - pos);
        for (let i = 0; i < take; i++) this.header[this.headerHave++] = chunk[pos++]!;
        if (this.headerHave < this.headerNeed) continue;
        if (!this.completeHeader(events, this.header, 0)) return;
        if (this.payloadLength === 0) this.finishFrame(events, EMPTY);
      } else if (this.state === State.Payload) {
        const available = end - pos;
        const remaining = this.payloadLength - this.payloadHave;
        if (this.payloadBuffer === null && available >= remaining) {
          // Whole payload in this chunk: a view when unmasked, one copy when it must be unmasked.
          let payload: Uint8Array;
          if (this.maskKey) {
            payload = this.slab.alloc(remaining);
            copyUnmasked(chunk, pos, payload, this.maskKey);
          } else payload = new Uint8Array(this.chunkBuffer, this.chunkByteOffset + pos, remaining);
          pos += remaining;
          this.finishFrame(events, payload);
        } else {
          this.payloadBuffer ??= this.slab.alloc(this.payloadLength);
          const take = Math.min(remaining, available);
          this.payloadBuffer.set(chunk.subarray(pos, pos + take), this.payloadHave);
          this.payloadHave += take;
          pos += take;
          if (this.payloadHave === this.payloadLength) {
            const payload = this.payloadBuffer;
            if (this.maskKey) applyMaskInPlace(payload, this.maskKey);
            this.finishFrame(events, payload);
          }
        }
      } else return;
    }
  }

  /** Call at the end of the stream: reports a frame or fragmented message left unfinished. */
  finish(): ParserEvent[] {
    const events: ParserEvent[] = [];
    if (this.state === State.Failed) return events;
    if (this.state === State.Payload || this.headerHave > 0) {
      return this.fail(events, 'WS_ERR_INCOMPLETE_FRAME', this.streamOffset);
    }
    if (this.messageOpcode !== -1) {
      return this.fail(events, 'WS_ERR_INCOMPLETE_FRAME', this.streamOffset, 'a fragmented message has no final frame');
    }
    return events;
  }

  /** Checks in the order of the header bits, as ws does; returns the broken rule, if any. */
  private checkFirstTwoBytes(first: number, second: number): ErrorCode | null {
    this.first = first;
    this.fin = (first & 0x80) !== 0;
    this.rsv1 = (first & 0x40) !== 0;
    this.opcode = first & 0x0f;
    const masked = (second & 0x80) !== 0;
    const shortLength = second & 0x7f;

    if ((first & 0x30) !== 0) return 'WS_ERR_UNEXPECTED_RSV_2_3';
    if (!isKnownOpcode(this.opcode)) return 'WS_ERR_INVALID_OPCODE';
    const control = isControlOpcode(this.opcode);
    // RSV1 means "compressed", allowed only on the first frame of a data message.
    if (this.rsv1 && (!this.inflater || control || this.opcode === Opcode.Continuation)) {
      return 'WS_ERR_UNEXPECTED_RSV_1';
    }
    if (this.opcode === Opcode.Continuation && this.messageOpcode === -1) return 'WS_ERR_INVALID_OPCODE';
    if ((this.opcode === Opcode.Text || this.opcode === Opcode.Binary) && this.messageOpcode !== -1) {
      return 'WS_ERR_INVALID_OPCODE';
    }
    if (control) {
      if (!this.fin) return 'WS_ERR_EXPECTED_FIN';
      if (shortLength > 125 || (this.opcode === Opcode.Close && shortLength === 1)) {
        return 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH';
      }
    }
    if (this.role === 'client' && !masked) return 'WS_ERR_EXPECTED_MASK';
    if (this.role === 'server' && masked) return 'WS_ERR_UNEXPECTED_MASK';
    this.headerNeed = 2 + (shortLength === 126 ? 2 : shortLength === 127 ? 8 : 0) + (masked ? 4 : 0);
    return null;
  }

  /**
   * Reads the extended length and masking key from header[start..start + headerNeed): the pushed
   * chunk itself, or this.header when the header was gathered across pushes. False after a fatal error.
   */
  private completeHeader(events: ParserEvent[], header: Uint8Array, start: number): boolean {
    const second = header[start + 1]!;
    const shortLength = second & 0x7f;
    const masked = (second & 0x80) !== 0;
    let length = shortLength;
    let lengthBits: 7 | 16 | 64 = 7;
    let nonMinimalLength = false;
    if (shortLength === 126) {
      lengthBits = 16;
      length = (header[start + 2]! << 8) | header[start + 3]!;
      nonMinimalLength = length < 126;
    } else if (shortLength === 127) {
      lengthBits = 64;
      const high = ((header[start + 2]! << 24) | (header[start + 3]! << 16) | (header[start + 4]! << 8) | header[start + 5]!) >>> 0;
      const low = ((header[start + 6]! << 24) | (header[start + 7]! << 16) | (header[start + 8]! << 8) | header[start + 9]!) >>> 0;
      if (high & 0x80000000) {
        this.fail(events, 'WS_ERR_INVALID_PAYLOAD_LENGTH', this.frameOffset + 2);
        return false;
      }
      if (high > MAX_SAFE_HIGH_WORD) {
        this.fail(events, 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH', this.frameOffset + 2);
        return false;
      }
      // Kept a small integer when it is one: a product with 2^32 is a double, and a double in
      // a small-integer field gives every parser a new object shape (V8 deprecates the old one).
      length = high === 0 ? low : high * 0x100000000 + low;
      nonMinimalLength = length < 0x10000;
    }
    const extendedLength = lengthBits === 16 ? 2 : lengthBits === 64 ? 8 : 0;
    // Checked before any payload byte is stored, so a huge length costs no memory.
    const total = isControlOpcode(this.opcode) ? length : this.messageLength + length;
    if (total > this.maxMessageSize) {
      this.fail(events, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', this.frameOffset + 1, `${total} > ${this.maxMessageSize} bytes`);
      return false;
    }
    this.payloadLength = length;
    const maskStart = 2 + extendedLength;
    if (this.frameEvents) {
      // A header that arrived whole is handed out as a view of the pushed bytes, like the payload.
      if (header === this.header) {
        this.headerBytes = this.slab.copy(header, 0, this.headerNeed);
        this.maskKey = masked ? viewOf(this.headerBytes, maskStart, maskStart + 4) : null;
      } else {
        const at = this.chunkByteOffset + start;
        this.headerBytes = new Uint8Array(this.chunkBuffer, at, this.headerNeed);
        this.maskKey = masked ? new Uint8Array(this.chunkBuffer, at + maskStart, 4) : null;
      }
    } else if (masked) {
      const key = this.maskScratch;
      key[0] = header[start + maskStart]!;
      key[1] = header[start + maskStart + 1]!;
      key[2] = header[start + maskStart + 2]!;
      key[3] = header[start + maskStart + 3]!;
      this.maskKey = key;
    } else this.maskKey = null;
    this.lengthBits = lengthBits;
    this.nonMinimalLength = nonMinimalLength;
    this.state = State.Payload;
    return true;
  }

  private finishFrame(events: ParserEvent[], payload: Uint8Array): void {
    const headerLength = this.headerNeed;
    const payloadOffset = this.frameOffset + headerLength;
    if (this.frameEvents) {
      const extendedLength = this.lengthBits === 16 ? 2 : this.lengthBits === 64 ? 8 : 0;
      const first = this.first;
      events.push({
        kind: 'frame',
        offset: this.frameOffset,
        fin: this.fin,
        rsv1: this.rsv1,
        rsv2: (first & 0x20) !== 0,
        rsv3: (first & 0x10) !== 0,
        opcode: this.opcode,
        masked: this.maskKey !== null,
        maskKey: this.maskKey,
        payloadLength: this.payloadLength,
        lengthBits: this.lengthBits,
        extendedLengthBytes: extendedLength === 0 ? EMPTY : viewOf(this.headerBytes, 2, 2 + extendedLength),
        headerLength,
        headerBytes: this.headerBytes,
        nonMinimalLength: this.nonMinimalLength,
        payloadOffset,
        payload,
        warnings: this.nonMinimalLength ? NON_MINIMAL_LENGTH : NO_WARNINGS,
      });
    }
    this.state = State.Header;
    this.headerHave = 0;
    this.headerNeed = 2;
    this.payloadBuffer = null;
    this.payloadHave = 0;
    if (isControlOpcode(this.opcode)) this.controlMessage(events, payload, payloadOffset);
    else this.dataFrame(events, payload, payloadOffset);
  }

  /** Runs after finishFrame() reset the header state; the fields of the frame just read still hold. */
  private controlMessage(events: ParserEvent[], payload: Uint8Array, payloadOffset: number): void {
    let closeCode: number | undefined;
    let closeReason: string | undefined;
    if (this.opcode === Opcode.Close) {
      this.closeSeen = true;
      if (payload.length === 0) {
        closeCode = CloseCode.NoStatusReceived;
        closeReason = '';
      } else {
        const code = (payload[0]! << 8) | payload[1]!;
        if (!isValidCloseCodeOnWire(code)) {
          this.fail(events, 'WS_ERR_INVALID_CLOSE_CODE', payloadOffset, String(code));
          return;
        }
        const reason = payload.subarray(2);
        const validator = new Utf8Validator();
        const bad = validator.push(reason);
        if (bad !== -1 || !validator.complete) {
          this.fail(events, 'WS_ERR_INVALID_UTF8', payloadOffset + 2 + (bad === -1 ? reason.length : bad), 'in the close reason');
          return;
        }
        closeCode = code;
        closeReason = decodeUtf8(reason);
      }
    }
    events.push(messageEvent(messageTypeOf(this.opcode as Opcode), payload, undefined, closeCode, closeReason, undefined, this.frameOffset, 1));
  }

  private dataFrame(events: ParserEvent[], payload: Uint8Array, payloadOffset: number): void {
    if (this.opcode !== Opcode.Continuation) {
      this.messageOpcode = this.opcode;
      this.messageCompressed = this.rsv1;
      this.messageOffset = this.frameOffset;
      this.messageFrames = 0;
      this.messageLength = 0;
      // Most messages are one frame: they need no fragment list.
      this.fragments = this.fin ? NO_FRAGMENTS : [];
      this.utf8.reset();
    }
    this.messageFrames++;
    this.messageLength += payload.length;
    if (this.fragments !== NO_FRAGMENTS) this.fragments.push(payload);
    const isText = this.messageOpcode === Opcode.Text;
    if (isText && !this.messageCompressed) {
      // Validated fragment by fragment so a bad byte fails fast (section 8.1), at its own offset.
      const bad = this.utf8.push(payload);
      if (bad !== -1) {
        this.fail(events, 'WS_ERR_INVALID_UTF8', payloadOffset + bad);
        return;
      }
    }
    if (!this.fin) return;

    /** Null for a single-frame message, whose payload is the message. */
    const fragments = this.fragments === NO_FRAGMENTS ? null : this.fragments;
    const opcode = this.messageOpcode as Opcode;
    const compressed = this.messageCompressed;
    const wireLength = this.messageLength;
    this.messageOpcode = -1;
    this.messageLength = 0;
    this.fragments = NO_FRAGMENTS;

    let data: Uint8Array;
    if (compressed) {
      const result = this.inflater!.inflateMessage(fragments ?? [payload]);
      if (!result.ok) {
        const code = result.reason === 'too-big' ? 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' : 'WS_ERR_INVALID_COMPRESSED_DATA';
        this.fail(events, code, this.frameOffset, result.detail);
        return;
      }
      data = result.data;
    } else data = fragments === null ? payload : concatBytes(fragments, 0, this.allocate);

    let text: string | undefined;
    if (opcode === Opcode.Text) {
      if (compressed) {
        const validator = new Utf8Validator();
        const bad = validator.push(data);
        if (bad !== -1 || !validator.complete) {
          this.fail(events, 'WS_ERR_INVALID_UTF8', payloadOffset, `inflated byte ${bad === -1 ? data.length : bad}`);
          return;
        }
      } else if (!this.utf8.complete) {
        this.fail(events, 'WS_ERR_INVALID_UTF8', payloadOffset + payload.length, 'message ends inside a codepoint');
        return;
      }
      text = decodeUtf8(data);
    }
    const sizes = compressed ? { compressedLength: wireLength, inflatedLength: data.length } : undefined;
    events.push(messageEvent(messageTypeOf(opcode), data, text, undefined, undefined, sizes, this.messageOffset, this.messageFrames));
  }

  private fail(events: ParserEvent[], code: ErrorCode, offset: number, detail?: string): ParserEvent[] {
    this.error = protocolError(code, offset, detail);
    this.state = State.Failed;
    this.fragments = NO_FRAGMENTS;
    this.payloadBuffer = null;
    events.push(this.error);
    return events;
  }
}

/**
 * Every message event has the same fields in the same order (absent ones undefined), so code
 * reading events sees one object shape for messages instead of one per combination of fields.
 */
function messageEvent(
  type: MessageType,
  data: Uint8Array,
  text: string | undefined,
  closeCode: number | undefined,
  closeReason: string | undefined,
  compressed: MessageEvent['compressed'],
  offset: number,
  frameCount: number,
): MessageEvent {
  return { kind: 'message', type, data, text, closeCode, closeReason, compressed, offset, frameCount };
}
