// The capture pipeline end to end: real page hook → relay → background → IndexedDB, in Chromium with
// the built extension and real `ws` servers. Results are read from the extension's own database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from './chromium';
import { startTestServer, type TestServer } from './servers';
import { openExtensionStorage, waitFor, type ExtensionStorage } from './db';
import type { ConnectionRecord, HandshakeRecord, MessageRecord, PayloadRecord, SessionRecord } from '../../src/shared/models';

let browser: ExtensionBrowser;
let server: TestServer;
let storage: ExtensionStorage;

beforeAll(async () => {
  browser = await launchWithExtension();
  server = await startTestServer();
  storage = await openExtensionStorage(browser);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type StoredMessage = MessageRecord & { id: number };

async function openPage(path: string, html: string): Promise<{ page: Page; tabId: number }> {
  const url = server.page(path, `<!doctype html><meta charset="utf-8"><title>${path}</title><body>${html}</body>`);
  const page = await browser.context.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(browser, page) };
}

async function sessionsOf(tabId: number): Promise<SessionRecord[]> {
  const sessions = await storage.read<SessionRecord>('sessions', 'tabId', tabId);
  return sessions.sort((a, b) => a.startedAt - b.startedAt);
}

async function messagesOfSession(sessionId: string): Promise<StoredMessage[]> {
  return storage.read<StoredMessage>('messages', 'sessionId', sessionId);
}

/**
 * Waits until the tab's latest session holds `count` messages; returns that session's messages.
 * Polls with count(): reading every row while waiting would hold the store against the writer.
 */
async function waitForMessages(tabId: number, count: number, timeoutMs = 30_000): Promise<StoredMessage[]> {
  const session = await waitFor(async () => (await sessionsOf(tabId)).at(-1), (latest) => latest !== undefined, timeoutMs);
  await waitFor(() => storage.count('messages', 'sessionId', session!.id), (stored) => stored >= count, timeoutMs);
  return messagesOfSession(session!.id);
}

/** Per connection: seq values are unique, and ordering by id orders them by seq. */
function expectOrderedAndUnique(messages: StoredMessage[]): void {
  const byConnection = new Map<string, StoredMessage[]>();
  for (const message of messages) byConnection.set(message.connectionId, [...(byConnection.get(message.connectionId) ?? []), message]);
  for (const list of byConnection.values()) {
    const seqs = list.sort((a, b) => a.id - b.id).map((message) => message.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }
}

/** A page script that opens `path` on the test server and resolves window.ready when open. */
const socketScript = (wsUrl: string, path: string, body: string): string => `<script>
  window.ready = new Promise((resolve) => {
    const ws = new WebSocket(${JSON.stringify(wsUrl + path)});
    window.ws = ws;
    window.received = [];
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (event) => window.received.push(event.data);
    ws.onopen = () => { ${body}; resolve(); };
  });
</script>`;

describe('capture pipeline', () => {
  test('text and binary messages both ways are stored with session, connection and handshake', async () => {
    const { page, tabId } = await openPage(
      '/basic.html',
      socketScript(server.wsUrl, '/echo', `ws.send('hello ' + 'x'.repeat(300)); ws.send(new Uint8Array([1, 2, 3, 255]))`),
    );
    const messages = await waitForMessages(tabId, 4);
    const [session] = await sessionsOf(tabId);
    expect(session).toMatchObject({ tabId, pageUrl: page.url(), imported: false });

    const connections = await storage.read<ConnectionRecord>('connections', 'sessionId', session!.id);
    expect(connections).toHaveLength(1);
    const connection = connections[0]!;
    expect(connection).toMatchObject({ url: `${server.wsUrl}/echo`, state: 'open', sentCount: 2, receivedCount: 2 });
    expect(connection.sentBytes).toBe(306 + 4);
    expect(connection.extensions).toContain('permessage-deflate');

    const text = messages.filter((message) => message.payload.kind === 'text');
    const binary = messages.filter((message) => message.payload.kind === 'binary');
    expect(text.map((message) => message.direction).sort()).toEqual(['receive', 'send']);
    expect(binary.map((message) => message.direction).sort()).toEqual(['receive', 'send']);
    expect(text[0]!.payload.preview).toBe(('hello ' + 'x'.repeat(300)).slice(0, 200));
    expect(binary[0]!.payload).toMatchObject({ size: 4, preview: 'AQID/w==', truncated: false });
    const payload = (await storage.read<PayloadRecord>('payloads', undefined, text[0]!.id))[0];
    expect(payload?.data).toBe('hello ' + 'x'.repeat(300));

    const handshake = await waitFor(
      async () => (await storage.read<HandshakeRecord>('handshakes', 'connectionId', connection.id))[0],
      (record) => record?.statusCode !== undefined && record.completedAt !== undefined,
    );
    const stored = (await storage.read<ConnectionRecord>('connections', undefined, connection.id))[0]!;
    expect(stored.handshakeId).toBe(handshake!.requestId);
    expect(handshake!.statusCode).toBe(101);
    const header = (name: string): string | undefined =>
      handshake!.responseHeaders?.find((pair) => pair.name.toLowerCase() === name)?.value;
    expect(header('sec-websocket-accept')).toBeTruthy();
    expect(header('sec-websocket-extensions')).toContain('permessage-deflate');
    expect(handshake!.requestHeaders.some((pair) => pair.name.toLowerCase() === 'sec-websocket-version')).toBe(true);
    await page.close();
  });

  test("iframes' sockets join the tab's session; a reload starts a new session and keeps the old one", async () => {
    server.page('/frame.html', `<!doctype html><body>${socketScript(server.wsUrl, '/echo', `ws.send('from frame')`)}</body>`);
    const { page, tabId } = await openPage(
      '/framed.html',
      `<iframe src="/frame.html"></iframe>${socketScript(server.wsUrl, '/echo', `ws.send('from top')`)}`,
    );
    await waitForMessages(tabId, 4);
    const [first] = await sessionsOf(tabId);
    const connections = await storage.read<ConnectionRecord>('connections', 'sessionId', first!.id);
    expect(connections).toHaveLength(2);
    expect(new Set(connections.map((connection) => connection.frameId)).size).toBe(2);
    expect(connections.map((connection) => connection.frameUrl).sort()).toEqual([`${server.httpUrl}/frame.html`, `${server.httpUrl}/framed.html`]);

    await page.reload();
    await waitFor(() => sessionsOf(tabId), (sessions) => sessions.length === 2);
    const [old, current] = await sessionsOf(tabId);
    expect(old!.id).toBe(first!.id);
    await waitFor(() => messagesOfSession(current!.id), (messages) => messages.length === 4);
    expect(await messagesOfSession(old!.id)).toHaveLength(4);
    const oldConnections = await storage.read<ConnectionRecord>('connections', 'sessionId', old!.id);
    expect(oldConnections.every((connection) => connection.state === 'closed')).toBe(true);
    await page.close();
  });

  test('a burst of 10,000 messages sent in one task and echoed is stored whole, once, in order', async () => {
    const { page, tabId } = await openPage(
      '/burst.html',
      socketScript(server.wsUrl, '/echo', `for (let i = 0; i < 10000; i++) ws.send('m' + i)`),
    );
    const messages = await waitForMessages(tabId, 20_000, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await messagesOfSession(messages[0]!.sessionId)).toHaveLength(20_000);
    expectOrderedAndUnique(messages);
    const sent = messages.filter((message) => message.direction === 'send').sort((a, b) => a.id - b.id);
    expect(sent.map((message) => message.payload.preview)).toEqual(Array.from({ length: 10_000 }, (_, i) => 'm' + i));
    await page.close();
  });

  test('capture goes on across service-worker restarts with nothing lost or duplicated', async () => {
    const { page, tabId } = await openPage(
      '/restart.html',
      socketScript(
        server.wsUrl,
        '/echo',
        `let i = 0; window.timer = setInterval(() => { for (let k = 0; k < 20; k++) ws.send('r' + i++); if (i >= 4000) clearInterval(window.timer); }, 5)`,
      ),
    );
    const worker = await browser.serviceWorker();
    await worker.evaluate(() => ((globalThis as { restartMarker?: boolean }).restartMarker = true));
    await waitForMessages(tabId, 500);
    await storage.stopServiceWorker();
    await waitForMessages(tabId, 3000);
    await storage.stopServiceWorker();
    const messages = await waitForMessages(tabId, 8000, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await messagesOfSession(messages[0]!.sessionId)).toHaveLength(8000);
    expect(await sessionsOf(tabId)).toHaveLength(1);
    expectOrderedAndUnique(messages);
    const restarted = await browser.serviceWorker();
    expect(await restarted.evaluate(() => (globalThis as { restartMarker?: boolean }).restartMarker)).toBeUndefined();
    const [connection] = await storage.read<ConnectionRecord>('connections', 'sessionId', messages[0]!.sessionId);
    expect(connection).toMatchObject({ sentCount: 4000, receivedCount: 4000 });
    await page.close();
  });
});
