// The capture pipeline end to end: real page hook → relay → background → IndexedDB, in Chromium with
// the built extension and real `ws` servers. Results are read from the extension's own database.
import { afterEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { tabIdOf } from './chromium';
import { waitFor } from './db';
import { byConnection } from './busy-traffic';
import { setUpWorld, type StoredMessage } from '../fixtures/har/e2e-setup';
import type { ConnectionRecord, HandshakeRecord, PayloadRecord, SessionRecord } from '../../src/shared/models';

const world = setUpWorld();

// A test that fails before closing its tab must not leave it writing: the eviction test counts current sessions.
afterEach(async () => {
  for (const page of world.browser.context.pages()) if (page !== world.storage.page) await page.close();
});

async function openPage(path: string, html: string): Promise<{ page: Page; tabId: number }> {
  const url = world.server.page(path, `<!doctype html><meta charset="utf-8"><title>${path}</title><body>${html}</body>`);
  const page = await world.browser.context.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(world.browser, page) };
}

async function sessionsOf(tabId: number): Promise<SessionRecord[]> {
  const sessions = await world.storage.read<SessionRecord>('sessions', 'tabId', tabId);
  return sessions.sort((a, b) => a.startedAt - b.startedAt);
}

async function messagesOfSession(sessionId: string): Promise<StoredMessage[]> {
  return world.storage.read<StoredMessage>('messages', 'sessionId', sessionId);
}

/**
 * Waits until the tab's latest session holds `count` messages; returns that session's messages.
 * Polls with count(): reading every row while waiting would hold the store against the writer.
 */
async function waitForMessages(tabId: number, count: number, timeoutMs = 30_000): Promise<StoredMessage[]> {
  const session = await waitFor(
    async () => (await sessionsOf(tabId)).at(-1),
    (latest) => latest !== undefined,
    timeoutMs,
  );
  await waitFor(
    () => world.storage.count('messages', 'sessionId', session!.id),
    (stored) => stored >= count,
    timeoutMs,
  );
  return messagesOfSession(session!.id);
}

/** Per connection: seq values are unique, and ordering by id orders them by seq. */
function expectOrderedAndUnique(messages: StoredMessage[]): void {
  for (const list of byConnection(messages).values()) {
    const seqs = list.map((message) => message.seq);
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

/** Page code filling `all` with the byte pattern `patternBytes` expects, shifted by 5. */
const fillPattern = (length: number): string => `const all = new Uint8Array(${length}); for (let i = 0; i < all.length; i++) all[i] = (i * 31) & 255;`;
/** The `size` bytes a page sends from `all` at offset 5 (fillPattern). */
const patternBytes = (size: number): Buffer => Buffer.from(Array.from({ length: size }, (_, i) => ((i + 5) * 31) & 255));

/** Each message's list preview is the first 150 of `expected`, and its stored payload all of them. */
async function expectStoredExactly(messages: StoredMessage[], expected: Buffer): Promise<void> {
  for (const message of messages) {
    expect(message.payload.preview).toBe(expected.subarray(0, 150).toString('base64'));
    const [stored] = await world.storage.read<PayloadRecord>('payloads', undefined, message.id);
    expect(stored!.data).toBe(expected.toString('base64'));
  }
}

describe('capture pipeline', () => {
  test('text and binary messages both ways are stored with session, connection and handshake', async () => {
    const { page, tabId } = await openPage(
      '/basic.html',
      socketScript(world.server.wsUrl, '/echo', `ws.send('hello ' + 'x'.repeat(300)); ws.send(new Uint8Array([1, 2, 3, 255]))`),
    );
    const messages = await waitForMessages(tabId, 4);
    const [session] = await sessionsOf(tabId);
    expect(session).toMatchObject({ tabId, pageUrl: page.url(), imported: false });

    const connections = await world.storage.read<ConnectionRecord>('connections', 'sessionId', session!.id);
    expect(connections).toHaveLength(1);
    const connection = connections[0]!;
    expect(connection).toMatchObject({ url: `${world.server.wsUrl}/echo`, state: 'open', sentCount: 2, receivedCount: 2 });
    expect(connection.sentBytes).toBe(306 + 4);
    expect(connection.extensions).toContain('permessage-deflate');

    const text = messages.filter((message) => message.payload.kind === 'text');
    const binary = messages.filter((message) => message.payload.kind === 'binary');
    expect(text.map((message) => message.direction).sort()).toEqual(['receive', 'send']);
    expect(binary.map((message) => message.direction).sort()).toEqual(['receive', 'send']);
    expect(text[0]!.payload.preview).toBe(('hello ' + 'x'.repeat(300)).slice(0, 200));
    expect(binary[0]!.payload).toMatchObject({ size: 4, preview: 'AQID/w==', truncated: false });
    const payload = (await world.storage.read<PayloadRecord>('payloads', undefined, text[0]!.id))[0];
    expect(payload?.data).toBe('hello ' + 'x'.repeat(300));

    const handshake = await waitFor(
      async () => (await world.storage.read<HandshakeRecord>('handshakes', 'connectionId', connection.id))[0],
      (record) => record?.statusCode !== undefined && record.completedAt !== undefined,
    );
    const stored = (await world.storage.read<ConnectionRecord>('connections', undefined, connection.id))[0]!;
    expect(stored.handshakeId).toBe(handshake!.requestId);
    expect(handshake!.statusCode).toBe(101);
    const header = (name: string): string | undefined => handshake!.responseHeaders?.find((pair) => pair.name.toLowerCase() === name)?.value;
    expect(header('sec-websocket-accept')).toBeTruthy();
    expect(header('sec-websocket-extensions')).toContain('permessage-deflate');
    expect(handshake!.requestHeaders.some((pair) => pair.name.toLowerCase() === 'sec-websocket-version')).toBe(true);
    await page.close();
  });

  test('a 64 KiB binary message sent from inside a larger buffer is stored exact, both ways', async () => {
    const { page, tabId } = await openPage(
      '/large-binary.html',
      socketScript(
        world.server.wsUrl,
        '/echo',
        `${fillPattern(70000)}
        ws.send(all.subarray(5, 5 + 65536)); all.fill(0);`,
      ),
    );
    const messages = await waitForMessages(tabId, 2);
    expect(messages.map((message) => `${message.direction} ${message.payload.source} ${message.payload.size}`)).toEqual([
      'send Uint8Array 65536',
      'receive ArrayBuffer 65536',
    ]);
    await expectStoredExactly(messages, patternBytes(65536));
    await page.close();
  });

  test('a 300 KB binary message (large enough to travel as a Blob) is stored exact, both ways and both binaryTypes', async () => {
    const size = 300_000; // above BLOB_MIN_BYTES (src/shared/binary-body.ts)
    const { page, tabId } = await openPage(
      '/blob-binary.html',
      socketScript(
        world.server.wsUrl,
        '/echo',
        `${fillPattern(size + 10)}
        ws.send(all.subarray(5, 5 + ${size}));
        const blobSocket = new WebSocket(ws.url);
        blobSocket.binaryType = 'blob';
        blobSocket.onopen = () => { blobSocket.send(new Blob([all.subarray(5, 5 + ${size})])); all.fill(0); };`,
      ),
    );
    const messages = await waitForMessages(tabId, 4);
    expect(messages.map((message) => `${message.direction} ${message.payload.source} ${message.payload.size} ${message.payload.truncated}`).sort()).toEqual([
      `receive ArrayBuffer ${size} false`,
      `receive Blob ${size} false`,
      `send Blob ${size} false`,
      `send Uint8Array ${size} false`,
    ]);
    await expectStoredExactly(messages, patternBytes(size));
    await page.close();
  });

  test("iframes' sockets join the tab's session; a reload starts a new session and keeps the old one", async () => {
    world.server.page('/frame.html', `<!doctype html><body>${socketScript(world.server.wsUrl, '/echo', `ws.send('from frame')`)}</body>`);
    const { page, tabId } = await openPage(
      '/framed.html',
      `<iframe src="/frame.html"></iframe>${socketScript(world.server.wsUrl, '/echo', `ws.send('from top')`)}`,
    );
    await waitForMessages(tabId, 4);
    const [first] = await sessionsOf(tabId);
    const connections = await world.storage.read<ConnectionRecord>('connections', 'sessionId', first!.id);
    expect(connections).toHaveLength(2);
    expect(new Set(connections.map((connection) => connection.frameId)).size).toBe(2);
    expect(connections.map((connection) => connection.frameUrl).sort()).toEqual([`${world.server.httpUrl}/frame.html`, `${world.server.httpUrl}/framed.html`]);

    await page.reload();
    await waitFor(
      () => sessionsOf(tabId),
      (sessions) => sessions.length === 2,
    );
    const [old, current] = await sessionsOf(tabId);
    expect(old!.id).toBe(first!.id);
    await waitFor(
      () => messagesOfSession(current!.id),
      (messages) => messages.length === 4,
    );
    expect(await messagesOfSession(old!.id)).toHaveLength(4);
    const oldConnections = await world.storage.read<ConnectionRecord>('connections', 'sessionId', old!.id);
    expect(oldConnections.every((connection) => connection.state === 'closed')).toBe(true);
    await page.close();
  });

  test('messages sent in the task that navigates the page away are all stored', async () => {
    world.server.page('/after-leaving.html', '<!doctype html><title>after</title>');
    const leave = `for (let i = 0; i < 300; i++) ws.send('last words ' + i); location.href = '/after-leaving.html'`;
    const { page, tabId } = await openPage('/leaving.html', socketScript(world.server.wsUrl, '/leaving', leave));
    await page.waitForURL('**/after-leaving.html');
    const [leftSession] = await sessionsOf(tabId);
    await waitFor(
      () => world.storage.count('messages', 'sessionId', leftSession!.id),
      (stored) => stored >= 300,
    );
    const sent = (await messagesOfSession(leftSession!.id)).filter((message) => message.direction === 'send').sort((a, b) => a.id - b.id);
    expect(sent.map((message) => message.payload.preview)).toEqual(Array.from({ length: 300 }, (_, i) => `last words ${i}`));
    await page.close();
  });

  test('large binary messages sent in the task that navigates to another site are stored whole', async () => {
    // Another site gets another renderer: the Blobs these travel as must outlive the page's process.
    const elsewhere = `${world.server.httpUrl.replace('127.0.0.1', 'localhost')}/after-leaving.html`;
    world.server.page('/after-leaving.html', '<!doctype html><title>after</title>');
    const size = 1024 * 1024;
    const leave = `for (let i = 0; i < 3; i++) ws.send(new Uint8Array(${size}).fill(i + 1)); location.href = ${JSON.stringify(elsewhere)}`;
    const { page, tabId } = await openPage('/leaving-big.html', socketScript(world.server.wsUrl, '/leaving-big', leave));
    await page.waitForURL('http://localhost:*/after-leaving.html');
    const [leftSession] = await sessionsOf(tabId);
    await waitFor(
      () => world.storage.count('messages', 'sessionId', leftSession!.id),
      (stored) => stored >= 3,
    );
    const sent = (await messagesOfSession(leftSession!.id)).filter((message) => message.direction === 'send').sort((a, b) => a.id - b.id);
    expect(sent.map((message) => [message.payload.size, message.payload.truncated])).toEqual([
      [size, false],
      [size, false],
      [size, false],
    ]);
    for (const [index, message] of sent.entries()) {
      const [stored] = await world.storage.read<PayloadRecord>('payloads', undefined, message.id);
      expect(stored!.data).toBe(Buffer.alloc(size, index + 1).toString('base64'));
    }
    await page.close();
  });

  test('messages an iframe sends in the task that removes it are all stored', async () => {
    // Removing the frame destroys its document at once: only its pagehide listeners run after the sends.
    const frameHtml = `<script>window.socket = new WebSocket(${JSON.stringify(`${world.server.wsUrl}/removed-frame`)});</script>`;
    const { page, tabId } = await openPage('/remover.html', `<iframe srcdoc="${frameHtml.replace(/"/g, '&quot;')}"></iframe>`);
    await page.waitForFunction(() => (document.querySelector('iframe')!.contentWindow as unknown as { socket?: WebSocket }).socket?.readyState === 1);
    await page.evaluate(() => {
      const frame = document.querySelector('iframe')!;
      const socket = (frame.contentWindow as unknown as { socket: WebSocket }).socket;
      for (let i = 0; i < 300; i++) socket.send('from a doomed frame ' + i);
      frame.remove();
    });
    const [session] = await sessionsOf(tabId);
    await waitFor(
      () => world.storage.count('messages', 'sessionId', session!.id),
      (stored) => stored >= 300,
    );
    const sent = (await messagesOfSession(session!.id)).filter((message) => message.direction === 'send').sort((a, b) => a.id - b.id);
    expect(sent.map((message) => message.payload.preview)).toEqual(Array.from({ length: 300 }, (_, i) => `from a doomed frame ${i}`));
    await page.close();
  });

  test('a burst of 10,000 messages sent in one task and echoed is stored whole, once, in order', async () => {
    const { page, tabId } = await openPage('/burst.html', socketScript(world.server.wsUrl, '/echo', `for (let i = 0; i < 10000; i++) ws.send('m' + i)`));
    const messages = await waitForMessages(tabId, 20_000, 150_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await world.storage.count('messages', 'sessionId', messages[0]!.sessionId)).toBe(20_000);
    expectOrderedAndUnique(messages);
    const sent = messages.filter((message) => message.direction === 'send').sort((a, b) => a.id - b.id);
    expect(sent.map((message) => message.payload.preview)).toEqual(Array.from({ length: 10_000 }, (_, i) => 'm' + i));
    await page.close();
  }, 240_000);

  test('capture goes on across service-worker restarts with nothing lost or duplicated', async () => {
    // The page sends until told to stop, so both stops land mid-stream (a burst could be over and
    // stored before the first stop, leaving nothing to wake the worker for the second).
    const { page, tabId } = await openPage(
      '/restart.html',
      socketScript(
        world.server.wsUrl,
        '/echo',
        `window.sent = 0; window.timer = setInterval(() => { for (let k = 0; k < 5; k++) ws.send('r' + window.sent++); }, 10)`,
      ),
    );
    const { sessionId } = (await waitForMessages(tabId, 500))[0]!;
    for (let stop = 0; stop < 2; stop++) {
      const storedBefore = await world.storage.count('messages', 'sessionId', sessionId);
      // stopServiceWorker() returns once CDP reports the worker 'stopped': its memory and ports are gone.
      await world.storage.stopServiceWorker();
      // More are stored only once the relays have woken a new worker.
      await waitForMessages(tabId, storedBefore + 1000, 60_000);
    }
    await page.evaluate(() => clearInterval((window as unknown as { timer: number }).timer));
    const sent = await page.evaluate(() => (window as unknown as { sent: number }).sent);
    const messages = await waitForMessages(tabId, 2 * sent, 150_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await world.storage.count('messages', 'sessionId', sessionId)).toBe(2 * sent);
    expect(await sessionsOf(tabId)).toHaveLength(1);
    expectOrderedAndUnique(messages);
    const [connection] = await world.storage.read<ConnectionRecord>('connections', 'sessionId', sessionId);
    expect(connection).toMatchObject({ sentCount: sent, receivedCount: sent });
    await page.close();
  }, 240_000);

  test('a page that cancels every timer id still has each message stored while it keeps running', async () => {
    // Timer ids are the window's, shared with the hook's and the relay's worlds: a page clearing them
    // all must not hold captured messages back (a few messages never fill a batch, so only a timer
    // sends them on before the page goes away).
    const clearAll = `const clearAll = () => { for (let id = 0; id < 20000; id++) clearTimeout(id); setTimeout(clearAll, 5); }; clearAll();
      for (let i = 0; i < 5; i++) ws.send('kept ' + i)`;
    const { page, tabId } = await openPage('/clears-timers.html', socketScript(world.server.wsUrl, '/echo', clearAll));
    const messages = await waitForMessages(tabId, 10);
    expect(messages.filter((message) => message.direction === 'send').map((message) => message.payload.preview)).toEqual([
      'kept 0',
      'kept 1',
      'kept 2',
      'kept 3',
      'kept 4',
    ]);
    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('later'));
    await waitForMessages(tabId, 12);
    await page.close();
  });

  test('payloads above a lowered cap are stored truncated with their original size', async () => {
    await world.storage.setLocal({ settings: { maxPayloadBytes: 1000 } });
    const { page, tabId } = await openPage(
      '/truncate.html',
      socketScript(world.server.wsUrl, '/echo', `ws.send('a'.repeat(5000)); ws.send(new Uint8Array(3000).fill(7)); ws.send('small')`),
    );
    const messages = await waitForMessages(tabId, 6);
    const sentText = messages.find((message) => message.direction === 'send' && message.payload.size === 5000)!;
    const sentBinary = messages.find((message) => message.direction === 'send' && message.payload.size === 3000)!;
    const small = messages.find((message) => message.direction === 'send' && message.payload.size === 5)!;
    expect(sentText.payload.truncated).toBe(true);
    expect(sentBinary.payload).toMatchObject({ kind: 'binary', truncated: true });
    expect(small.payload.truncated).toBe(false);
    const [textData] = await world.storage.read<PayloadRecord>('payloads', undefined, sentText.id);
    expect(textData!.data).toBe('a'.repeat(1000));
    const [binaryData] = await world.storage.read<PayloadRecord>('payloads', undefined, sentBinary.id);
    expect(Buffer.from(binaryData!.data, 'base64').length).toBe(1000);
    const [connection] = await world.storage.read<ConnectionRecord>('connections', 'sessionId', sentText.sessionId);
    expect(connection!.sentBytes).toBe(5000 + 3000 + 5); // Counters keep the sizes on the wire.
    await world.storage.setLocal({ settings: {} });
    await page.close();
  });

  test('a lowered storage budget evicts the oldest sessions with a notice while capture goes on', async () => {
    const old = await openPage('/old.html', socketScript(world.server.wsUrl, '/echo', `for (let i = 0; i < 20; i++) ws.send('o'.repeat(1000))`));
    await waitForMessages(old.tabId, 40);
    for (const sessions of [2, 3]) {
      await old.page.reload();
      await waitFor(
        () => sessionsOf(old.tabId),
        (found) => found.length === sessions,
      );
      await waitForMessages(old.tabId, 40);
    }
    await old.page.close();
    const before = await world.storage.read<SessionRecord>('sessions');
    expect(before.length).toBeGreaterThanOrEqual(3);
    await world.storage.page.evaluate(() => {
      const panelMessages: unknown[] = [];
      (window as unknown as { panelMessages: unknown[] }).panelMessages = panelMessages;
      const port = chrome.runtime.connect({ name: 'wsi-panel' });
      port.onMessage.addListener((message) => panelMessages.push(message));
    });
    await world.storage.setLocal({ settings: { storageBudgetBytes: 60_000 }, notices: [] });
    const { page, tabId } = await openPage(
      '/budget.html',
      socketScript(world.server.wsUrl, '/echo', `for (let i = 0; i < 50; i++) ws.send(String(i).padStart(500, '.'))`),
    );
    await waitForMessages(tabId, 100);
    const [current] = await sessionsOf(tabId);
    const after = await world.storage.read<SessionRecord>('sessions');
    expect(after.map((session) => session.id)).toEqual([current!.id]);
    for (const evicted of before) expect(await world.storage.count('messages', 'sessionId', evicted.id)).toBe(0);
    // Eviction may take several steps as batches arrive; together they removed every old session.
    const removedIn = (texts: string[]): number =>
      texts.reduce((sum, text) => sum + Number(/^Storage full: removed (\d+) oldest sessions?$/.exec(text)?.[1] ?? 0), 0);
    const notices = (await world.storage.local('notices')) as { text: string }[];
    expect(removedIn(notices.map((notice) => notice.text))).toBe(before.length);
    const panelMessages = await world.storage.page.evaluate(() => (window as unknown as { panelMessages: { t: string; text?: string }[] }).panelMessages);
    const panelNotices = panelMessages.filter((message) => message.t === 'notice');
    expect(removedIn(panelNotices.map((notice) => notice.text ?? ''))).toBe(before.length);

    // Over budget again with nothing left to evict but the session being written: capture goes on.
    await page.evaluate(() => {
      const ws = (window as unknown as { ws: WebSocket }).ws;
      for (let i = 0; i < 100; i++) ws.send(String(i).padStart(1000, '-'));
    });
    const messages = await waitForMessages(tabId, 300);
    expect(messages).toHaveLength(300);
    await world.storage.setLocal({ settings: {} });
    await page.close();
  });

  test('a paused tab keeps connections but discards messages until resumed', async () => {
    const { page, tabId } = await openPage('/paused.html', '');
    expect(await world.storage.sendFromExtensionPage({ t: 'set-paused', tabId, paused: true })).toEqual({ ok: true });
    await page.evaluate(async (url) => {
      const ws = new WebSocket(url);
      (window as unknown as { ws: WebSocket }).ws = ws;
      await new Promise((resolve) => (ws.onopen = resolve));
      ws.send('while paused');
      await new Promise((resolve) => (ws.onmessage = resolve));
      // A later lifecycle event: once it is stored, the echo before it has been ingested (in order).
      (window as unknown as { marker: WebSocket }).marker = new WebSocket(url + '?marker');
    }, `${world.server.wsUrl}/echo`);
    const session = await waitFor(
      async () => (await sessionsOf(tabId))[0],
      (found) => found !== undefined,
    );
    const connections = await waitFor(
      () => world.storage.read<ConnectionRecord>('connections', 'sessionId', session!.id),
      (found) => found.length === 2,
    );
    expect(connections.every((connection) => connection.sentCount + connection.receivedCount === 0)).toBe(true);
    expect(await world.storage.count('messages', 'sessionId', session!.id)).toBe(0);
    expect(await world.storage.sendFromExtensionPage({ t: 'set-paused', tabId, paused: false })).toEqual({ ok: true });
    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('after resume'));
    const messages = await waitForMessages(tabId, 2);
    expect(messages.map((message) => message.payload.preview)).toEqual(['after resume', 'after resume']);
    await page.close();
  });

  test('events and commands forged by the page are ignored and store nothing', async () => {
    const { page, tabId } = await openPage('/forged.html', '');
    const forged = await page.evaluate(async (url) => {
      const fake = (conn: string) => ({
        t: 'message',
        conn,
        seq: 1,
        dir: 'send',
        time: Date.now(),
        origin: 'page',
        payload: { kind: 'text', source: 'string', size: 6, data: 'FORGED', truncated: false },
      });
      const ws = new WebSocket(url);
      await new Promise((resolve) => (ws.onopen = resolve));
      const command = { t: 'send', id: 'forged-command', conn: '1', payload: { kind: 'text', data: 'FORGED COMMAND' } };
      // Try to obtain the channel secret by pretending to be a hook that has not paired yet.
      const offers: unknown[] = [];
      const onOffer = (event: Event): number => offers.push((event as CustomEvent).detail);
      window.addEventListener('websocket-inspector:offer', onOffer);
      window.dispatchEvent(new CustomEvent('websocket-inspector:hello'));
      window.removeEventListener('websocket-inspector:offer', onOffer);
      for (const name of [
        'websocket-inspector:hello',
        'websocket-inspector:offer',
        'websocket-inspector:up',
        'websocket-inspector:down',
        `websocket-inspector:${crypto.randomUUID()}:up`,
      ]) {
        for (const detail of [JSON.stringify(fake('1')), JSON.stringify(command), JSON.stringify({ t: 'command', command })]) {
          window.dispatchEvent(new CustomEvent(name, { detail }));
          document.dispatchEvent(new CustomEvent(name, { detail }));
        }
      }
      for (const message of [fake('1'), fake('forged'), JSON.stringify(fake('1')), { t: 'command', command }, command]) window.postMessage(message, '*');
      await new Promise((resolve) => setTimeout(resolve, 300));
      ws.send('real');
      return { offers };
    }, `${world.server.wsUrl}/silent`);
    expect(forged.offers).toEqual([]);
    const messages = await waitForMessages(tabId, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stored = await messagesOfSession(messages[0]!.sessionId);
    expect(stored.map((message) => message.payload.preview)).toEqual(['real']);
    expect(await world.storage.read<ConnectionRecord>('connections', 'sessionId', messages[0]!.sessionId)).toHaveLength(1);
    expect(world.server.received.get('/silent')!.map((entry) => entry.data.toString())).toEqual(['real']);
    await page.close();
  });

  test('panel requests sent from a content script are refused', async () => {
    const { page, tabId } = await openPage('/refused.html', socketScript(world.server.wsUrl, '/echo', `ws.send('kept')`));
    const [message] = await waitForMessages(tabId, 2);
    const isolated = await relayWorld(page);
    const attempt = `(async () => {
      const reply = await chrome.runtime.sendMessage({ t: 'set-paused', tabId: ${tabId}, paused: true });
      const cleared = await chrome.runtime.sendMessage({ t: 'clear', sessionIds: [${JSON.stringify(message!.sessionId)}] });
      const commands = await Promise.all([
        { t: 'send', id: 'c1', conn: ${JSON.stringify(message!.connectionId)}, payload: { kind: 'text', data: 'FROM-RENDERER' } },
        { t: 'connect', id: 'c2', url: ${JSON.stringify(`${world.server.wsUrl}/from-renderer`)}, protocols: [] },
      ].map((command) => chrome.runtime.sendMessage({ t: 'command', tabId: ${tabId}, frameId: 0, command })));
      const port = chrome.runtime.connect({ name: 'wsi-panel' });
      const disconnected = await new Promise((resolve) => {
        port.onDisconnect.addListener(() => resolve(true));
        try { port.postMessage({ t: 'clear', sessionIds: [${JSON.stringify(message!.sessionId)}] }); } catch { resolve(true); }
        setTimeout(() => resolve(false), 2000);
      });
      return { reply, cleared, commands, disconnected };
    })()`;
    const refused = { ok: false, error: expect.stringContaining('refused') };
    expect(await isolated.evaluate(attempt)).toMatchObject({ reply: refused, cleared: refused, commands: [refused, refused], disconnected: true });
    await page.evaluate(() => (window as unknown as { ws: WebSocket }).ws.send('still captured'));
    const messages = await waitForMessages(tabId, 4);
    expect(messages.map((stored) => stored.payload.preview)).toEqual(['kept', 'kept', 'still captured', 'still captured']);
    expect(world.server.received.get('/echo')?.some((got) => got.data.toString() === 'FROM-RENDERER')).toBe(false);
    expect(world.server.sockets.get('/from-renderer')).toBeUndefined();
    await page.close();
  });

  test('a re-delivered batch, whole or in part, is stored once and counted once', async () => {
    const { page, tabId } = await openPage('/redelivery.html', '');
    const isolated = await relayWorld(page);
    const result = await isolated.evaluate(`(async () => {
      // Hook ids: the background scopes them to the relay's document ('redelivery/1').
      const message = (seq) => ({ t: 'message', conn: '1', seq, dir: 'send', time: Date.now() + seq, origin: 'page',
        payload: { kind: 'text', source: 'string', size: 2, data: 'r' + seq, truncated: false } });
      const created = { t: 'created', conn: '1', url: 'ws://127.0.0.1:9/x', protocols: [], time: Date.now(), origin: 'page' };
      const batch = (batch, events) => ({ t: 'batch', documentId: 'redelivery', batch, chunks: [{ json: JSON.stringify(events), buffers: [] }], rejected: 0, dropped: 0 });
      const port = chrome.runtime.connect({ name: 'wsi-content' });
      const acks = [];
      const allAcked = new Promise((resolve) => port.onMessage.addListener((m) => { acks.push(m.batch); if (acks.length === 3) resolve(); }));
      port.postMessage({ t: 'hello', documentId: 'redelivery', frameUrl: location.href, isTop: false, title: '' });
      port.postMessage(batch(1, [created, message(1), message(2), message(3)]));
      port.postMessage(batch(1, [created, message(1), message(2), message(3)]));
      port.postMessage(batch(2, [message(2), message(3), message(4)]));
      await allAcked;
      port.disconnect();
      return acks;
    })()`);
    expect(result).toEqual([1, 1, 2]);
    const [connection] = await world.storage.read<ConnectionRecord>('connections', undefined, 'redelivery/1');
    expect(connection).toMatchObject({ tabId, sentCount: 4, sentBytes: 8 });
    const messages = (await world.storage.read<StoredMessage>('messages', 'connectionId', 'redelivery/1')).sort((a, b) => a.id - b.id);
    expect(messages.map((message) => message.seq)).toEqual([1, 2, 3, 4]);
    const payloads = await Promise.all(messages.map(async (message) => (await world.storage.read<PayloadRecord>('payloads', undefined, message.id))[0]?.data));
    expect(payloads).toEqual(['r1', 'r2', 'r3', 'r4']);
    await page.close();
  });

  test('panel commands reach the page hook and their results come back to that panel', async () => {
    const { page, tabId } = await openPage('/command.html', socketScript(world.server.wsUrl, '/echo', `ws.send('first')`));
    const [first] = await waitForMessages(tabId, 2);
    const reply = await world.storage.page.evaluate(
      ({ tabId, conn }) =>
        new Promise((resolve) => {
          const port = chrome.runtime.connect({ name: 'wsi-panel' });
          const received: { t: string }[] = [];
          (window as unknown as { commandPanel: unknown[] }).commandPanel = received;
          port.onMessage.addListener((message) => {
            received.push(message);
            if (message.t === 'command-result') resolve(message);
          });
          port.postMessage({ t: 'watch', tabId });
          port.postMessage({ t: 'command', tabId, frameId: 0, command: { t: 'send', id: 'cmd-1', conn, payload: { kind: 'text', data: 'from panel' } } });
        }),
      { tabId, conn: first!.connectionId },
    );
    expect(reply).toMatchObject({ t: 'command-result', id: 'cmd-1', ok: true });
    const messages = await waitForMessages(tabId, 4);
    expect(
      messages
        .filter((message) => message.payload.preview === 'from panel')
        .map((message) => message.direction)
        .sort(),
    ).toEqual(['receive', 'send']);
    const panelMessages = await waitFor(
      () => world.storage.page.evaluate(() => (window as unknown as { commandPanel: { t: string }[] }).commandPanel),
      (received) => received.some((message) => message.t === 'changed'),
    );
    expect(panelMessages).toContainEqual({ t: 'paused', tabId, paused: false });
    expect(panelMessages).toContainEqual({ t: 'changed', tabId, sessionId: first!.sessionId });
    await page.close();
  });
});

/** The content script's isolated world in `page`, reached over CDP: code there has our relay's powers. */
async function relayWorld(page: Page): Promise<{ evaluate(expression: string): Promise<unknown> }> {
  const cdp = await world.browser.context.newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (event) => contexts.push(event.context));
  await cdp.send('Runtime.enable');
  const relayContext = await waitFor(
    async () => contexts.find((context) => context.origin === `chrome-extension://${world.browser.extensionId}` && context.auxData?.type === 'isolated'),
    (found) => found !== undefined,
  );
  return {
    async evaluate(expression) {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
        expression,
        contextId: relayContext!.id,
        awaitPromise: true,
        returnByValue: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
  };
}
