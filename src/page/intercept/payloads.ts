// Payloads as intercept shows and takes them: a held message for the panel (text, or binary as base64)
// and its original for a mark, both cut to a cap; an edit from the panel back into what a socket sends.
import { MAX_STEPS, type InterceptMark, type InterceptStep } from '../../shared/intercept';
import type { PayloadInput } from '../../shared/messages';
import type { Payload } from '../../shared/models';
import { base64Decode, base64Encode, blobSize, encodeText, exactArrayBuffer, viewBinary } from '../payload-encoding';
import { captureSettings } from '../message-capture';
import { NativeBlob, NativeString, min, newList, type List } from '../../worlds/pristine';

/** The original of a changed message is kept with its record up to this size (records stay small). */
const MARK_ORIGINAL_MAX_BYTES = 64 * 1024;

/** A payload as text or base64, cut to `maxBytes`. Blobs are not read (that takes a task): size only, marked cut. */
export function dataPayload(data: unknown, maxBytes = captureSettings.maxPayloadBytes): Payload {
  if (typeof data === 'string') return encodeText(data, maxBytes);
  const view = viewBinary(data, maxBytes);
  if (view) return { kind: 'binary', source: view.source, size: view.size, data: base64Encode(view.bytes), truncated: view.size > maxBytes };
  const size = blobSize(data);
  if (size !== null) return { kind: 'binary', source: 'Blob', size, data: '', truncated: size > 0 };
  return encodeText(NativeString(data), maxBytes);
}

/** What the socket gets for a panel's edit: text, or the bytes as an ArrayBuffer. Throws for malformed base64. */
export function editedData(payload: PayloadInput): string | ArrayBuffer {
  return payload.kind === 'text' ? payload.data : exactArrayBuffer(base64Decode(payload.data));
}

/** A received message as the page should get it: bytes follow the socket's binaryType. */
export function deliverable(data: unknown, binaryType: BinaryType): unknown {
  if (typeof data === 'string' || binaryType !== 'blob' || blobSize(data) !== null) return data;
  return new NativeBlob([data as ArrayBuffer]);
}

export function markOf(taken: List<InterceptStep>, original: unknown, changed: boolean): InterceptMark | undefined {
  if (taken.length === 0) return undefined;
  const copy = newList<InterceptStep>();
  for (let index = 0; index < min(taken.length, MAX_STEPS); index++) copy[index] = taken[index]!;
  // Made whole: adding a field later could run a setter a page put on Object.prototype.
  const steps = copy as InterceptStep[];
  return changed ? { steps, original: dataPayload(original, min(captureSettings.maxPayloadBytes, MARK_ORIGINAL_MAX_BYTES)) } : { steps };
}
