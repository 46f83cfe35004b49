// Rows as the panel reads them from the store, for unit tests of the panel's slices and views.
import type { StoredMessage } from '../../src/db/message-chunks';
import type { Direction } from '../../src/shared/models';

let nextId = 1;

/** A text message with the next id, stored whole (its preview is all of it). */
export function textRow(connectionId: string, direction: Direction, text: string, time: number): StoredMessage {
  const id = nextId++;
  return {
    id,
    sessionId: 's',
    connectionId,
    seq: id,
    direction,
    time,
    origin: 'page',
    payload: { kind: 'text', source: 'string', size: new TextEncoder().encode(text).length, truncated: false, preview: text },
  };
}
