// MessageRecord (summary for the list) and PayloadRecord (full data) from a page message event.
import type { MessageRecord, PayloadSummary } from '../shared/models';
import { bytesToBase64 } from '../shared/base64';
import type { StorableMessage, StorablePayload } from './storable-events';

/** Characters of text shown in a list row. */
export const TEXT_PREVIEW_CHARS = 200;
/** Bytes of binary shown in a list row: 150 bytes are exactly 200 base64 characters. */
export const BINARY_PREVIEW_BYTES = 150;

export function previewOf(payload: StorablePayload): string {
  if (payload.kind === 'text') return payload.data.slice(0, TEXT_PREVIEW_CHARS);
  return bytesToBase64(new Uint8Array(payload.bytes, 0, Math.min(BINARY_PREVIEW_BYTES, payload.bytes.byteLength)));
}

/** What to store of a payload: its text, or its bytes (kept as bytes: cheaper to write than base64, and smaller). */
export function payloadData(payload: StorablePayload): string | ArrayBuffer {
  return payload.kind === 'text' ? payload.data : payload.bytes;
}

export function summaryOf(payload: StorablePayload): PayloadSummary {
  const summary: PayloadSummary = { kind: payload.kind, source: payload.source, size: payload.size, truncated: payload.truncated, preview: previewOf(payload) };
  if (payload.kind === 'binary' && payload.lost) summary.lost = true;
  return summary;
}

export function messageRecordOf(event: StorableMessage): Omit<MessageRecord, 'id' | 'sessionId'> {
  const record: Omit<MessageRecord, 'id' | 'sessionId'> = {
    connectionId: event.conn,
    seq: event.seq,
    direction: event.dir,
    time: event.time,
    payload: summaryOf(event.payload),
    origin: event.origin,
  };
  if (event.mark) record.mark = event.mark;
  return record;
}
