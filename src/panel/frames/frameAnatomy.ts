// Pure description of one frame's bytes: which byte ranges are header, extended length, masking
// key and payload, and the RFC's names for its fields. Shared by the Frames view and Decode bytes.
import type { FrameHeader } from '../../rfc6455';

export type RegionKind = 'header' | 'length' | 'mask' | 'payload';

/** Bytes [start, end) of a dump that belong to one part of a frame. */
export interface ByteRegion {
  kind: RegionKind;
  start: number;
  end: number;
}

export const REGION_LABELS: Record<RegionKind, string> = {
  header: 'Header (bytes 0-1)',
  length: 'Extended payload length',
  mask: 'Masking key',
  payload: 'Payload',
};

/** The regions of a frame whose first byte sits at `offset` in the dump, in byte order. */
export function frameRegions(frame: FrameHeader, offset = 0): ByteRegion[] {
  const lengthEnd = offset + 2 + frame.extendedLengthBytes.length;
  const headerEnd = offset + frame.headerLength;
  const regions: ByteRegion[] = [{ kind: 'header', start: offset, end: offset + 2 }];
  if (lengthEnd > offset + 2) regions.push({ kind: 'length', start: offset + 2, end: lengthEnd });
  if (headerEnd > lengthEnd) regions.push({ kind: 'mask', start: lengthEnd, end: headerEnd });
  if (frame.payloadLength > 0) regions.push({ kind: 'payload', start: headerEnd, end: headerEnd + frame.payloadLength });
  return regions;
}

/** RFC 6455 section 5.2 wording for each defined opcode. */
const OPCODE_NAMES: Record<number, string> = {
  0x0: 'continuation frame',
  0x1: 'text frame',
  0x2: 'binary frame',
  0x8: 'connection close',
  0x9: 'ping',
  0xa: 'pong',
};

export function opcodeName(opcode: number): string {
  return OPCODE_NAMES[opcode] ?? (opcode < 0x8 ? 'reserved non-control frame' : 'reserved control frame');
}

/** How the header carries the payload length, e.g. "16-bit: 7-bit field 126 + 2 bytes". */
export function lengthFormText(frame: FrameHeader): string {
  if (frame.lengthBits === 7) return `7-bit field (${frame.payloadLength})`;
  const marker = frame.lengthBits === 16 ? 126 : 127;
  return `${frame.lengthBits}-bit: 7-bit field ${marker} + ${frame.extendedLengthBytes.length} bytes (${hexText(frame.extendedLengthBytes)})`;
}

/** Bytes as spaced lowercase hex: "81 85 37 fa". */
export function hexText(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
}

/** A header byte as 8 bits, most significant first: "1000 0001". */
export function bitsText(byte: number): string {
  const bits = byte.toString(2).padStart(8, '0');
  return `${bits.slice(0, 4)} ${bits.slice(4)}`;
}
