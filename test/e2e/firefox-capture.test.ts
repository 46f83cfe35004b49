// Capture in Firefox, end to end: a real page's sockets → MAIN-world hook → relay → background (event
// page) → IndexedDB, checked in the stored records and in the panel opened as an extension tab.
import { describe, expect, test, vi } from 'vitest';
import type { HeaderPair } from '../../src/shared/models';
import { setUpFirefoxWorld } from './firefox-world';
import { openTab, socketPage, waitForStored, type StoredTab } from './firefox-traffic';

const world = setUpFirefoxWorld();

const BINARY_SENT = [0, 1, 2, 255];
const BINARY_SENT_BASE64 = Buffer.from(BINARY_SENT).toString('base64');

/** A page whose socket sends a text and a binary message, and closes after both echoes. */
const echoPage = (name: string, path: string): string =>
  socketPage(
    world.server,
    name,
    path,
    `let echoes = 0;
    socket.onopen = () => {
      socket.send('hello from ${name}');
      socket.send(new Uint8Array(${JSON.stringify(BINARY_SENT)}));
    };
    socket.onmessage = () => { if (++echoes === 2) socket.close(1000, 'done'); };`,
  );

const closedWithFour = ({ connections, messages }: StoredTab) => connections.length === 1 && connections[0]!.state === 'closed' && messages.length === 4;

const header = (headers: HeaderPair[] | undefined, name: string) => headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;

test('the build installs in Firefox as an MV3 add-on whose background is an event page', async () => {
  const manifest = await world.db.page.evaluate(() => {
    const { name, manifest_version, background } = browser.runtime.getManifest() as chrome.runtime.ManifestV3 & {
      background: { scripts?: string[] };
    };
    return { name, manifest_version, scripts: background.scripts };
  });
  expect(manifest).toEqual({ name: 'WebSocket Inspector', manifest_version: 3, scripts: [expect.any(String)] });
});

describe('capture in Firefox', () => {
  test('text and binary messages in both directions, with payloads, sizes and the close', async () => {
    const url = echoPage('both-directions', '/echo');
    const { page, tabId } = await openTab(world.firefox, world.db, url);
    const { sessions, connections, messages } = await waitForStored(world.db, tabId, closedWithFour);

    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ tabId, pageUrl: url, imported: false });
    const connection = connections[0]!;
    expect(connection).toMatchObject({
      sessionId: sessions[0]!.id,
      url: `${world.server.wsUrl}/echo`,
      requestedProtocols: ['chat.v1', 'chat.v0'],
      protocol: 'chat.v1',
      state: 'closed',
      sentCount: 2,
      receivedCount: 2,
      origin: 'page',
      close: { code: 1000, reason: 'done', wasClean: true },
    });
    expect(connection.extensions).toMatch(/permessage-deflate/);

    const payloads = await world.db.all('payloads', 'sessionId', sessions[0]!.id);
    const stored = messages.map((message) => ({
      direction: message.direction,
      kind: message.payload.kind,
      source: message.payload.source,
      size: message.payload.size,
      data: payloads.find((payload) => payload.id === message.id)?.data,
    }));
    const text = 'hello from both-directions';
    expect(stored).toEqual(
      expect.arrayContaining([
        { direction: 'send', kind: 'text', source: 'string', size: text.length, data: text },
        { direction: 'send', kind: 'binary', source: 'Uint8Array', size: 4, data: BINARY_SENT_BASE64 },
        { direction: 'receive', kind: 'text', source: 'string', size: text.length, data: text },
        { direction: 'receive', kind: 'binary', source: 'ArrayBuffer', size: 4, data: BINARY_SENT_BASE64 },
      ]),
    );
    // The hook must not disturb the page: the server saw exactly what the page sent.
    const received = world.server.received.get('/echo') ?? [];
    expect(received.map((m) => (m.isBinary ? [...(m.data as Buffer)] : String(m.data)))).toEqual(expect.arrayContaining([text, BINARY_SENT]));
    await page.close();
  });

  test('the handshake from webRequest: status 101, headers, matched to its connection', async () => {
    const url = echoPage('handshake', '/handshake');
    const { page, tabId } = await openTab(world.firefox, world.db, url);
    const { connections } = await waitForStored(world.db, tabId, closedWithFour);
    const connection = connections[0]!;

    const handshake = await vi.waitFor(
      async () => {
        const [match] = await world.db.all('handshakes', 'connectionId', connection.id);
        if (!match?.responseHeaders) throw new Error('handshake not matched yet');
        return match;
      },
      { timeout: 10_000, interval: 200 },
    );
    expect(handshake).toMatchObject({ tabId, statusCode: 101, url: `${world.server.wsUrl}/handshake` });
    expect(handshake.statusLine).toMatch(/101/);
    expect(header(handshake.requestHeaders, 'Sec-WebSocket-Protocol')).toBe('chat.v1, chat.v0');
    expect(header(handshake.requestHeaders, 'Sec-WebSocket-Extensions')).toMatch(/permessage-deflate/);
    expect(header(handshake.responseHeaders, 'Sec-WebSocket-Accept')).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(header(handshake.responseHeaders, 'Sec-WebSocket-Protocol')).toBe('chat.v1');
    // Matching may land after the snapshot above: read the connection again.
    expect((await world.db.all('connections', 'handshakeId', handshake.requestId)).map((c) => c.id)).toEqual([connection.id]);
    await page.close();
  });

  test('a page that cancels every timer id still has its messages stored while it keeps running', async () => {
    // The few messages fill no batch: only the hook's and the relay's delays send them on.
    const url = socketPage(
      world.server,
      'clears-timers',
      '/clears-timers',
      `const clearAll = () => { for (let id = 0; id < 20000; id++) clearTimeout(id); setTimeout(clearAll, 5); };
      clearAll();
      socket.onopen = () => { for (let i = 0; i < 3; i++) socket.send('kept ' + i); };`,
    );
    const { page, tabId } = await openTab(world.firefox, world.db, url);
    const { messages } = await waitForStored(world.db, tabId, (stored) => stored.messages.length === 6);
    expect(messages.filter((m) => m.direction === 'send').map((m) => m.payload.preview)).toEqual(['kept 0', 'kept 1', 'kept 2']);
    await page.close();
  });

  test('a reload starts a new session and keeps the earlier one with its messages', async () => {
    const url = echoPage('reload', '/reload');
    const { page, tabId } = await openTab(world.firefox, world.db, url);
    const before = await waitForStored(world.db, tabId, closedWithFour);

    await page.reload();
    const after = await waitForStored(
      world.db,
      tabId,
      ({ connections, messages }) => connections.length === 2 && connections.every((c) => c.state === 'closed') && messages.length === 8,
    );
    expect(after.sessions).toHaveLength(2);
    const [first, second] = [...after.sessions].sort((a, b) => a.startedAt - b.startedAt);
    expect(first!.id).toBe(before.sessions[0]!.id);
    expect(after.messages.filter((m) => m.sessionId === first!.id)).toEqual(before.messages);
    expect(after.messages.filter((m) => m.sessionId === second!.id)).toHaveLength(4);
    await page.close();
  });

  test("the panel, opened as an extension tab for the page's tab, lists its messages", async () => {
    const url = echoPage('panel', '/panel');
    const { page, tabId } = await openTab(world.firefox, world.db, url);
    await waitForStored(world.db, tabId, closedWithFour);

    const panel = await world.firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    const previews = () => panel.$$eval('.message-rows [role=row] .col-preview', (cells) => cells.map((cell) => cell.textContent));
    await vi.waitFor(async () => expect(await previews()).toHaveLength(4), { timeout: 10_000, interval: 200 });
    expect(await previews()).toEqual(expect.arrayContaining(['hello from panel', '00 01 02 ff']));
    expect(await panel.evaluate(() => document.body.textContent)).toContain(`${world.server.wsUrl}/panel`);
    await panel.close();
    await page.close();
  });

  test("a socket opened inside an iframe joins the tab's session, with its frame URL", async () => {
    const frameUrl = socketPage(world.server, 'inner-frame', '/in-frame', `socket.onopen = () => socket.send('from the frame');`);
    const url = world.server.page('/outer.html', `<!doctype html><title>outer</title><iframe src="${frameUrl}"></iframe>`);
    const { page, tabId } = await openTab(world.firefox, world.db, url);
    const { sessions, connections } = await waitForStored(world.db, tabId, ({ messages }) => messages.length === 2);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.pageUrl).toBe(url);
    expect(connections).toMatchObject([{ sessionId: sessions[0]!.id, frameUrl, url: `${world.server.wsUrl}/in-frame` }]);
    await page.close();
  });

  // Firefox runs no content script in an empty about:blank frame at document_start, so a page could
  // try to borrow such a frame's untouched WebSocket.
  test('a socket made with the WebSocket of a fresh about:blank iframe is captured too', async () => {
    const url = world.server.page(
      '/blank-frame.html',
      `<!doctype html><title>blank frame</title><body><script>
        const frame = document.createElement('iframe');
        document.body.append(frame);
        const socket = new frame.contentWindow.WebSocket(${JSON.stringify(world.server.wsUrl + '/via-blank')});
        socket.onopen = () => socket.send('through about:blank');
      </script>`,
    );
    const { page, tabId } = await openTab(world.firefox, world.db, url);
    const { connections } = await waitForStored(world.db, tabId, ({ messages }) => messages.length === 2);
    expect(connections).toMatchObject([{ url: `${world.server.wsUrl}/via-blank` }]);
    await page.close();
  });

  test('the panel shows new messages while it is open', async () => {
    const url = socketPage(world.server, 'live', '/live');
    const { page, tabId } = await openTab(world.firefox, world.db, url);
    await waitForStored(world.db, tabId, ({ connections }) => connections[0]?.state === 'open');
    const panel = await world.firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    await panel.waitForSelector('.message-rows');

    await page.evaluate(() => (window as unknown as { socket: WebSocket }).socket.send('sent while watching'));
    await panel.waitForFunction(
      () => [...document.querySelectorAll('.message-rows [role=row] .col-preview')].filter((cell) => cell.textContent === 'sent while watching').length === 2,
      { timeout: 10_000 },
    );
    await panel.close();
    await page.close();
  });
});

declare const browser: typeof chrome;
