// The panel's state slices against in-memory data and a fake host: incremental loading, filters,
// background messages, switching views during a read, commands, disposal.
import { effect } from '@preact/signals';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { StoredMessage } from '../../src/db/message-chunks';
import type { BackgroundToPanel, PanelToBackground } from '../../src/shared/messages';
import type { ConnectionRecord, SessionRecord } from '../../src/shared/models';
import type { PanelData } from '../../src/panel/data';
import type { PanelHost } from '../../src/panel/host';
import type { PageCommand } from '../../src/panel/state/command-slice';
import { Panel } from '../../src/panel/state/panel';

class MemoryData implements PanelData {
  sessions: SessionRecord[] = [];
  connections: ConnectionRecord[] = [];
  messages: StoredMessage[] = [];
  /** Every messagesAfter call, to check that loading is incremental. */
  afterCalls: [string, number][] = [];
  /** The limit of every messagesAfter call. */
  limits: number[] = [];
  /** When set, a messagesAfter call waits for what it returns before answering. */
  holdRead?: (sessionId: string, afterId: number) => Promise<void> | undefined;
  private nextId = 1;

  addMessage(sessionId: string, text: string, direction: 'send' | 'receive' = 'receive'): void {
    const id = this.nextId++;
    this.messages.push({
      id,
      sessionId,
      connectionId: `${sessionId}-c`,
      seq: id,
      direction,
      time: id,
      origin: 'page',
      payload: { kind: 'text', source: 'string', size: text.length, truncated: false, preview: text },
    });
  }
  async allSessions() {
    return [...this.sessions];
  }
  async sessionsOfTab(tabId: number) {
    return this.sessions.filter((s) => s.tabId === tabId).sort((a, b) => a.startedAt - b.startedAt);
  }
  async connectionsOfSessions(ids: readonly string[]) {
    return this.connections.filter((c) => ids.includes(c.sessionId));
  }
  async messagesAfter(sessionId: string, afterId: number, limit: number) {
    this.afterCalls.push([sessionId, afterId]);
    this.limits.push(limit);
    await this.holdRead?.(sessionId, afterId);
    return this.messages.filter((m) => m.sessionId === sessionId && m.id > afterId).slice(0, limit);
  }
  async messageCount(sessionId: string) {
    return this.messages.filter((m) => m.sessionId === sessionId).length;
  }
  async payloadOf(id: number) {
    const m = this.messages.find((m) => m.id === id);
    return m && { id, sessionId: m.sessionId, data: m.payload.preview };
  }
  async payloadsOf(ids: readonly number[]) {
    return Promise.all(ids.map((id) => this.payloadOf(id)));
  }
  async handshakeOf() {
    return undefined;
  }
  async exportSource(): Promise<never> {
    throw new Error('not used here');
  }
}

function fakeHost(tabId: number | null) {
  const posted: PanelToBackground[] = [];
  let deliver: (message: BackgroundToPanel) => void = () => {};
  const host: { -readonly [K in keyof PanelHost]: PanelHost[K] } = {
    tabId,
    theme: () => 'light',
    onThemeChange: () => {},
    connect(onMessage) {
      deliver = onMessage;
      return { post: (message) => posted.push(message), close: () => {} };
    },
    openHistory: () => {},
    storedNotices: async () => [],
    protocolChoices: { load: async () => ({}), save: async () => {} },
    protoSchemas: { load: async () => ({ files: [], bindings: [] }), save: async () => {}, onChange: () => () => {} },
    tableLayout: { read: async () => undefined, write: async () => {} },
  };
  return { host, posted, deliver: (message: BackgroundToPanel) => deliver(message) };
}

const session = (id: string, tabId: number, startedAt: number): SessionRecord => ({ id, tabId, pageUrl: '', title: '', startedAt, imported: false });
const previews = (panel: Panel) => Array.from(panel.log.visible.value, (i) => panel.log.messageAt(i).payload.preview);

describe('Panel state', () => {
  // The protocol slice imports the decoders lazily, after the first rows' paint; a test can end while that
  // import is under way, and vitest then fails the run for a module loaded after teardown. Loaded here first,
  // the slice's import resolves from the module cache.
  beforeAll(() => import('../../src/protocols/registry'));
  afterEach(() => vi.useRealTimers());

  test('watches the tab, loads rows, then only rows above the last id on `changed`', async () => {
    const data = new MemoryData();
    data.sessions.push(session('s1', 7, 1));
    data.addMessage('s1', 'one');
    data.addMessage('s1', 'two');
    const { host, posted, deliver } = fakeHost(7);
    const store = new Panel(data, host);
    store.start();
    await store.refresh();
    expect(posted[0]).toEqual({ t: 'watch', tabId: 7 });
    expect(previews(store)).toEqual(['one', 'two']);

    data.addMessage('s1', 'three');
    deliver({ t: 'changed', tabId: 7, sessionId: 's1' });
    await store.refresh();
    expect(previews(store)).toEqual(['one', 'two', 'three']);
    expect(data.afterCalls.filter(([s]) => s === 's1').map(([, after]) => after)).toContain(2);
    store.dispose();
  });

  test('the first read of a view is a small page, so it shows at once; the rest follows in large reads, in order', async () => {
    const data = new MemoryData();
    data.sessions.push(session('s1', 7, 1));
    for (let i = 1; i <= 5300; i++) data.addMessage('s1', `m${i}`);
    const { host } = fakeHost(7);
    const store = new Panel(data, host);
    store.start();
    await store.refresh();
    expect(data.limits.slice(0, 3)).toEqual([200, 5000, 5000]);
    expect(data.afterCalls.slice(0, 3).map(([, after]) => after)).toEqual([0, 200, 5200]);
    expect(previews(store)).toEqual(Array.from({ length: 5300 }, (_, i) => `m${i + 1}`));
    store.dispose();
  });

  test('a new session replaces the view unless the log is preserved', async () => {
    const data = new MemoryData();
    data.sessions.push(session('a', 7, 1));
    data.addMessage('a', 'from a');
    const { host, deliver } = fakeHost(7);
    const store = new Panel(data, host);
    await store.refresh();
    data.sessions.push(session('b', 7, 2));
    data.addMessage('b', 'from b');
    deliver({ t: 'session-started', session: data.sessions[1]! });
    await store.refresh();
    expect(previews(store)).toEqual(['from b']);
    store.dispose();
  });

  test('an invalid regex keeps the last rows and reports the problem', async () => {
    const data = new MemoryData();
    data.sessions.push(session('s', 7, 1));
    data.addMessage('s', 'alpha', 'send');
    data.addMessage('s', 'beta');
    const store = new Panel(data, fakeHost(7).host);
    await store.refresh();
    store.filters.set({ text: 'alp', regex: true });
    expect(previews(store)).toEqual(['alpha']);
    store.filters.set({ text: 'alp(' });
    expect(store.filters.error.value).toBe('Invalid regex: Unterminated group');
    expect(previews(store)).toEqual(['alpha']);
    store.filters.set({ text: '', regex: false, direction: 'receive' });
    expect(store.filters.error.value).toBeNull();
    expect(previews(store)).toEqual(['beta']);
    store.dispose();
  });

  test('notices, paused state and command results from the background', async () => {
    const data = new MemoryData();
    const { host, posted, deliver } = fakeHost(7);
    host.storedNotices = async () => [
      { time: 0, level: 'info', text: 'ancient' },
      { time: Date.now(), level: 'error', text: 'kept from before' },
    ];
    const store = new Panel(data, host);
    store.start();
    await Promise.resolve();
    await Promise.resolve();
    expect(store.notices.notices.value.map((n) => n.text)).toEqual(['kept from before']);
    store.notices.dismiss(store.notices.notices.value[0]!.id);
    deliver({ t: 'notice', level: 'warning', text: 'Storage full: 120 messages lost' });
    deliver({ t: 'paused', tabId: 7, paused: true });
    expect(store.notices.notices.value.map((n) => n.text)).toEqual(['Storage full: 120 messages lost']);
    expect(store.notices.paused.value).toBe(true);
    store.notices.dismiss(store.notices.notices.value[0]!.id);
    expect(store.notices.notices.value).toEqual([]);

    const result = store.commands.run(0, { t: 'send', conn: 'c1', payload: { kind: 'text', data: 'hi' } });
    const command = posted.find((m) => m.t === 'command');
    if (command?.t !== 'command') throw new Error('no command posted');
    expect(command).toMatchObject({ tabId: 7, frameId: 0, command: { t: 'send', conn: 'c1' } });
    deliver({ t: 'command-result', id: (command.command as { id: string }).id, ok: true, conn: 'c1' });
    expect(await result).toEqual({ ok: true, conn: 'c1' });
    store.dispose();
  });

  test('switching the history view A → B → A during a read keeps all of A, from its first row', async () => {
    const data = new MemoryData();
    data.sessions.push(session('a', 1, 1), session('b', 2, 2));
    for (let i = 1; i <= 300; i++) data.addMessage('a', `a${i}`);
    data.addMessage('b', 'b1');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = true;
    // Holds A's second read (rows after the first page) until the view has gone to B and back.
    data.holdRead = (sessionId, afterId) => (holding && sessionId === 'a' && afterId === 200 ? held : undefined);
    const panel = new Panel(data, fakeHost(null).host);
    panel.openSession('a');
    await vi.waitFor(() => expect(data.afterCalls).toContainEqual(['a', 200]));
    expect(previews(panel)).toHaveLength(200);
    panel.openSession('b');
    panel.openSession('a');
    holding = false;
    release();
    await panel.refresh();
    expect(previews(panel)).toEqual(Array.from({ length: 300 }, (_, i) => `a${i + 1}`));
    // A panel left running would go on decoding and pairing into the next test's fake timers.
    panel.dispose();
  });

  test('dispose() stops the timer that re-applies a text filter as full texts are indexed', async () => {
    vi.useFakeTimers();
    const data = new MemoryData();
    data.sessions.push(session('s', 7, 1));
    data.addMessage('s', 'a preview');
    // Larger than its preview: the full text is read into the search index after the row shows.
    (data.messages[0]!.payload as { size: number }).size = 5000;
    const panel = new Panel(data, fakeHost(7).host);
    panel.filters.set({ text: 'preview' });
    await panel.refresh();
    await vi.advanceTimersByTimeAsync(0);
    // The re-filter timer, and the pairing's next step (pairs-slice.ts), which dispose() stops too.
    expect(vi.getTimerCount()).toBeGreaterThanOrEqual(1);
    panel.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  test('the panel refuses a `config` command (the relay alone sets capture limits) and posts nothing', async () => {
    const { host, posted } = fakeHost(7);
    const panel = new Panel(new MemoryData(), host);
    panel.start();
    const result = await panel.commands.run(0, { t: 'config', maxPayloadBytes: 1 } as unknown as PageCommand);
    expect(result).toEqual({ ok: false, error: 'The panel does not send "config" commands' });
    expect(posted.filter((message) => message.t === 'command')).toEqual([]);
    panel.dispose();
  });

  test('subscribers of a slice hear its changes only: notices and pausing leave rows and connections alone', async () => {
    const data = new MemoryData();
    data.sessions.push(session('s', 7, 1));
    data.connections.push({ id: 's-c', sessionId: 's', tabId: 7 } as ConnectionRecord);
    data.addMessage('s', 'one');
    const { host, deliver } = fakeHost(7);
    const panel = new Panel(data, host);
    panel.start();
    await panel.refresh();
    let rowRuns = 0;
    let connectionRuns = 0;
    const stopRows = effect(() => void (panel.log.visible.value, rowRuns++));
    const stopConnections = effect(() => void (panel.session.connections.value, connectionRuns++));
    deliver({ t: 'notice', level: 'info', text: 'hello' });
    deliver({ t: 'paused', tabId: 7, paused: true });
    await panel.refresh();
    expect([rowRuns, connectionRuns]).toEqual([1, 1]);
    data.addMessage('s', 'two');
    deliver({ t: 'changed', tabId: 7, sessionId: 's' });
    await panel.refresh();
    expect([rowRuns, connectionRuns]).toEqual([2, 1]);
    stopRows();
    stopConnections();
    panel.dispose();
  });
});
