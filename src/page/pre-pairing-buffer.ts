// Holds what the hook records before the isolated-world side has paired (or when it never does):
// every lifecycle event, and the newest MAX_BUFFERED_MESSAGES_PER_CONNECTION message events per
// connection, in the order they happened. Memory stays bounded by dropping the oldest messages.
import type { HookEvent } from '../shared/messages';
import { NativeMap, mapGet, mapSet, newList, type List } from '../worlds/pristine';

export const MAX_BUFFERED_MESSAGES_PER_CONNECTION = 1000;

interface Entry {
  event: HookEvent;
  dropped: boolean;
}

/** One connection's buffered message entries, oldest first from `head`. */
interface MessageQueue {
  entries: List<Entry>;
  head: number;
}

export class PrePairingBuffer {
  private entries = newList<Entry>();
  private droppedCount = 0;
  private messagesByConnection = new NativeMap<string, MessageQueue>();

  constructor(private readonly maxMessagesPerConnection = MAX_BUFFERED_MESSAGES_PER_CONNECTION) {}

  add(event: HookEvent): void {
    const entry: Entry = { event, dropped: false };
    this.entries[this.entries.length] = entry;
    if (event.t === 'message') this.trackMessage(event.conn, entry);
  }

  /** Everything kept, in order; the buffer is empty afterwards. */
  drain(): List<HookEvent> {
    const events = newList<HookEvent>();
    for (let index = 0; index < this.entries.length; index++) {
      const entry = this.entries[index]!;
      if (!entry.dropped) events[events.length] = entry.event;
    }
    this.entries = newList<Entry>();
    this.droppedCount = 0;
    this.messagesByConnection = new NativeMap<string, MessageQueue>();
    return events;
  }

  private trackMessage(conn: string, entry: Entry): void {
    let queue = mapGet(this.messagesByConnection, conn);
    if (!queue) {
      queue = { entries: newList<Entry>(), head: 0 };
      mapSet(this.messagesByConnection, conn, queue);
    }
    queue.entries[queue.entries.length] = entry;
    if (queue.entries.length - queue.head <= this.maxMessagesPerConnection) return;
    queue.entries[queue.head]!.dropped = true;
    queue.head++;
    this.droppedCount++;
    if (queue.head >= this.maxMessagesPerConnection) {
      queue.entries = copyFrom(queue.entries, queue.head);
      queue.head = 0;
    }
    // Compact once dropped entries outnumber kept ones, so memory tracks what is kept.
    if (this.droppedCount > 1024 && this.droppedCount * 2 > this.entries.length) this.compact();
  }

  private compact(): void {
    const kept = newList<Entry>();
    for (let index = 0; index < this.entries.length; index++) {
      const entry = this.entries[index]!;
      if (!entry.dropped) kept[kept.length] = entry;
    }
    this.entries = kept;
    this.droppedCount = 0;
  }
}

function copyFrom<T>(list: List<T>, start: number): List<T> {
  const copy = newList<T>();
  for (let index = start; index < list.length; index++) copy[copy.length] = list[index]!;
  return copy;
}
