/**
 * Makes a byte array whose every byte the caller writes before reading any: it need not be
 * zero-filled. Must return exactly `length` bytes (anything else is ignored for a fresh array).
 */
export type ByteAllocator = (length: number) => Uint8Array;

/** What the default allocator does: a new, zero-filled array (all that plain JavaScript offers). */
export const zeroFilled: ByteAllocator = (length) => new Uint8Array(length);

/** Joins byte arrays into one new array; `extra` spare bytes are left at the end for the caller. */
export function concatBytes(parts: readonly Uint8Array[], extra = 0, allocate: ByteAllocator = zeroFilled): Uint8Array {
  let length = extra;
  for (const part of parts) length += part.length;
  const joined = allocateBytes(allocate, length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

const SLAB_SIZE = 64 * 1024;
/** Larger buffers get their own ArrayBuffer; smaller ones share a slab. */
const SLAB_MAX_ALLOCATION = 4096;

/**
 * Hands out small byte arrays as views into shared 64 KiB slabs, as Node's Buffer pool does:
 * one ArrayBuffer per frame costs more in allocation and GC than parsing the frame.
 * Views start 8-byte aligned so word-at-a-time unmasking applies to them.
 */
export class ByteSlab {
  private slab = new ArrayBuffer(0);
  private used = 0;

  /** `allocate` makes the larger arrays; callers that use it write every byte they are given. */
  constructor(private readonly allocate: ByteAllocator = zeroFilled) {}

  alloc(length: number): Uint8Array {
    if (length > SLAB_MAX_ALLOCATION) return allocateBytes(this.allocate, length);
    if (this.used + length > this.slab.byteLength) {
      this.slab = new ArrayBuffer(SLAB_SIZE);
      this.used = 0;
    }
    // The constructor is cheaper than subarray(), which looks up a species constructor.
    const view = new Uint8Array(this.slab, this.used, length);
    this.used = (this.used + length + 7) & ~7;
    return view;
  }

  copy(source: Uint8Array, start: number, end: number): Uint8Array {
    const view = this.alloc(end - start);
    // A loop beats set() + subarray() on the few bytes of a header or small payload.
    if (end - start > 64) view.set(source.subarray(start, end));
    else for (let i = start, j = 0; i < end; i++, j++) view[j] = source[i]!;
    return view;
  }
}

/** A view of bytes[start..end) without subarray()'s species lookup (hot path: one per frame). */
export function viewOf(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

/** An allocator's array as a plain Uint8Array (a Node Buffer is re-viewed, see FrameParser.push). */
function allocateBytes(allocate: ByteAllocator, length: number): Uint8Array {
  if (allocate === zeroFilled) return new Uint8Array(length);
  const bytes = allocate(length);
  if (bytes.length !== length) return new Uint8Array(length);
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, length);
}
