// The events of a relay batch: the hook's batches arrive as the page packed them, so this is where
// every page event is parsed and checked, the one check that a compromised renderer cannot skip.
import { scopeConnectionId } from '../db/connection-ids';
import type { HeldEvent, RelayedEvent, UncapturedWorker } from '../shared/messages';
import { hookBatchParser, parseBatchDetail } from '../shared/validate';

export interface CheckedEvents {
  events: RelayedEvent[];
  /** Workers the hook started as they would run without the extension, with the reason. */
  uncapturedWorkers: UncapturedWorker[];
  /** Intercept notices (held and released messages), for the panel: not stored. */
  held: HeldEvent[];
  /** Events, or whole hook batches, that were not well formed, and command results (only the relay may route those). */
  malformed: number;
}

/** Checks every event of `chunks` and scopes its connection id to the relay's document. */
export function eventsOfHookBatches(documentId: string, chunks: readonly unknown[]): CheckedEvents {
  const events: RelayedEvent[] = [];
  const uncapturedWorkers: UncapturedWorker[] = [];
  const held: HeldEvent[] = [];
  let malformed = 0;
  for (const raw of chunks) {
    const chunk = parseBatchDetail(raw);
    const list = chunk && parseJsonArray(chunk.json);
    if (!chunk || !list) {
      malformed++;
      continue;
    }
    const parse = hookBatchParser(chunk.buffers);
    for (const untrusted of list) {
      const event = parse(untrusted);
      if (!event || event.t === 'command-result') malformed++;
      else if (event.t === 'worker-uncaptured') uncapturedWorkers.push(event);
      else if (event.t === 'held' || event.t === 'released') held.push({ ...event, conn: scopeConnectionId(documentId, event.conn) });
      else events.push({ ...event, conn: scopeConnectionId(documentId, event.conn) });
    }
  }
  return { events, uncapturedWorkers, held, malformed };
}

function parseJsonArray(json: string): unknown[] | null {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
