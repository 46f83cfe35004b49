// Relayed events as the background writes them: large binary payloads arrive as Blobs (BinaryBody in
// src/shared/messages.ts) and are read into bytes first: storing the Blobs themselves cost Chromium's
// browser process more than storing their bytes (docs/PERFORMANCE.md, "what each stage of a 1 MB
// payload costs"), and a Dexie transaction cannot wait for a Blob to be read.
import type { RelayedBinaryPayload, RelayedEvent, TextPayload } from '../shared/messages';
import type { MessageEvent } from './connections';

/** `lost`: the Blob could not be read, so no bytes are kept (PayloadSummary.lost). */
export type StorablePayload = TextPayload | (RelayedBinaryPayload & { bytes: ArrayBuffer; lost?: true });
export type StorableMessage = MessageEvent & { payload: StorablePayload };
export type StorableEvent = Exclude<RelayedEvent, { t: 'message' }> | StorableMessage;

/**
 * The events with every Blob payload read into an ArrayBuffer. A Blob that can no longer be read
 * (its page's renderer went away first) is stored as cut to nothing and marked lost.
 * Without `readBlobs` (a paused tab, whose messages are not stored) a Blob stands as empty bytes.
 */
export async function storableEvents(events: readonly RelayedEvent[], { readBlobs }: { readBlobs: boolean }): Promise<StorableEvent[]> {
  const storable: StorableEvent[] = [];
  for (const event of events) {
    const body = event.t === 'message' && event.payload.kind === 'binary' ? event.payload.bytes : null;
    if (event.t !== 'message' || !(body instanceof Blob)) {
      storable.push(event as StorableEvent);
      continue;
    }
    const payload = event.payload as RelayedBinaryPayload;
    const bytes = readBlobs ? await body.arrayBuffer().catch(() => null) : new ArrayBuffer(0);
    storable.push({ ...event, payload: bytes ? { ...payload, bytes } : { ...payload, bytes: new ArrayBuffer(0), truncated: true, lost: true } });
  }
  return storable;
}
