// A stored message as a protocol decoder takes it: the full payload when the preview is not all of it.
import type { StoredMessage } from '../../db/message-chunks';
import type { MessageInput } from '../../protocols/types';
import type { PayloadRecord } from '../../shared/models';
import { base64ToBytes } from '../format';

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
