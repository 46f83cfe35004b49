import type { MessageType } from './opcodes.ts';

/** Rules the parser noticed that do not have to end the connection. */
export type FrameWarning = 'non-minimal-length';

/** Everything about one frame header that an annotated hex dump needs. */
export interface FrameHeader {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  /** The 4 masking-key bytes, or null for an unmasked frame. */
  maskKey: Uint8Array | null;
  payloadLength: number;
  /** Which length form the header used: the 7-bit field alone, or 16 or 64 extended bits. */
  lengthBits: 7 | 16 | 64;
  /** The 0, 2 or 8 bytes after the second header byte that carry the extended length. */
  extendedLengthBytes: Uint8Array;
  /** 2..14 bytes: the whole header including extended length and masking key. */
  headerLength: number;
  /** A view like FrameEvent.payload: of the pushed bytes when the header arrived in one push. */
  headerBytes: Uint8Array;
  /** A 16- or 64-bit length was used for a length a shorter form could carry (section 5.2 says "minimal"). */
  nonMinimalLength: boolean;
}

export interface FrameEvent extends FrameHeader {
  kind: 'frame';
  /** Offset of the frame's first byte in the stream. */
  offset: number;
  /** offset + headerLength. */
  payloadOffset: number;
  /**
   * Unmasked payload; still compressed when RSV1 marks a permessage-deflate message. A view, not
   * a copy: of the pushed bytes (unmasked frames that arrived whole) or of a shared 64 KiB slab
   * (small masked ones). Do not write to it; slice() it to keep a small payload for long.
   */
  payload: Uint8Array;
  warnings: readonly FrameWarning[];
}

/** Fields that do not apply are present and undefined: every message event has the same shape. */
export interface MessageEvent {
  kind: 'message';
  type: MessageType;
  /** Unmasked, reassembled and inflated payload; a view like FrameEvent.payload. */
  data: Uint8Array;
  /** Decoded text, for text messages. */
  text?: string;
  /** For close messages: 1005 (No Status Received) when the frame carried no code. */
  closeCode?: number;
  closeReason?: string;
  /** For permessage-deflate messages: payload size on the wire and after inflating. */
  compressed?: { compressedLength: number; inflatedLength: number };
  /** Offset of the message's first frame in the stream. */
  offset: number;
  frameCount: number;
}
