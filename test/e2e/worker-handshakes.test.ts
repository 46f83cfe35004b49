// The handshake (request and response headers, status) of a socket opened in a dedicated worker, and of
// a WebSocketStream's socket in the page and in a worker, is recorded from webRequest, matched to its
// connection, and shown in the panel's Handshake tab as a page socket's is.
import { describe, expect, test } from 'vitest';
import { waitFor } from './db';
import { connectionTo, latestSession, messagesOf, openInspectedPage, selectRow, setUpWorld } from '../fixtures/har/e2e-setup';
import { script } from './worker-pages';
import type { ConnectionRecord, HandshakeRecord } from '../../src/shared/models';

const world = setUpWorld();

const header = (headers: { name: string; value: string }[] | undefined, name: string) =>
  headers?.find((pair) => pair.name.toLowerCase() === name.toLowerCase())?.value;

/** Waits for `url`'s connection in the tab's session to have its handshake matched; returns both. */
async function matched(tabId: number, url: string): Promise<{ connection: ConnectionRecord; handshake: HandshakeRecord }> {
  const session = await latestSession(world.storage, tabId);
  const connection = await waitFor(
    () => connectionTo(world.storage, session.id, url),
    (record) => record.handshakeId !== '',
  );
  const handshake = await waitFor(
    async () => (await world.storage.read<HandshakeRecord>('handshakes')).find((record) => record.requestId === connection.handshakeId),
    (record) => record?.statusCode !== undefined,
  );
  return { connection, handshake: handshake! };
}

describe('handshakes of sockets in workers and of WebSocketStreams', () => {
  test('a worker’s WebSocket, a worker’s WebSocketStream and a page’s WebSocketStream each get their own handshake, shown in the panel', async () => {
    // Each socket asks for its own sub-protocol, which the server answers: the response headers tell the
    // handshakes apart (Chromium gives webRequest no Sec-WebSocket-Protocol request header).
    const scriptUrl = script(
      world.server,
      '/hs/worker.js',
      `const ws = new WebSocket('../hs-worker-socket', ['worker-socket']);
       ws.onopen = () => ws.send('from the worker socket');
       (async () => {
         const stream = new WebSocketStream('../hs-worker-stream', { protocols: ['worker-stream'] });
         const { writable } = await stream.opened;
         await writable.getWriter().write('from the worker stream');
       })();`,
    );
    const html = `<!doctype html><meta charset="utf-8"><title>handshakes</title><script>
      new Worker('hs/worker.js', { name: 'hs' });
      (async () => {
        const stream = new WebSocketStream(location.origin.replace('http', 'ws') + '/hs-page-stream', { protocols: ['page-stream'] });
        const { writable } = await stream.opened;
        await writable.getWriter().write('from the page stream');
      })();
    </script>`;
    const { tabId } = await openInspectedPage(world.browser, world.server.page('/hs.html', html));
    const cases = [
      ['/hs-worker-socket', 'worker-socket', 'WebSocket', 'from the worker socket'],
      ['/hs-worker-stream', 'worker-stream', 'WebSocketStream', 'from the worker stream'],
      ['/hs-page-stream', 'page-stream', 'WebSocketStream', 'from the page stream'],
    ] as const;
    const found = [];
    for (const [path, protocol, api, sent] of cases) {
      const { connection, handshake } = await matched(tabId, `${world.server.wsUrl}${path}`);
      expect(connection.api ?? 'WebSocket').toBe(api);
      expect(connection.worker?.scriptUrl).toBe(path.startsWith('/hs-worker') ? scriptUrl : undefined);
      expect(handshake).toMatchObject({ tabId, url: `${world.server.wsUrl}${path}`, statusCode: 101, connectionId: connection.id });
      expect(header(handshake.requestHeaders, 'Upgrade')).toBe('websocket');
      expect(header(handshake.responseHeaders, 'Sec-WebSocket-Protocol')).toBe(protocol);
      await messagesOf(world.storage, connection.id, 1);
      found.push({ connection, protocol, sent });
    }
    expect(new Set(found.map(({ connection }) => connection.handshakeId)).size).toBe(3);

    // The panel shows each one's handshake as it does a page socket's.
    const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    for (const { protocol, sent } of found) {
      await selectRow(panel, sent);
      await panel.getByRole('tab', { name: 'Handshake' }).click();
      const shown = panel.locator('.handshake');
      await expect.poll(() => shown.textContent()).toContain('101');
      expect(await shown.textContent()).toContain('HTTP/1.1 101 Switching Protocols');
      expect(await shown.locator('.headers').first().textContent()).toContain('Upgrade');
      expect(await shown.locator('.headers').nth(1).textContent()).toContain(`Sec-WebSocket-Protocol${protocol}`);
    }
    await panel.close();
  });
});
