// A stored message as a protocol decoder takes it: the full payload when the preview is not all of it.
import type { StoredMessage } from '../../db/message-chunks';
import type { MessageInput } from '../../protocols/types';
import type { PayloadRecord } from '../../shared/models';
import { base64ToBytes } from '../format';

/** Whether the row's preview holds the whole payload, so no read of the payloads store is needed. */
export function previewIsWhole(row: StoredMessage): boolean {
  const { payload } = row;
  if (payload.lost) return true;
  // UTF-8 needs at least one byte per character, so a preview as long as the byte size is the whole text.
  if (payload.kind === 'text') return payload.size <= payload.preview.length;
  return payload.size <= Math.floor((payload.preview.length * 3) / 4) - (payload.preview.endsWith('==') ? 2 : payload.preview.endsWith('=') ? 1 : 0);
}

export function messageInput(row: StoredMessage, full: PayloadRecord | undefined): MessageInput {
  const data = full?.data ?? row.payload.preview;
  if (row.payload.kind === 'text') return { direction: row.direction, kind: 'text', text: data };
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(data);
  } catch {
    bytes = new Uint8Array();
  }
  return { direction: row.direction, kind: 'binary', bytes };
}
