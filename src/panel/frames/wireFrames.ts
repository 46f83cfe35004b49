// A stored message turned back into the frames it would travel as, with our own encoder.
import { encodeMessage, parseExtensionsHeader, type DeflateParams, type EncodedFrame, type Role } from '../../rfc6455';
import type { Direction } from '../../shared/models';

/** The masking key of RFC 6455 section 5.7's examples: real keys are random per frame and not captured. */
export const EXAMPLE_MASK_KEY: Readonly<Uint8Array> = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

export interface WireFramesRequest {
  kind: 'text' | 'binary';
  payload: Uint8Array;
  direction: Direction;
  /** The connection's negotiated Sec-WebSocket-Extensions value. */
  extensions: string;
  /** Split into frames of at most this many payload bytes; undefined: one frame. */
  fragmentSize?: number;
}

export type WireFrames =
  | {
      ok: true;
      frames: EncodedFrame[];
      role: Role;
      deflate: DeflateParams | null;
      /** Payload bytes on the wire, summed over frames (compressed size under deflate). */
      wireLength: number;
    }
  | { ok: false; error: string };

/** Sent messages come from the client (masked), received ones from the server (unmasked). */
export function roleOf(direction: Direction): Role {
  return direction === 'send' ? 'client' : 'server';
}

/** Encodes the message alone, on a fresh deflate context (earlier messages are not replayed). */
export function wireFramesOf(request: WireFramesRequest): WireFrames {
  const extensions = parseExtensionsHeader(request.extensions);
  if (!extensions.ok) return { ok: false, error: `Cannot read the negotiated extensions "${request.extensions}": ${extensions.error}` };
  const role = roleOf(request.direction);
  try {
    const frames = encodeMessage(
      { type: request.kind, data: request.payload },
      {
        role,
        maskKey: EXAMPLE_MASK_KEY.slice(),
        deflate: extensions.deflate,
        ...(request.fragmentSize !== undefined && { fragmentSize: request.fragmentSize }),
      },
    );
    const wireLength = frames.reduce((sum, frame) => sum + frame.payloadLength, 0);
    return { ok: true, frames, role, deflate: extensions.deflate, wireLength };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads the fragment size field: blank means none; anything else must be a whole number >= 1. */
export function parseFragmentSize(text: string): { ok: true; size: number | undefined } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, size: undefined };
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1)
    return { ok: false, error: `Fragment size must be a whole number of bytes, at least 1 (got "${trimmed}")` };
  return { ok: true, size: Number(trimmed) };
}
