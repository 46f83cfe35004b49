// The panel's state and everything that changes it. Plain class with subscribe(); components read
// `store.state` through useStore() and call methods. No browser APIs here: they come in via PanelHost.
import type { StoredMessage } from '../db/message-chunks';
import type { ReadQueries } from '../db/queries';
import type { BackgroundToPanel, ContentToPage } from '../shared/messages';
import type { ConnectionRecord, HandshakeRecord, SessionRecord } from '../shared/models';
import { compileFilter, filterRange, NO_FILTER, type FilterSpec } from './filters';
import { base64ToBytes, textToBytes } from './format';
import type { BackgroundLink, PanelHost } from './host';
import { MessageLog } from './messageLog';
import { afterNextPaint } from './next-paint';
import { PendingCommands, type CommandResult, type PageCommand } from './pendingCommands';

export type { CommandResult, PageCommand };

/** Rows read per IndexedDB query: big enough to load 100,000 rows quickly. */
const LOAD_CHUNK = 5000;
/** The first query of a view asks for a few screens only (one stored chunk to read), so they show sooner. */
const FIRST_LOAD_CHUNK = 200;
/** Fallback when no `changed` arrives (background restarting, or data written by someone else). */
const POLL_MS = 1000;
const RECONNECT_MS = 1000;
const PRESERVE_LOG_KEY = 'wsi.preserveLog';
/** Kept notices older than this are history, not news: the panel does not show them. */
const STORED_NOTICE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface Notice {
  id: number;
  level: 'info' | 'warning' | 'error';
  text: string;
  /** When the background raised it, for notices kept from before the panel opened. */
  time?: number;
}

/** The selected message with everything the detail pane (and the Frames view) shows. */
export interface Selection {
  message: StoredMessage;
  connection: ConnectionRecord | undefined;
  /** 'loading' until the payload record is read; 'missing' if it was deleted or never stored. */
  status: 'loading' | 'ready' | 'missing';
  /** Full payload text (text messages). */
  text?: string;
  /** Payload bytes: UTF-8 of the text, or the decoded binary. */
  bytes?: Uint8Array;
  handshake?: HandshakeRecord;
}

export interface PanelState {
  /** The inspected tab, or null in the history tab. */
  tabId: number | null;
  /** The tab's sessions (panel) or every stored session (history), oldest first. */
  sessions: SessionRecord[];
  /** History tab: stored messages per session. */
  sessionCounts: ReadonlyMap<string, number>;
  /** Sessions whose messages are in view. */
  sessionIds: string[];
  connections: ConnectionRecord[];
  /** Loaded rows of the sessions in view, id order. Mutated in place: watch `rowsVersion`. */
  rows: readonly StoredMessage[];
  rowsVersion: number;
  /** Indexes into `rows` that pass the filter, in order. */
  visible: readonly number[];
  filter: FilterSpec;
  /** Why the current filter text could not be applied; the table keeps the last good result meanwhile. */
  filterError: string | null;
  /** Rows whose full text is still being loaded into the search index. */
  indexPending: number;
  indexIncomplete: boolean;
  selectedId: number | null;
  selection: Selection | null;
  paused: boolean;
  preserveLog: boolean;
  notices: Notice[];
  /** True until the first load finished. */
  loading: boolean;
}

export class PanelStore {
  state: PanelState;
  private readonly listeners = new Set<() => void>();
  private readonly log: MessageLog;
  /** Highest id loaded per session: the next query asks only for ids above it. */
  private readonly loadedUpTo = new Map<string, number>();
  /** In the panel with "preserve log": sessions that started at or after this moment stay in view. */
  private preserveSince: number | null = null;
  private link: BackgroundLink | undefined;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private indexRefilterTimer: ReturnType<typeof setTimeout> | undefined;
  private notifyQueued = false;
  private nextNoticeId = 1;
  private readonly commands = new PendingCommands();
  private disposed = false;

  constructor(
    private readonly queries: ReadQueries,
    private readonly host: PanelHost,
  ) {
    this.log = new MessageLog((ids) => queries.payloadsOf(ids), () => this.onTextIndexed());
    this.state = {
      tabId: host.tabId,
      sessions: [],
      sessionCounts: new Map(),
      sessionIds: [],
      connections: [],
      rows: this.log.rows,
      rowsVersion: 0,
      visible: [],
      filter: NO_FILTER,
      filterError: null,
      indexPending: 0,
      indexIncomplete: false,
      selectedId: null,
      selection: null,
      paused: false,
      preserveLog: host.tabId !== null && readPreserveLog(),
      notices: [],
      loading: true,
    };
  }

  // ---- lifecycle ----

  start(): void {
    void this.host.storedNotices().then((stored) => {
      const recent = stored.filter((notice) => notice.time > Date.now() - STORED_NOTICE_MAX_AGE_MS);
      this.addNotices(recent.map(({ level, text, time }) => ({ level, text, time })));
    });
    this.connect();
    void this.refresh();
    this.pollTimer = setInterval(() => void this.refresh(), POLL_MS);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.pollTimer);
    this.link?.close();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- filtering and selection ----

  setFilter(patch: Partial<FilterSpec>): void {
    const filter = { ...this.state.filter, ...patch };
    const compiled = compileFilter(filter);
    if (!compiled.ok) {
      // Keep the last good rows on screen; only report the problem.
      this.update({ filter, filterError: compiled.error });
      return;
    }
    this.update({ filter, filterError: null, visible: filterRange(this.log.rows, this.log.searchTexts, compiled, 0, []) });
  }

  selectConnection(connectionId: string | null): void {
    this.setFilter({ connectionId });
  }

  select(messageId: number | null): void {
    if (messageId === this.state.selectedId) return;
    const index = messageId === null ? -1 : this.log.indexOfId(messageId);
    const message = this.log.rows[index];
    if (!message) {
      this.update({ selectedId: null, selection: null });
      return;
    }
    const connection = this.state.connections.find((c) => c.id === message.connectionId);
    this.update({ selectedId: message.id, selection: { message, connection, status: 'loading' } });
    void this.loadSelection(message, connection);
  }

  // ---- toolbar ----

  setPaused(paused: boolean): void {
    if (this.state.tabId === null) return;
    this.link?.post({ t: 'set-paused', tabId: this.state.tabId, paused });
    this.update({ paused });
  }

  /** Asks the background to delete the sessions in view and empties the view at once. */
  clear(): void {
    const sessionIds = this.state.sessionIds;
    if (sessionIds.length > 0) this.link?.post({ t: 'clear', sessionIds });
    // loadedUpTo keeps its values, so rows already seen are not read back while the background deletes them.
    this.log.clear();
    this.update({ rows: this.log.rows, rowsVersion: this.state.rowsVersion + 1, visible: [], selectedId: null, selection: null });
  }

  setPreserveLog(preserveLog: boolean): void {
    writePreserveLog(preserveLog);
    if (preserveLog) this.preserveSince = this.currentSession()?.startedAt ?? Date.now();
    this.update({ preserveLog });
    void this.refresh();
  }

  private addNotices(notices: Omit<Notice, 'id'>[]): void {
    if (notices.length === 0) return;
    this.update({ notices: [...this.state.notices, ...notices.map((notice) => ({ ...notice, id: this.nextNoticeId++ }))] });
  }

  dismissNotice(id: number): void {
    this.update({ notices: this.state.notices.filter((notice) => notice.id !== id) });
  }

  /** History tab: show one stored session. */
  openSession(sessionId: string): void {
    this.showSessions([sessionId]);
    void this.refresh();
  }

  /** History tab: delete a stored session (the background deletes; the list drops it at once). */
  deleteSession(sessionId: string): void {
    this.link?.post({ t: 'clear', sessionIds: [sessionId] });
    const sessions = this.state.sessions.filter((session) => session.id !== sessionId);
    this.update({ sessions });
    if (this.state.sessionIds.includes(sessionId)) this.showSessions([]);
  }

  openHistory(): void {
    this.host.openHistory();
  }

  /**
   * Sends a command (send/inject/connect) to the inspected page's frame and resolves with the page
   * hook's result. The entry point for replay and injection UIs.
   */
  runCommand(frameId: number, command: PageCommand | Omit<ContentToPage, 'id'>): Promise<CommandResult> {
    const { tabId } = this.state;
    const link = this.link;
    if (tabId === null || !link) return Promise.resolve({ ok: false, error: 'No inspected tab' });
    return this.commands.send(command, (withId) => link.post({ t: 'command', tabId, frameId, command: withId }));
  }

  // ---- background port ----

  private connect(): void {
    if (this.disposed) return;
    this.link = this.host.connect(
      (message) => this.onBackgroundMessage(message),
      () => {
        this.link = undefined;
        // The Chrome service worker stops when idle and drops ports: come back and watch again.
        setTimeout(() => this.connect(), RECONNECT_MS);
      },
    );
    if (this.state.tabId !== null) this.link.post({ t: 'watch', tabId: this.state.tabId });
  }

  private onBackgroundMessage(message: BackgroundToPanel): void {
    switch (message.t) {
      case 'changed':
        if (message.tabId === this.state.tabId || this.state.sessionIds.includes(message.sessionId)) void this.refresh();
        break;
      case 'session-started':
        if (message.session.tabId === this.state.tabId) void this.refresh();
        break;
      case 'paused':
        if (message.tabId === this.state.tabId) this.update({ paused: message.paused });
        break;
      case 'notice':
        this.addNotices([{ level: message.level, text: message.text }]);
        break;
      case 'command-result':
        this.commands.settle(message);
        break;
    }
  }

  // ---- loading ----

  /** Reads what is new since the last call. Calls during a refresh coalesce into one more run. */
  refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      try {
        do {
          this.refreshAgain = false;
          await this.loadNew();
        } while (this.refreshAgain && !this.disposed);
      } catch (error) {
        console.warn('WebSocket Inspector: reading the database failed', error);
      } finally {
        this.refreshing = undefined;
        if (this.state.loading) this.update({ loading: false });
      }
    })();
    return this.refreshing;
  }

  private async loadNew(): Promise<void> {
    const { tabId } = this.state;
    const sessions = tabId === null ? await this.queries.allSessions() : await this.queries.sessionsOfTab(tabId);
    const sessionsChanged = sessions.map((s) => s.id).join() !== this.state.sessions.map((s) => s.id).join();
    if (sessionsChanged) this.update({ sessions });
    if (tabId !== null) this.showSessions(this.tabSessionsInView(sessions));
    const sessionIds = this.state.sessionIds;
    const connections = await this.queries.connectionsOfSessions(sessionIds);
    if (!sameConnections(connections, this.state.connections)) this.update({ connections });
    const rowsBefore = this.state.rowsVersion;
    for (const sessionId of sessionIds) {
      for (;;) {
        const limit = this.log.rows.length === 0 ? FIRST_LOAD_CHUNK : LOAD_CHUNK;
        const rows = await this.queries.messagesAfter(sessionId, this.loadedUpTo.get(sessionId) ?? 0, limit);
        // The view may have switched sessions during the await.
        if (!this.state.sessionIds.includes(sessionId) || rows.length === 0) break;
        this.loadedUpTo.set(sessionId, rows.at(-1)!.id);
        this.appendRows(rows);
        if (rows.length < limit) break;
        // The first rows on screen before the next read: its thousands of rows would take the main
        // thread for tens of milliseconds first, and the first paint with rows waited for them.
        if (limit === FIRST_LOAD_CHUNK) await afterNextPaint();
      }
    }
    if (tabId === null && (sessionsChanged || rowsBefore !== this.state.rowsVersion)) await this.countSessionMessages(sessions);
  }

  private async countSessionMessages(sessions: readonly SessionRecord[]): Promise<void> {
    const counts = await Promise.all(sessions.map(async (session) => [session.id, await this.queries.messageCount(session.id)] as const));
    this.update({ sessionCounts: new Map(counts) });
  }

  private tabSessionsInView(sessions: SessionRecord[]): string[] {
    const latest = sessions.at(-1);
    if (!latest) return [];
    if (!this.state.preserveLog) return [latest.id];
    this.preserveSince ??= latest.startedAt;
    return sessions.filter((session) => session.startedAt >= this.preserveSince!).map((session) => session.id);
  }

  private currentSession(): SessionRecord | undefined {
    return this.state.sessions.at(-1);
  }

  /** Switches the view to these sessions; keeps loaded rows if it only adds sessions. */
  private showSessions(sessionIds: string[]): void {
    const current = this.state.sessionIds;
    if (sessionIds.length === current.length && sessionIds.every((id, i) => id === current[i])) return;
    const onlyAdds = current.every((id) => sessionIds.includes(id));
    if (!onlyAdds) {
      this.log.clear();
      this.loadedUpTo.clear();
      this.update({ rows: this.log.rows, rowsVersion: this.state.rowsVersion + 1, visible: [], selectedId: null, selection: null, connections: [] });
    }
    this.update({ sessionIds });
  }

  private appendRows(rows: StoredMessage[]): void {
    const firstChanged = this.log.add(rows);
    const compiled = compileFilter(this.state.filter);
    let visible = this.state.visible;
    if (compiled.ok) {
      // Appending in place keeps 100,000-row live updates cheap; a merge re-filters from the start.
      visible = firstChanged === 0 ? filterRange(this.log.rows, this.log.searchTexts, compiled, 0, []) : filterRange(this.log.rows, this.log.searchTexts, compiled, firstChanged, [...visible]);
    }
    this.update({ rows: this.log.rows, rowsVersion: this.state.rowsVersion + 1, visible, indexPending: this.log.pendingCount });
  }

  private onTextIndexed(): void {
    this.update({ indexPending: this.log.pendingCount, indexIncomplete: this.log.incomplete });
    if (this.state.filter.text === '' || this.indexRefilterTimer) return;
    // Full texts arriving can change which rows match; re-apply at most a few times a second.
    this.indexRefilterTimer = setTimeout(() => {
      this.indexRefilterTimer = undefined;
      this.setFilter({});
    }, 150);
  }

  private async loadSelection(message: StoredMessage, connection: ConnectionRecord | undefined): Promise<void> {
    const [payload, handshake] = await Promise.all([
      this.queries.payloadOf(message.id),
      connection ? this.queries.handshakeOf(connection) : Promise.resolve(undefined),
    ]);
    if (this.state.selectedId !== message.id) return;
    const selection: Selection = { message, connection, status: payload ? 'ready' : 'missing', ...(handshake && { handshake }) };
    if (payload) {
      if (message.payload.kind === 'text') {
        selection.text = payload.data;
        selection.bytes = textToBytes(payload.data);
      } else {
        selection.bytes = safeBase64(payload.data);
      }
    }
    this.update({ selection });
  }

  // ---- notification ----

  private update(patch: Partial<PanelState>): void {
    this.state = { ...this.state, ...patch };
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    // Many updates in one task render once.
    queueMicrotask(() => {
      this.notifyQueued = false;
      for (const listener of this.listeners) listener();
    });
  }
}

function safeBase64(data: string): Uint8Array {
  try {
    return base64ToBytes(data);
  } catch {
    return new Uint8Array();
  }
}

function sameConnections(a: readonly ConnectionRecord[], b: readonly ConnectionRecord[]): boolean {
  return a.length === b.length && a.every((connection, i) => JSON.stringify(connection) === JSON.stringify(b[i]));
}

function readPreserveLog(): boolean {
  try {
    return localStorage.getItem(PRESERVE_LOG_KEY) === 'true';
  } catch {
    return false;
  }
}

function writePreserveLog(value: boolean): void {
  try {
    localStorage.setItem(PRESERVE_LOG_KEY, String(value));
  } catch {
    // Not persisted: the choice still applies to this panel.
  }
}
