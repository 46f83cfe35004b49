// A binary payload's bytes as the extension carries them: an ArrayBuffer, or a Blob for large ones
// (BinaryBody in messages.ts says why).
import type { BinaryBody } from './messages';

/**
 * Payloads of at least this many bytes travel from the hook to the background as Blobs. Below it a
 * Blob saves the page's thread nothing; from it the saving grows with size (`bench/binary-handover.ts`,
 * figures: docs/PERFORMANCE.md, "large binary payloads hand over as Blobs").
 */
export const BLOB_MIN_BYTES = 256 * 1024;

/** An ArrayBuffer or a Blob of this context's realm; anything else (a look-alike object) is not. */
export function isBinaryBody(value: unknown): value is BinaryBody {
  return value instanceof ArrayBuffer || value instanceof Blob;
}

export function bodyByteLength(body: BinaryBody): number {
  return body instanceof ArrayBuffer ? body.byteLength : body.size;
}
