// The hook's side of the compact wire form (src/shared/compact-message.ts): a whole text message with
// no intercept mark goes into a batch's JSON as a positional array, naming its connection only when it
// differs from the previous compact message's in the batch. It halves what the page's thread
// stringifies and the relay posts for each small message (docs/PERFORMANCE.md, "Compact wire form").
import type { HookEvent } from '../shared/messages';
import { SAME_CONNECTION, compactCode } from '../shared/compact-message';

/** The compact form of `event`, or null when it keeps its object form. `previousConn`: the batch's previous compact message's connection. */
export function compactMessage(event: HookEvent, previousConn: string | null): unknown[] | null {
  if (event.t !== 'message' || event.mark !== undefined) return null;
  const payload = event.payload;
  if (payload.kind !== 'text' || payload.truncated) return null;
  // An array literal defines its elements: no setter a page put on Array.prototype runs.
  return [event.conn === previousConn ? SAME_CONNECTION : event.conn, event.seq, compactCode(event.dir, event.origin), event.time, payload.data];
}
