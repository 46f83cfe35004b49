// Records one sent or received message on its connection, whatever JavaScript type carries it.
// Strings and buffers are encoded at once (the page may reuse a buffer right after send()). Small
// Blobs are read asynchronously, numbered now and emitted in order by the connection's outbox; large
// ones go on as Blobs in Chrome builds (blobAsBody).
import type { CapturedPayload } from '../shared/messages';
import type { Direction, MessageOrigin } from '../shared/models';
import type { InterceptMark } from '../shared/intercept';
import type { Connection } from './connection';
import { binaryPayload, blobAsBody, blobSize, encodeBinary, encodeText, viewBinary } from './payload-encoding';
import { NativeString, NativeUint8Array, addEventListener, blobSlice, uncurryGetter, uncurryThis } from '../worlds/pristine';
import { DEFAULT_SETTINGS } from '../shared/settings';

/** Capture settings the content script may change with a `config` command; the defaults until then. */
export const captureSettings = { maxPayloadBytes: DEFAULT_SETTINGS.maxPayloadBytes };

const NativeFileReader = FileReader;
const readAsArrayBuffer = uncurryThis(FileReader.prototype.readAsArrayBuffer);
const readerResult = uncurryGetter<unknown>(FileReader.prototype, 'result');

/** True for what WebSocket.send() takes as binary: Blob, ArrayBuffer, typed arrays, DataView. */
export function isBinaryMessage(value: unknown): boolean {
  return blobSize(value) !== null || viewBinary(value, 0) !== null;
}

/** `mark`: what intercept did to the message (src/page/intercept/), when it did anything. */
export function recordMessage(connection: Connection, dir: Direction, data: unknown, origin: MessageOrigin, mark?: InterceptMark): void {
  const maxBytes = captureSettings.maxPayloadBytes;
  if (typeof data === 'string') {
    connection.pushMessage(dir, origin, encodeText(data, maxBytes), mark);
    return;
  }
  const view = viewBinary(data, maxBytes);
  if (view) {
    connection.pushMessage(dir, origin, encodeBinary(view), mark);
    return;
  }
  const size = blobSize(data);
  if (size !== null) {
    const body = blobAsBody(data as Blob, size, maxBytes);
    if (body) connection.pushMessage(dir, origin, { kind: 'binary', source: 'Blob', size, bytes: body, truncated: size > maxBytes }, mark);
    else readBlobPayload(data as Blob, size, maxBytes, connection.reserveMessage(dir, origin, mark));
    return;
  }
  // Not a type WebSocket produces or accepts: record what send() would have made of it.
  connection.pushMessage(dir, origin, encodeText(NativeString(data), maxBytes), mark);
}

function readBlobPayload(blob: Blob, size: number, maxBytes: number, deliver: (payload: CapturedPayload) => void): void {
  const truncated = size > maxBytes;
  const finish = (bytes: Uint8Array | null): void => deliver(binaryPayload('Blob', size, bytes ?? new NativeUint8Array(0), truncated || bytes === null));
  try {
    const reader = new NativeFileReader();
    addEventListener(reader, 'loadend', () => {
      let bytes: Uint8Array | null = null;
      try {
        const result = readerResult(reader);
        if (result) bytes = new NativeUint8Array(result as ArrayBuffer);
      } catch {
        bytes = null;
      }
      finish(bytes);
    });
    readAsArrayBuffer(reader, truncated ? blobSlice(blob, 0, maxBytes) : blob);
  } catch {
    finish(null);
  }
}
