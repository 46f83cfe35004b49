// PanelStore against in-memory queries and a fake host: incremental loading, filters, background messages.
import { describe, expect, test } from 'vitest';
import type { StoredMessage } from '../../src/db/message-chunks';
import type { ReadQueries } from '../../src/db/queries';
import type { BackgroundToPanel, PanelToBackground } from '../../src/shared/messages';
import type { ConnectionRecord, SessionRecord } from '../../src/shared/models';
import type { PanelHost } from '../../src/panel/host';
import { PanelStore } from '../../src/panel/store';

class MemoryData implements ReadQueries {
  sessions: SessionRecord[] = [];
  connections: ConnectionRecord[] = [];
  messages: StoredMessage[] = [];
  /** Every messagesAfter call, to check that loading is incremental. */
  afterCalls: [string, number][] = [];
  /** The limit of every messagesAfter call. */
  limits: number[] = [];
  private nextId = 1;

  addMessage(sessionId: string, text: string, direction: 'send' | 'receive' = 'receive'): void {
    const id = this.nextId++;
    this.messages.push({
      id, sessionId, connectionId: `${sessionId}-c`, seq: id, direction, time: id, origin: 'page',
      payload: { kind: 'text', source: 'string', size: text.length, truncated: false, preview: text },
    });
  }
  async allSessions() { return [...this.sessions]; }
  async sessionsOfTab(tabId: number) { return this.sessions.filter((s) => s.tabId === tabId).sort((a, b) => a.startedAt - b.startedAt); }
  async connectionsOfSessions(ids: readonly string[]) { return this.connections.filter((c) => ids.includes(c.sessionId)); }
  async messagesAfter(sessionId: string, afterId: number, limit: number) {
    this.afterCalls.push([sessionId, afterId]);
    this.limits.push(limit);
    return this.messages.filter((m) => m.sessionId === sessionId && m.id > afterId).slice(0, limit);
  }
  async messageCount(sessionId: string) { return this.messages.filter((m) => m.sessionId === sessionId).length; }
  async payloadOf(id: number) { const m = this.messages.find((m) => m.id === id); return m && { id, sessionId: m.sessionId, data: m.payload.preview }; }
  async payloadsOf(ids: readonly number[]) { return Promise.all(ids.map((id) => this.payloadOf(id))); }
  async handshakeOf() { return undefined; }
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
  };
  return { host, posted, deliver: (message: BackgroundToPanel) => deliver(message) };
}

const session = (id: string, tabId: number, startedAt: number): SessionRecord => ({ id, tabId, pageUrl: '', title: '', startedAt, imported: false });
const previews = (store: PanelStore) => store.state.visible.map((i) => store.state.rows[i]!.payload.preview);

describe('PanelStore', () => {
  test('watches the tab, loads rows, then only rows above the last id on `changed`', async () => {
    const data = new MemoryData();
    data.sessions.push(session('s1', 7, 1));
    data.addMessage('s1', 'one');
    data.addMessage('s1', 'two');
    const { host, posted, deliver } = fakeHost(7);
    const store = new PanelStore(data, host);
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
    const store = new PanelStore(data, host);
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
    const store = new PanelStore(data, host);
    await store.refresh();
    data.sessions.push(session('b', 7, 2));
    data.addMessage('b', 'from b');
    deliver({ t: 'session-started', session: data.sessions[1]! });
    await store.refresh();
    expect(previews(store)).toEqual(['from b']);
  });

  test('an invalid regex keeps the last rows and reports the problem', async () => {
    const data = new MemoryData();
    data.sessions.push(session('s', 7, 1));
    data.addMessage('s', 'alpha', 'send');
    data.addMessage('s', 'beta');
    const store = new PanelStore(data, fakeHost(7).host);
    await store.refresh();
    store.setFilter({ text: 'alp', regex: true });
    expect(previews(store)).toEqual(['alpha']);
    store.setFilter({ text: 'alp(' });
    expect(store.state.filterError).toBe('Invalid regex: Unterminated group');
    expect(previews(store)).toEqual(['alpha']);
    store.setFilter({ text: '', regex: false, direction: 'receive' });
    expect(store.state.filterError).toBeNull();
    expect(previews(store)).toEqual(['beta']);
  });

  test('notices, paused state and command results from the background', async () => {
    const data = new MemoryData();
    const { host, posted, deliver } = fakeHost(7);
    host.storedNotices = async () => [
      { time: 0, level: 'info', text: 'ancient' },
      { time: Date.now(), level: 'error', text: 'kept from before' },
    ];
    const store = new PanelStore(data, host);
    store.start();
    await Promise.resolve();
    await Promise.resolve();
    expect(store.state.notices.map((n) => n.text)).toEqual(['kept from before']);
    store.dismissNotice(store.state.notices[0]!.id);
    deliver({ t: 'notice', level: 'warning', text: 'Storage full: 120 messages lost' });
    deliver({ t: 'paused', tabId: 7, paused: true });
    expect(store.state.notices.map((n) => n.text)).toEqual(['Storage full: 120 messages lost']);
    expect(store.state.paused).toBe(true);
    store.dismissNotice(store.state.notices[0]!.id);
    expect(store.state.notices).toEqual([]);

    const result = store.runCommand(0, { t: 'send', conn: 'c1', payload: { kind: 'text', data: 'hi' } });
    const command = posted.find((m) => m.t === 'command');
    if (command?.t !== 'command') throw new Error('no command posted');
    expect(command).toMatchObject({ tabId: 7, frameId: 0, command: { t: 'send', conn: 'c1' } });
    deliver({ t: 'command-result', id: (command.command as { id: string }).id, ok: true, conn: 'c1' });
    expect(await result).toEqual({ ok: true, conn: 'c1' });
    store.dispose();
  });
});
