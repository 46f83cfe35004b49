// Session and connections: which sessions exist, which are in view, and the connections they hold.
import { signal } from '@preact/signals';
import type { ConnectionRecord, SessionRecord } from '../../shared/models';

export class SessionSlice {
  /** The tab's sessions (panel) or every stored session (history), oldest first. */
  readonly sessions = signal<readonly SessionRecord[]>([]);
  /** History tab: stored messages per session. */
  readonly sessionCounts = signal<ReadonlyMap<string, number>>(new Map());
  /** Sessions whose messages are in view. */
  readonly sessionIds = signal<readonly string[]>([]);
  readonly connections = signal<readonly ConnectionRecord[]>([]);
  /** True until the first read finished. */
  readonly loading = signal(true);

  constructor(
    /** The inspected tab, or null in the history tab. */
    readonly tabId: number | null,
  ) {}

  get inHistory(): boolean {
    return this.tabId === null;
  }

  connection(id: string | null | undefined): ConnectionRecord | undefined {
    return id === null || id === undefined ? undefined : this.connections.value.find((connection) => connection.id === id);
  }

  /** Replaces the list only when something in it changed, so the 1 s poll re-renders nothing. */
  setConnections(connections: readonly ConnectionRecord[]): void {
    if (!sameConnections(connections, this.connections.peek())) this.connections.value = connections;
  }

  setSessions(sessions: readonly SessionRecord[]): boolean {
    const changed =
      sessions.map((session) => session.id).join() !==
      this.sessions
        .peek()
        .map((session) => session.id)
        .join();
    if (changed) this.sessions.value = sessions;
    return changed;
  }
}

function sameConnections(a: readonly ConnectionRecord[], b: readonly ConnectionRecord[]): boolean {
  return a.length === b.length && a.every((connection, i) => JSON.stringify(connection) === JSON.stringify(b[i]));
}
