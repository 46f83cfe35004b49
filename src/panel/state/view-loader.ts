// Reads what is new for the sessions in view: sessions, connections, then rows page by page.
import { batch } from '@preact/signals';
import type { ReadQueries } from '../../db/queries';
import type { SessionRecord } from '../../shared/models';
import { afterNextPaint } from '../next-paint';
import type { FilterSlice } from './filter-slice';
import type { LogSlice } from './log-slice';
import type { NoticeSlice } from './notice-slice';
import { FIRST_PAGE_ROWS } from './paging';
import type { SelectionSlice } from './selection-slice';
import type { SessionSlice } from './session-slice';

export interface ViewSlices {
  session: SessionSlice;
  log: LogSlice;
  filters: FilterSlice;
  selection: SelectionSlice;
  notices: NoticeSlice;
}

export class ViewLoader {
  private reading: Promise<void> | undefined;
  private readAgain = false;
  /**
   * Bumped when the sessions in view change. A read that began for an earlier view is dropped, even
   * when the view came back to the same sessions meanwhile (A → B → A): its rows would start where the
   * old view's paging was, after rows the new view has not read.
   */
  private view = 0;
  /** In the panel with "preserve log": sessions that started at or after this moment stay in view. */
  private preserveSince: number | null = null;
  private stopped = false;

  constructor(
    private readonly queries: ReadQueries,
    private readonly slices: ViewSlices,
  ) {}

  /** Reads what is new since the last call. Calls during a read coalesce into one more run. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.readAgain = false;
          await this.readNew();
        } while (this.readAgain && !this.stopped);
      } catch (error) {
        console.warn('WebSocket Inspector: reading the database failed', error);
      } finally {
        this.reading = undefined;
        const { loading } = this.slices.session;
        if (loading.peek()) loading.value = false;
      }
    })();
    return this.reading;
  }

  stop(): void {
    this.stopped = true;
  }

  /** Preserve log turned on: the current session (or, with none, what starts from now) stays in view. */
  preserveFromNow(): void {
    this.preserveSince = this.slices.session.sessions.peek().at(-1)?.startedAt ?? Date.now();
  }

  /** Switches the view to these sessions; keeps what is loaded if it only adds sessions. */
  showSessions(sessionIds: readonly string[]): void {
    const { session, log, selection } = this.slices;
    const current = session.sessionIds.peek();
    if (sessionIds.length === current.length && sessionIds.every((id, i) => id === current[i])) return;
    const onlyAdds = current.every((id) => sessionIds.includes(id));
    batch(() => {
      if (!onlyAdds) {
        this.view++;
        log.clear(true);
        selection.clear();
        session.connections.value = [];
      }
      session.sessionIds.value = sessionIds;
    });
  }

  private async readNew(): Promise<void> {
    const { session, log, filters } = this.slices;
    const { tabId } = session;
    const sessions = tabId === null ? await this.queries.allSessions() : await this.queries.sessionsOfTab(tabId);
    const sessionsChanged = session.setSessions(sessions);
    if (tabId !== null) this.showSessions(this.tabSessionsInView(sessions));
    const view = this.view;
    const sessionIds = session.sessionIds.peek();
    const stale = () => {
      if (view === this.view) return false;
      this.readAgain = true;
      return true;
    };
    const connections = await this.queries.connectionsOfSessions(sessionIds);
    if (stale()) return;
    session.setConnections(connections);
    const versionBefore = log.version.peek();
    for (const sessionId of sessionIds) {
      for (;;) {
        const limit = log.nextPageSize();
        const rows = await this.queries.messagesAfter(sessionId, log.loadedUpTo.get(sessionId) ?? 0, limit);
        if (stale()) return;
        if (rows.length === 0) break;
        log.loadedUpTo.set(sessionId, rows.at(-1)!.id);
        log.append(rows, filters.compiled());
        if (rows.length < limit) break;
        // The first rows on screen before the next read: its thousands of rows would take the main
        // thread for tens of milliseconds first, and the first paint with rows waited for them.
        if (limit === FIRST_PAGE_ROWS) await afterNextPaint();
      }
    }
    if (tabId === null && (sessionsChanged || versionBefore !== log.version.peek())) await this.countSessionMessages(sessions);
  }

  private async countSessionMessages(sessions: readonly SessionRecord[]): Promise<void> {
    const counts = await Promise.all(sessions.map(async (session) => [session.id, await this.queries.messageCount(session.id)] as const));
    this.slices.session.sessionCounts.value = new Map(counts);
  }

  private tabSessionsInView(sessions: readonly SessionRecord[]): string[] {
    const latest = sessions.at(-1);
    if (!latest) return [];
    if (!this.slices.notices.preserveLog.peek()) return [latest.id];
    this.preserveSince ??= latest.startedAt;
    return sessions.filter((session) => session.startedAt >= this.preserveSince!).map((session) => session.id);
  }
}
