// The relay hands hook batches on as the hook packed them (BatchWithBuffers): it parses one only on the
// rare paths that need its events, a command result to route or messages to shed under the memory bound.
import { bodyByteLength } from '../shared/binary-body';
import type { BatchWithBuffers } from '../shared/messages';

/** Estimated memory of a hook batch, for the unacked-data bound: UTF-16 JSON and its bytes. */
export function hookBatchBytes(batch: BatchWithBuffers): number {
  let bytes = batch.json.length * 2;
  for (const buffer of batch.buffers) bytes += bodyByteLength(buffer);
  return bytes;
}

/** The events of a hook batch as parsed JSON, or null when it is not a JSON array (the background counts those). */
function eventsOf(batch: BatchWithBuffers): unknown[] | null {
  try {
    const events: unknown = JSON.parse(batch.json);
    return Array.isArray(events) ? events : null;
  } catch {
    return null;
  }
}

const isEventOfType = (event: unknown, type: string): boolean => typeof event === 'object' && event !== null && (event as { t?: unknown }).t === type;

/**
 * The command results of a hook batch, taken out, and the batch without them. A text search spares
 * the parse for the batches of plain traffic (a payload that mentions "command-result" only costs one).
 */
export function takeCommandResults(batch: BatchWithBuffers): { results: unknown[]; rest: BatchWithBuffers | null } {
  if (!batch.json.includes('"command-result"')) return { results: [], rest: batch };
  const events = eventsOf(batch);
  if (!events) return { results: [], rest: batch };
  const results = events.filter((event) => isEventOfType(event, 'command-result'));
  if (results.length === 0) return { results, rest: batch };
  const others = events.filter((event) => !isEventOfType(event, 'command-result'));
  return { results, rest: others.length === 0 ? null : { json: JSON.stringify(others), buffers: batch.buffers } };
}

/**
 * A hook batch without its message events (lifecycle events are tiny and keep connections consistent),
 * and how many messages went; null when nothing is left. Its bytes go with them: only messages name buffers.
 */
export function withoutMessages(batch: BatchWithBuffers): { kept: BatchWithBuffers | null; dropped: number } {
  const events = eventsOf(batch);
  if (!events) return { kept: null, dropped: 0 };
  // A message is an object of type "message" or, in the compact form (src/shared/compact-message.ts), an array.
  const lifecycle = events.filter((event) => !Array.isArray(event) && !isEventOfType(event, 'message'));
  return { kept: lifecycle.length === 0 ? null : { json: JSON.stringify(lifecycle), buffers: [] }, dropped: events.length - lifecycle.length };
}
