// Turns what a page sent or received into a payload record: text as is, binary as a copy of its bytes
// (Chrome builds) or as base64 (Firefox builds), all cut to the capture cap. Type checks use captured internal-slot getters rather than `instanceof` or
// constructor names, which a page can fake, and work for objects from other frames too.
import type { BinaryBody, CapturedPayload, RelayedBinaryPayload } from '../shared/messages';
import type { Payload, PayloadSource } from '../shared/models';
import { BLOB_MIN_BYTES } from '../shared/binary-body';
import {
  NativeBlob,
  NativeUint8Array,
  apply,
  blobSlice,
  construct,
  defineProperty,
  fromCharCode,
  getPrototypeOf,
  isView,
  min,
  nativeAtob,
  nativeBtoa,
  regExpExec,
  stringCharCodeAt,
  stringIsWellFormed,
  stringSlice,
  stringToWellFormed,
  uncurryGetter,
  uncurryThis,
} from '../worlds/pristine';

const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype) as object;
const typedArrayName = uncurryGetter<string | undefined>(TypedArrayPrototype, Symbol.toStringTag);
const typedArrayBuffer = uncurryGetter<ArrayBufferLike>(TypedArrayPrototype, 'buffer');
const typedArrayByteOffset = uncurryGetter<number>(TypedArrayPrototype, 'byteOffset');
const typedArrayByteLength = uncurryGetter<number>(TypedArrayPrototype, 'byteLength');
const typedArraySet = uncurryThis(Uint8Array.prototype.set) as (target: Uint8Array, source: Uint8Array) => void;
const dataViewBuffer = uncurryGetter<ArrayBufferLike>(DataView.prototype, 'buffer');
const dataViewByteOffset = uncurryGetter<number>(DataView.prototype, 'byteOffset');
const dataViewByteLength = uncurryGetter<number>(DataView.prototype, 'byteLength');
const arrayBufferByteLength = uncurryGetter<number>(ArrayBuffer.prototype, 'byteLength');
const blobSizeGetter = typeof Blob === 'function' ? uncurryGetter<number>(Blob.prototype, 'size') : undefined;
const textEncoder = new TextEncoder();
const encodeUtf8Into = uncurryThis(TextEncoder.prototype.encodeInto) as (
  self: TextEncoder,
  text: string,
  into: Uint8Array,
) => { read: number; written: number };
const nativeToBase64 = (Uint8Array.prototype as { toBase64?: (this: Uint8Array) => string }).toBase64;
const nativeFromBase64 = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;

/** Scratch space for counting UTF-8 bytes: encodeInto a reused buffer beats encode() allocating one. */
const utf8Scratch = new NativeUint8Array(64 * 1024);
/** UTF-16 units per counting step: at most 3 bytes each, so a step always fits the scratch buffer. */
const UNITS_PER_STEP = utf8Scratch.length / 4;

/** Any character outside ASCII, whose UTF-8 length is its UTF-16 length. Not global: exec keeps no state. */
const NON_ASCII = /[\u0080-\uffff]/;

/** UTF-8 bytes of `text` as WebSocket sends it (lone surrogates become U+FFFD, 3 bytes). */
export function utf8ByteLength(text: string): number {
  // Most traffic is ASCII: a scan inside the engine costs a fraction of a call into TextEncoder.
  if (regExpExec(NON_ASCII, text) === null) return text.length;
  if (text.length <= UNITS_PER_STEP) return encodeUtf8Into(textEncoder, text, utf8Scratch).written;
  let bytes = 0;
  for (let start = 0; start < text.length;) {
    let end = min(start + UNITS_PER_STEP, text.length);
    // Never split a surrogate pair across steps: each half alone would count as U+FFFD.
    const last = stringCharCodeAt(text, end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    bytes += encodeUtf8Into(textEncoder, stringSlice(text, start, end), utf8Scratch).written;
    start = end;
  }
  return bytes;
}

export function encodeText(text: string, maxBytes: number): Payload {
  const wellFormed = stringIsWellFormed && stringToWellFormed && !stringIsWellFormed(text) ? stringToWellFormed(text) : text;
  const size = utf8ByteLength(wellFormed);
  if (size <= maxBytes) return { kind: 'text', source: 'string', size, data: wellFormed, truncated: false };
  // Cut at a character boundary: encodeInto stops before a character that would not fit.
  const { read } = encodeUtf8Into(textEncoder, wellFormed, new NativeUint8Array(maxBytes));
  return { kind: 'text', source: 'string', size, data: stringSlice(wellFormed, 0, read), truncated: true };
}

/**
 * A binary payload's bytes (up to the cap) as a view, not a copy: encode it before the page runs again,
 * which is what "captured at send time" needs and saves a copy that costs more than base64 itself.
 */
export interface BinaryView {
  source: PayloadSource;
  /** Full size in bytes, even when `bytes` was cut to the cap. */
  size: number;
  bytes: Uint8Array;
}

/** The bytes of an ArrayBuffer, typed array or DataView; null for anything else (strings, Blobs, objects). */
export function viewBinary(value: unknown, maxBytes: number): BinaryView | null {
  if (typeof value !== 'object' || value === null) return null;
  let source: PayloadSource;
  let buffer: ArrayBufferLike;
  let offset: number;
  let size: number;
  if (isView(value)) {
    const name = typedArrayName(value);
    if (name === undefined) {
      source = 'DataView';
      buffer = dataViewBuffer(value);
      offset = dataViewByteOffset(value);
      size = dataViewByteLength(value);
    } else {
      source = name as PayloadSource;
      buffer = typedArrayBuffer(value);
      offset = typedArrayByteOffset(value);
      size = typedArrayByteLength(value);
    }
  } else {
    const length = arrayBufferLength(value);
    if (length === null) return null;
    source = 'ArrayBuffer';
    buffer = value as ArrayBuffer;
    offset = 0;
    size = length;
  }
  return { source, size, bytes: new NativeUint8Array(buffer, offset, min(size, maxBytes)) };
}

function arrayBufferLength(value: object): number | null {
  try {
    return arrayBufferByteLength(value);
  } catch {
    return null;
  }
}

/** Size of a Blob (or File), or null when `value` is not one. */
export function blobSize(value: unknown): number | null {
  if (!blobSizeGetter || typeof value !== 'object' || value === null) return null;
  try {
    return blobSizeGetter(value);
  } catch {
    return null;
  }
}

/**
 * How binary payloads leave the hook. Chrome builds set `asBytes` (hook.iife.ts): the page channel
 * clones copies of the bytes across worlds, large ones as Blobs (BinaryBody). Firefox refuses object
 * details, so it keeps base64.
 */
export const binaryHandOver = { asBytes: false };

export function encodeBinary(view: BinaryView): CapturedPayload {
  return binaryPayload(view.source, view.size, view.bytes, typedArrayByteLength(view.bytes) < view.size);
}

/** A binary payload of `bytes` (already cut to the cap), copied or encoded now: the page may reuse its buffer. */
export function binaryPayload(source: PayloadSource, size: number, bytes: Uint8Array, truncated: boolean): CapturedPayload {
  if (binaryHandOver.asBytes) return { kind: 'binary', source, size, bytes: binaryBody(bytes), truncated };
  return { kind: 'binary', source, size, data: base64Encode(bytes), truncated };
}

/**
 * A copy of `bytes`: a Blob when large (a Blob snapshots its parts when made), else an ArrayBuffer.
 * Chromium reads the parts array's elements directly, not through a page's patched array iterator.
 */
function binaryBody(bytes: Uint8Array): BinaryBody {
  if (typedArrayByteLength(bytes) >= BLOB_MIN_BYTES) return construct(NativeBlob, [[bytes as Uint8Array<ArrayBuffer>]]) as Blob;
  return exactArrayBuffer(bytes);
}

/**
 * A large received Blob as it is (cut to the cap), or null when it should be read into bytes: no
 * reading, no copy, and in Chrome builds only (Firefox hands binary over as base64).
 */
export function blobAsBody(blob: Blob, size: number, maxBytes: number): BinaryBody | null {
  const kept = min(size, maxBytes);
  if (!binaryHandOver.asBytes || kept < BLOB_MIN_BYTES) return null;
  // A slice even when whole: a File's name and date must not travel, and the slice is a plain Blob.
  return blobSlice(blob, 0, kept);
}

/** Characters (text, base64) or bytes a payload adds to a batch: what bounds a batch's size. */
export function payloadLength(payload: CapturedPayload): number {
  if (payload.kind === 'text' || !binaryHandOver.asBytes) return (payload as Payload).data.length;
  const { bytes } = payload as RelayedBinaryPayload;
  return blobSize(bytes) ?? arrayBufferByteLength(bytes);
}

export function base64Encode(bytes: Uint8Array): string {
  return nativeToBase64 ? apply(nativeToBase64, bytes, []) : base64EncodeByChunks(bytes);
}

/** Chunk of bytes per String.fromCharCode call: a multiple of 3, so chunk encodings concatenate. */
const CHUNK_BYTES = 3 * 8192;

/** Base64 without Uint8Array.prototype.toBase64 (Chrome < 140, Firefox < 133). */
export function base64EncodeByChunks(bytes: Uint8Array): string {
  const total = typedArrayByteLength(bytes);
  const buffer = typedArrayBuffer(bytes);
  const start = typedArrayByteOffset(bytes);
  let text = '';
  for (let offset = 0; offset < total; offset += CHUNK_BYTES) {
    const chunk = new NativeUint8Array(buffer, start + offset, min(CHUNK_BYTES, total - offset));
    // Reflect.apply reads `length`: pin it on the view so a page's Uint8Array.prototype.length can't interfere.
    defineProperty(chunk, 'length', { value: typedArrayByteLength(chunk) });
    text += nativeBtoa(apply(fromCharCode, null, chunk as unknown as number[]));
  }
  return text;
}

/** Decodes base64 from our own commands; throws on malformed input. */
export function base64Decode(text: string): Uint8Array {
  if (nativeFromBase64) return apply(nativeFromBase64, NativeUint8Array, [text]);
  const binary = nativeAtob(text);
  const bytes = new NativeUint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = stringCharCodeAt(binary, index);
  return bytes;
}

/** Copies the first `length` bytes of `bytes` into a fresh ArrayBuffer of exactly that length. */
export function exactArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const copy = new NativeUint8Array(typedArrayByteLength(bytes));
  typedArraySet(copy, bytes);
  return typedArrayBuffer(copy) as ArrayBuffer;
}
