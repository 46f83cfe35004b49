// WebSocketStream (Chromium) against a real `ws` server with the built extension: every message both
// ways captured in order, with open, close and protocol; a refused connection, a close by the server and
// an abrupt end recorded as the page sees them; nothing read from the page's stream that the page did
// not read; resend and inject through a stream, and what the panel says where they cannot act.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from './db';
import { connectionTo, latestSession, messagesOf, receivedOn, selectRow, setUpWorld } from '../fixtures/har/e2e-setup';
import { tabIdOf } from './chromium';
import type { ConnectionRecord } from '../../src/shared/models';

const world = setUpWorld();

// Chromium's WebSocketStream, which TypeScript's DOM library does not describe yet.
declare global {
  interface WebSocketStreamOpened {
    readable: ReadableStream<string | ArrayBuffer>;
    writable: WritableStream<string | BufferSource>;
    protocol: string;
    extensions: string;
  }
  class WebSocketStream {
    constructor(url: string, options?: { protocols?: string[] });
    readonly opened: Promise<WebSocketStreamOpened>;
    readonly closed: Promise<{ closeCode: number; reason: string }>;
    close(info?: { closeCode?: number; reason?: string }): void;
  }
}

/** An empty page; the test drives its WebSocketStream through page.evaluate. */
async function blankPage(path: string): Promise<{ page: Page; tabId: number }> {
  const page = await world.browser.context.newPage();
  await page.goto(world.server.page(path, `<!doctype html><meta charset="utf-8"><title>${path}</title>`));
  return { page, tabId: await tabIdOf(world.browser, page) };
}

async function streamConnection(tabId: number, path: string): Promise<ConnectionRecord> {
  const session = await latestSession(world.storage, tabId);
  return connectionTo(world.storage, session.id, `${world.server.wsUrl}${path}`);
}

describe('WebSocketStream', () => {
  test('an echo of text and binary under backpressure is captured whole, in order, with open and close', async () => {
    const { page, tabId } = await blankPage('/wss-echo.html');
    const summary = await page.evaluate(async (url) => {
      const stream = new WebSocketStream(url, { protocols: ['chat', 'other'] });
      const { readable, writable, protocol } = await stream.opened;
      const writer = writable.getWriter();
      const reader = readable.getReader();
      const sent: string[] = [];
      // 40 messages of 64 KiB, text and bytes in turn, each written when the writer is ready.
      for (let i = 0; i < 40; i++) {
        await writer.ready;
        const body = String(i).padStart(4, '0') + 'x'.repeat(65_532);
        if (i % 2 === 0) void writer.write(body);
        else void writer.write(new TextEncoder().encode(body));
        sent.push(body);
      }
      const echoed: string[] = [];
      for (let i = 0; i < 40; i++) {
        const { value } = await reader.read();
        echoed.push(typeof value === 'string' ? value : new TextDecoder().decode(value as ArrayBuffer));
      }
      stream.close({ closeCode: 4000, reason: 'done' });
      const closed = await stream.closed;
      return { protocol, same: echoed.every((text, i) => text === sent[i]), kinds: echoed.length, closed };
    }, `${world.server.wsUrl}/wss-echo`);
    expect(summary).toEqual({ protocol: 'chat', same: true, kinds: 40, closed: { closeCode: 4000, reason: 'done' } });

    const connection = await streamConnection(tabId, '/wss-echo');
    const messages = await messagesOf(world.storage, connection.id, 80);
    const prefixes = (direction: string) =>
      messages
        .filter((m) => m.direction === direction)
        .map((m) => [m.payload.kind, m.payload.size, m.payload.kind === 'text' ? m.payload.preview.slice(0, 4) : '']);
    const expected = Array.from({ length: 40 }, (_, i) => [i % 2 === 0 ? 'text' : 'binary', 65_536, i % 2 === 0 ? String(i).padStart(4, '0') : '']);
    expect(prefixes('send')).toEqual(expected);
    // The echo of bytes arrives as bytes; ws echoes each frame as it came.
    expect(prefixes('receive')).toEqual(expected);
    const closed = await waitFor(
      () => streamConnection(tabId, '/wss-echo'),
      (record) => record.state === 'closed',
    );
    expect(closed).toMatchObject({ api: 'WebSocketStream', protocol: 'chat', requestedProtocols: ['chat', 'other'] });
    expect(closed.close).toEqual({ code: 4000, reason: 'done', wasClean: true, initiator: 'client' });
    await page.close();
  });

  test('only what the page reads is read from its stream: the server’s backlog stays unread until the page reads it', async () => {
    world.server.socketRoute('/wss-backlog', (socket) => {
      for (let i = 0; i < 5; i++) socket.send(`backlog ${i}`);
    });
    const { page, tabId } = await blankPage('/wss-backlog.html');
    const firstTwo = await page.evaluate(async (url) => {
      const stream = new WebSocketStream(url);
      const { readable } = await stream.opened;
      const reader = readable.getReader();
      (window as unknown as { reader: typeof reader }).reader = reader;
      return [(await reader.read()).value, (await reader.read()).value];
    }, `${world.server.wsUrl}/wss-backlog`);
    expect(firstTwo).toEqual(['backlog 0', 'backlog 1']);
    const connection = await streamConnection(tabId, '/wss-backlog');
    await messagesOf(world.storage, connection.id, 2);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await world.storage.count('messages', 'connectionId', connection.id)).toBe(2);

    const rest = await page.evaluate(async () => {
      const reader = (window as unknown as { reader: ReadableStreamDefaultReader<string> }).reader;
      return [(await reader.read()).value, (await reader.read()).value, (await reader.read()).value];
    });
    expect(rest).toEqual(['backlog 2', 'backlog 3', 'backlog 4']);
    expect((await messagesOf(world.storage, connection.id, 5)).map((m) => m.payload.preview)).toEqual([
      'backlog 0',
      'backlog 1',
      'backlog 2',
      'backlog 3',
      'backlog 4',
    ]);
    await page.close();
  });

  test('resend writes to the stream’s socket; inject is read by the page as the next message', async () => {
    const { page, tabId } = await blankPage('/wss-replay.html');
    await page.evaluate(async (url) => {
      const stream = new WebSocketStream(url);
      const { readable, writable } = await stream.opened;
      const writer = writable.getWriter();
      (window as unknown as { reader: ReadableStreamDefaultReader }).reader = readable.getReader();
      await writer.write('hello');
    }, `${world.server.wsUrl}/wss-replay`);
    const connection = await streamConnection(tabId, '/wss-replay');
    await messagesOf(world.storage, connection.id, 1);
    const command = (t: 'send' | 'inject', id: string, data: string) =>
      world.storage.sendFromExtensionPage({ t: 'command', tabId, frameId: 0, command: { t, id, conn: connection.id, payload: { kind: 'text', data } } });
    expect(await command('send', 'wss-send', 'hello again')).toEqual({ ok: true });
    await waitFor(
      async () => receivedOn(world.server, '/wss-replay'),
      (got) => got.length === 2,
    );
    expect(receivedOn(world.server, '/wss-replay')).toEqual(['hello', 'hello again']);
    const read = () => page.evaluate(async () => (await (window as unknown as { reader: ReadableStreamDefaultReader }).reader.read()).value);
    expect([await read(), await read()]).toEqual(['hello', 'hello again']);
    expect(await command('inject', 'wss-inject', 'from nowhere')).toEqual({ ok: true });
    expect(await read()).toBe('from nowhere');
    const stored = await messagesOf(world.storage, connection.id, 5);
    // A received message is recorded as the page reads it: the echoes after the resend.
    expect(stored.map((m) => [m.direction, m.origin, m.payload.preview])).toEqual([
      ['send', 'page', 'hello'],
      ['send', 'replayed', 'hello again'],
      ['receive', 'page', 'hello'],
      ['receive', 'page', 'hello again'],
      ['receive', 'injected', 'from nowhere'],
    ]);
    await page.close();
  });

  test('a refused connection, a close by the server with its code and reason, and an abrupt end are recorded as the page sees them', async () => {
    // A server that refuses every upgrade.
    const refusing = http.createServer();
    refusing.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n'));
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const refusedUrl = `ws://127.0.0.1:${(refusing.address() as AddressInfo).port}/refused`;
    world.server.socketRoute('/wss-cut', (socket) => socket.on('message', () => socket.terminate()));
    try {
      const { page, tabId } = await blankPage('/wss-ends.html');
      const seen = await page.evaluate(
        async ([refused, closing, cut]: [string, string, string]) => {
          const outcome = (promise: Promise<unknown>) =>
            promise.then(
              (value) => ({ ok: (value as { closeCode?: number }).closeCode ?? 'opened', reason: (value as { reason?: string }).reason }),
              (error: Error) => ({ failed: error.name }),
            );
          // Refused: `opened` and `closed` both reject.
          const first = new WebSocketStream(refused);
          const refusedSeen = [await outcome(first.opened), await outcome(first.closed)];
          // Closed by the server: the page reads to the end, then `closed` gives the server's code and reason.
          const second = new WebSocketStream(closing);
          const reader = (await second.opened).readable.getReader();
          const end = await reader.read();
          const closedSeen = [end.done, await outcome(second.closed)];
          // Cut: the server drops the connection without a closing handshake.
          const third = new WebSocketStream(cut);
          await (await third.opened).writable.getWriter().write('cut me off');
          const cutSeen = await outcome(third.closed);
          return { refusedSeen, closedSeen, cutSeen };
        },
        [refusedUrl, `${world.server.wsUrl}/close?code=4001&reason=server%20says%20bye`, `${world.server.wsUrl}/wss-cut`] as [string, string, string],
      );
      expect(seen).toEqual({
        refusedSeen: [{ failed: 'WebSocketError' }, { failed: 'WebSocketError' }],
        closedSeen: [true, { ok: 4001, reason: 'server says bye' }],
        cutSeen: { failed: 'WebSocketError' },
      });
      const session = await latestSession(world.storage, tabId);
      const closed = (url: string) =>
        waitFor(
          () => connectionTo(world.storage, session.id, url),
          (record) => record.state === 'closed',
        );
      const refused = await closed(refusedUrl);
      expect(refused).toMatchObject({ api: 'WebSocketStream', close: { code: 1006, reason: '', wasClean: false, initiator: 'server' } });
      expect(refused.errors).toEqual([expect.stringMatching(/^WebSocketStream connection failed: WebSocketError/)]);
      const byServer = await closed(`${world.server.wsUrl}/close?code=4001&reason=server%20says%20bye`);
      expect(byServer.close).toEqual({ code: 4001, reason: 'server says bye', wasClean: true, initiator: 'server' });
      expect(byServer.errors).toEqual([]);
      const cut = await closed(`${world.server.wsUrl}/wss-cut`);
      expect(cut.close).toEqual({ code: 1006, reason: '', wasClean: false, initiator: 'server' });
      expect(cut.errors).toEqual([expect.stringMatching(/^WebSocketStream error: WebSocketError/)]);
      // The panel lists each with its close.
      const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
      await panel.locator(`[data-connection-id="${byServer.id}"]`, { hasText: '4001' }).waitFor();
      await panel.locator(`[data-connection-id="${refused.id}"]`, { hasText: '1006' }).waitFor();
      await panel.close();
      await page.close();
    } finally {
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  test('where resend and inject cannot act on a stream, the panel says why', async () => {
    const { page, tabId } = await blankPage('/wss-cannot.html');
    await page.evaluate(async (url) => {
      const stream = new WebSocketStream(url);
      const { writable } = await stream.opened;
      await writable.getWriter().write('before the close');
      stream.close({ closeCode: 1000, reason: 'done' });
      await stream.closed;
    }, `${world.server.wsUrl}/wss-cannot`);
    const connection = await streamConnection(tabId, '/wss-cannot');
    await messagesOf(world.storage, connection.id, 1);
    await waitFor(
      () => streamConnection(tabId, '/wss-cannot'),
      (record) => record.state === 'closed',
    );
    const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    await selectRow(panel, 'before the close');
    // Resend says the stream is closed and offers a new connection.
    await panel.getByRole('button', { name: '↻ Resend' }).click();
    const alert = panel.locator('.replay-actions').getByRole('alert');
    await alert.getByText('Resend failed: Stream is closed').waitFor();
    await alert.getByRole('button', { name: 'Open a new connection…' }).waitFor();
    // Inject says where a message injected into a stream goes (the page's next read), then why it cannot.
    await panel.getByRole('button', { name: '⇣ Inject' }).click();
    const dialog = panel.getByRole('dialog', { name: 'Inject a server message' });
    await dialog.getByText('Is read by the page from the stream as the next message, and never reaches the server').waitFor();
    await dialog.getByRole('button', { name: 'Inject', exact: true }).click();
    await dialog.getByRole('alert').getByText('Inject failed: Stream is closed').waitFor();
    await dialog.getByRole('button', { name: 'Open a new connection to this URL' }).waitFor();
    expect(receivedOn(world.server, '/wss-cannot')).toEqual(['before the close']);
    await panel.close();
    await page.close();
  });
});
