// The panel's state, in slices by concern, and the actions that span them. Components subscribe to
// the signals they read (see usePanel.ts); no browser API here: it comes in through PanelHost.
import { batch, signal } from '@preact/signals';
import type { PanelData } from '../data';
import { NO_FILTER } from '../filters';
import type { BackgroundToPanel } from '../../shared/messages';
import type { DeepCaptureState } from '../../shared/models';
import type { PanelHost } from '../host';
import { ColumnSlice } from '../table/column-slice';
import { PayloadReader } from '../payload-reader';
import { BackgroundPort } from './background-port';
import { CommandSlice } from './command-slice';
import { FilterSlice } from './filter-slice';
import { InterceptSlice } from './intercept-slice';
import { LogSlice } from './log-slice';
import { NoticeSlice } from './notice-slice';
import { ProtocolSlice } from '../protocols/protocol-slice';
import { ProtoSchemaSlice } from '../protocols/proto-slice';
import { PairsSlice } from '../pairs/pairs-slice';
import { CompareSlice } from '../diff/compare-slice';
import { SelectionSlice } from './selection-slice';
import { SessionSlice } from './session-slice';
import { ViewLoader } from './view-loader';

/** Fallback when no `changed` arrives (background restarting, or data written by someone else). */
const POLL_MS = 1000;

export class Panel {
  readonly session: SessionSlice;
  readonly log: LogSlice;
  readonly filters: FilterSlice;
  readonly selection: SelectionSlice;
  readonly commands: CommandSlice;
  readonly notices: NoticeSlice;
  readonly intercept: InterceptSlice;
  readonly protocols: ProtocolSlice;
  /** The user's .proto files and message-type bindings (Protocol Buffers with a schema). */
  readonly protoSchemas: ProtoSchemaSlice;
  /** Requests linked to their answers, and latencies (src/panel/pairs/). */
  readonly pairs: PairsSlice;
  /** The two messages the diff view compares (src/panel/diff/). */
  readonly compare = new CompareSlice();
  /** The table's column layout (src/panel/table/). */
  readonly columns: ColumnSlice;
  /** Deep capture of this tab's shared and service workers (Chromium's debugger), as the background reports it; null until told. */
  readonly deepCapture = signal<DeepCaptureState | null>(null);
  private readonly loader: ViewLoader;
  private readonly port: BackgroundPort;
  private pollTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    /** The one way the panel reads stored data; dialogs read through it too. */
    readonly data: PanelData,
    private readonly host: PanelHost,
  ) {
    this.session = new SessionSlice(host.tabId);
    // The search index, protocol decoding and pairing all need long messages' full payloads: one read each.
    const payloads = new PayloadReader((ids) => data.payloadsOf(ids));
    this.log = new LogSlice(payloads.load, () => this.filters.textIndexed());
    this.filters = new FilterSlice(this.log, (id) => this.protocols.decodedOf(id));
    this.selection = new SelectionSlice(data, this.log, this.session);
    this.notices = new NoticeSlice(host.tabId !== null);
    this.columns = new ColumnSlice(host.tableLayout);
    this.port = new BackgroundPort(host, (message) => this.onBackgroundMessage(message));
    this.commands = new CommandSlice(host.tabId, () => this.port.current());
    this.intercept = new InterceptSlice(host.tabId, (message) => this.port.post(message), this.commands);
    this.loader = new ViewLoader(data, this);
    this.protoSchemas = new ProtoSchemaSlice(host.protoSchemas, () => this.protocols.restart());
    this.protocols = new ProtocolSlice(
      payloads.load,
      this.log,
      this.session,
      host.protocolChoices,
      () => this.filters.decoded(),
      (decoder, context) => this.protoSchemas.refine(decoder, context),
    );
    this.pairs = new PairsSlice(this.log, this.protocols, payloads.load, () => {
      if (this.filters.spec.peek().only?.live) this.filters.set({});
    });
  }

  start(): void {
    void this.host.storedNotices().then((stored) => this.notices.addStored(stored));
    void this.columns.load();
    this.port.connect();
    void this.refresh();
    this.pollTimer = setInterval(() => void this.refresh(), POLL_MS);
  }

  dispose(): void {
    clearInterval(this.pollTimer);
    this.loader.stop();
    this.filters.dispose();
    this.intercept.dispose();
    this.protocols.dispose();
    this.protoSchemas.dispose();
    this.pairs.dispose();
    this.columns.dispose();
    this.log.dispose();
    this.port.close();
  }

  refresh(): Promise<void> {
    return this.loader.refresh();
  }

  selectConnection(connectionId: string | null): void {
    this.filters.set({ connectionId });
  }

  setPaused(paused: boolean): void {
    const { tabId } = this.session;
    if (tabId === null) return;
    this.port.post({ t: 'set-paused', tabId, paused });
    this.notices.paused.value = paused;
  }

  /** Turns deep capture on (attach Chrome's debugger to this tab's shared and service workers) or off (detach). */
  setDeepCapture(on: boolean): void {
    const { tabId } = this.session;
    if (tabId !== null) this.port.post({ t: 'deep-capture', tabId, on });
  }

  /** Asks the background to delete the sessions in view and empties the view at once. */
  clear(): void {
    const sessionIds = this.session.sessionIds.peek();
    if (sessionIds.length > 0) this.port.post({ t: 'clear', sessionIds: [...sessionIds] });
    batch(() => {
      this.log.clear(false);
      this.selection.clear();
    });
  }

  setPreserveLog(preserveLog: boolean): void {
    if (preserveLog) this.loader.preserveFromNow();
    this.notices.setPreserveLog(preserveLog);
    void this.refresh();
  }

  /** History tab: show one stored session. */
  openSession(sessionId: string): void {
    this.loader.showSessions([sessionId]);
    void this.refresh();
  }

  /**
   * History tab: shows a session and selects one of its messages (a search hit), or with no message
   * filters its connection. A filter that would hide the message is lifted.
   */
  async revealMessage(sessionId: string, connectionId: string, messageId?: number): Promise<void> {
    this.openSession(sessionId);
    await this.refresh();
    if (messageId === undefined) return this.selectConnection(connectionId);
    this.jumpTo(messageId);
  }

  /** Selects a message in the table and scrolls to it (jump to an answer); a filter hiding it is lifted. */
  jumpTo(messageId: number): void {
    if (this.log.positionOfId(this.log.visible.peek(), messageId) < 0) this.filters.set(NO_FILTER);
    this.selection.reveal(messageId);
  }

  /** History tab: delete a stored session (the background deletes; the list drops it at once). */
  deleteSession(sessionId: string): void {
    this.port.post({ t: 'clear', sessionIds: [sessionId] });
    this.session.sessions.value = this.session.sessions.peek().filter((session) => session.id !== sessionId);
    if (this.session.sessionIds.peek().includes(sessionId)) this.loader.showSessions([]);
  }

  openHistory(): void {
    this.host.openHistory();
  }

  private onBackgroundMessage(message: BackgroundToPanel): void {
    const { tabId } = this.session;
    switch (message.t) {
      case 'changed':
        if (message.tabId === tabId || this.session.sessionIds.peek().includes(message.sessionId)) void this.refresh();
        break;
      case 'session-started':
        if (message.session.tabId === tabId) void this.refresh();
        break;
      case 'paused':
        if (message.tabId === tabId) this.notices.paused.value = message.paused;
        break;
      case 'notice':
        this.notices.add([{ level: message.level, text: message.text }]);
        break;
      case 'command-result':
        this.commands.settle(message);
        break;
      case 'held':
        this.intercept.onHeld(message);
        break;
      case 'intercept-state':
        this.intercept.onState(message);
        break;
      case 'deep-capture':
        if (message.tabId === tabId) this.deepCapture.value = message.state;
        break;
    }
  }
}
