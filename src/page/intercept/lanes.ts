// Per connection and direction, the messages intercept took, in the order they came: held by a
// breakpoint, delayed by a rule, or simply waiting behind one of those. The head goes out as soon as it
// is ready, so the server and the page see every message in order, however late.
import type { InterceptStep } from '../../shared/intercept';
import { newList, type List } from '../../worlds/pristine';

export const UNDECIDED = 0; // came before the rules (the relay's config) did
export const WAITING = 1; // delayed by a rule
export const HELD = 2; // held by a breakpoint
export const READY = 3;

export interface Entry {
  kind: 'message' | 'close' | 'error';
  /** What goes out (a send's data, a received message's data); for close/error the event to dispatch again. */
  data: unknown;
  /** The data before a rule or an edit changed it. */
  original: unknown;
  changed: boolean;
  state: number;
  dropped: boolean;
  steps: List<InterceptStep>;
  /** Received messages: the event's origin and lastEventId, kept for the one dispatched again. */
  origin: string;
  lastEventId: string;
  /** The id the panel knows a held message by ('' when not held). */
  hold: string;
  /** A rule's delay, counted from the release of a held message. */
  delayMs: number;
}

export interface Lane {
  entries: List<Entry>;
  head: number;
  draining: boolean;
}

export function newLane(): Lane {
  return { entries: newList<Entry>(), head: 0, draining: false };
}

export function isEmpty(lane: Lane): boolean {
  return lane.head === lane.entries.length;
}

export function newEntry(kind: Entry['kind'], data: unknown, state: number): Entry {
  return {
    kind,
    data,
    original: data,
    changed: false,
    state,
    dropped: false,
    steps: newList<InterceptStep>(),
    origin: '',
    lastEventId: '',
    hold: '',
    delayMs: 0,
  };
}

export function append(lane: Lane, entry: Entry): void {
  lane.entries[lane.entries.length] = entry;
}

/** Hands each ready entry at the head to `deliver`, in order, until one is not ready. Re-entrant calls wait for the outer one. */
export function drain(lane: Lane, deliver: (entry: Entry) => void): void {
  if (lane.draining) return;
  lane.draining = true;
  try {
    while (lane.head < lane.entries.length) {
      const entry = lane.entries[lane.head]!;
      if (entry.state !== READY) break;
      lane.head++;
      try {
        deliver(entry);
      } catch {
        // One delivery failing (a page listener threw through dispatch) must not stop the rest.
      }
    }
    if (lane.head === lane.entries.length) {
      lane.entries = newList<Entry>();
      lane.head = 0;
    }
  } finally {
    lane.draining = false;
  }
}

/** The entries of a lane not yet delivered, oldest first. */
export function pending(lane: Lane): List<Entry> {
  const list = newList<Entry>();
  for (let index = lane.head; index < lane.entries.length; index++) list[list.length] = lane.entries[index]!;
  return list;
}
