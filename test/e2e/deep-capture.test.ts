// Deep capture in real Chromium with the built extension and a real `ws` server: the panel's opt-in
// switch attaches Chrome's debugger to the shared and service workers of the inspected page's origin.
// A Shared Worker used by two tabs echoes text and binary: both tabs' sessions get its one socket, with
// its script URL and handshake, every message once in each, and what the panel injects reaches the worker's
// listener and both records; turning the switch off detaches, and with it
// off nothing reaches the debugger; a service worker's socket is captured too.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from './db';
import { tabIdOf } from './chromium';
import { latestSession, messagesOf, openInspectedPage, receivedOn, selectRow, setUpWorld } from '../fixtures/har/e2e-setup';
import { script, sharedEchoWorker } from './worker-pages';
import type { ConnectionRecord, HandshakeRecord } from '../../src/shared/models';

const world = setUpWorld();

/**
 * A Shared Worker that opens one socket to `socketPath` when a tab first asks, sends what tabs post
 * through it (numbers as bytes), tells every tab what comes back, and closes it when asked.
 */
function sharedWorkerBody(socketPath: string): string {
  return sharedEchoWorker(socketPath);
}

/** A page using the Shared Worker at `scriptPath`: `window.heard` lists what the worker told it. */
function sharedWorkerPage(path: string, scriptPath: string): string {
  return world.server.page(
    path,
    `<!doctype html><meta charset="utf-8"><title>${path}</title><script>
      window.heard = [];
      window.worker = new SharedWorker(${JSON.stringify(scriptPath)});
      worker.port.onmessage = ({ data }) => heard.push(data);
      worker.port.start();
      window.ready = Promise.resolve();
    </script>`,
  );
}

const heard = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
const post = (page: Page, data: unknown): Promise<void> =>
  page.evaluate((data) => (window as unknown as { worker: SharedWorker }).worker.port.postMessage(data), data);

/** Opens `tabId`'s panel and sets its deep capture switch; waits until the panel shows `expected` (a status text). */
async function panelWithDeepCapture(tabId: number, on: boolean, expected: RegExp): Promise<Page> {
  const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  const toggle = panel.getByLabel('Deep capture (workers)');
  if (on) await toggle.check();
  else await toggle.uncheck();
  await panel.locator('.deep-capture', { hasText: expected }).waitFor();
  return panel;
}

/** Whether any debugger client (ours: playwright attaches to pages and service workers, not shared workers) is attached to the target at `url`. */
async function debuggerAttachedTo(url: string): Promise<boolean | undefined> {
  // Asked from an extension page: the extension's service worker may be the one stopped.
  return world.storage.page.evaluate(async (url) => (await chrome.debugger.getTargets()).find((target) => target.url === url)?.attached, url);
}

async function deepConnections(tabId: number, url: string): Promise<ConnectionRecord[]> {
  const session = await latestSession(world.storage, tabId);
  return (await world.storage.read<ConnectionRecord>('connections', 'sessionId', session.id)).filter((connection) => connection.url === url);
}

describe('deep capture (Chromium debugger)', () => {
  test('a Shared Worker used by two tabs: each tab gets its socket once, with the script URL, handshake and every message both ways; off detaches', async () => {
    const scriptUrl = script(world.server, '/deep/shared.js', sharedWorkerBody('/deep-echo'));
    const pageUrl = sharedWorkerPage('/deep/two-tabs.html', '/deep/shared.js');
    // Two addresses of one page: the tests find a tab's id by its URL.
    const first = await openInspectedPage(world.browser, `${pageUrl}?tab=first`);
    const second = await openInspectedPage(world.browser, `${pageUrl}?tab=second`);
    expect(first.tabId).not.toBe(second.tabId);
    const panels = [
      await panelWithDeepCapture(first.tabId, true, /Debugger on: 1 worker/),
      await panelWithDeepCapture(second.tabId, true, /Debugger on: 1 worker/),
    ];
    expect(await debuggerAttachedTo(scriptUrl)).toBe(true);

    await post(first.page, 'text from the first tab');
    await waitFor(
      () => heard(first.page),
      (list) => list.length === 1,
    );
    await post(second.page, [1, 2, 255]);
    for (const { page } of [first, second]) {
      await waitFor(
        () => heard(page),
        (list) => list.length === 2,
      );
    }
    expect(await heard(second.page)).toEqual(['text from the first tab', 'bytes:1,2,255']);

    // Inject from the first tab's panel: the worker's listener gets text and bytes (as its binaryType
    // asks) as if from the server, and tells both tabs; the server gets nothing.
    await selectRow(panels[0]!, 'text from the first tab', 1);
    await panels[0]!.getByRole('button', { name: '⇣ Inject' }).click();
    const dialog = panels[0]!.getByRole('dialog', { name: 'Inject a server message' });
    await dialog.getByRole('textbox', { name: 'Message text' }).fill('injected by the panel');
    await dialog.getByRole('button', { name: 'Inject' }).click();
    await dialog.getByText('Delivered to the shared worker as a server message.').waitFor();
    await dialog.getByLabel('Binary (hex)').check();
    await dialog.getByRole('textbox', { name: 'Message bytes in hex' }).fill('07 08');
    await dialog.getByRole('button', { name: 'Inject' }).click();
    for (const { page } of [first, second]) {
      await waitFor(
        () => heard(page),
        (list) => list.length === 4,
      );
    }
    expect(await heard(second.page)).toEqual(['text from the first tab', 'bytes:1,2,255', 'injected by the panel', 'bytes:7,8']);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    // The list says that breakpoints and rules leave this socket alone, and why.
    const noIntercept = panels[0]!.locator('.connection-item .connection-api', { hasText: 'no intercept' });
    expect(await noIntercept.getAttribute('title')).toBe(
      'Intercept and rules do not act on a shared worker’s sockets: the tabs that use one worker may have different rules',
    );
    await post(first.page, 'close');
    await waitFor(
      () => heard(first.page),
      (list) => list.includes('closed 1000 done'),
    );
    expect(receivedOn(world.server, '/deep-echo')).toEqual(['text from the first tab', 'bytes:1,2,255']);

    const socketUrl = `${world.server.wsUrl}/deep-echo`;
    for (const { tabId } of [first, second]) {
      const [connection, ...more] = await waitFor(
        () => deepConnections(tabId, socketUrl),
        (list) => list.some((connection) => connection.state === 'closed'),
      );
      expect(more).toEqual([]);
      expect(connection!.worker).toEqual({ kind: 'shared', scriptUrl, name: '' });
      expect(connection!.capturedBy).toBe('debugger');
      expect(connection!.close?.code).toBe(1005);
      const messages = await messagesOf(world.storage, connection!.id, 6);
      expect(messages.map((m) => [m.direction, m.origin, m.payload.kind, m.payload.source, m.payload.preview])).toEqual([
        ['send', 'page', 'text', 'string', 'text from the first tab'],
        ['receive', 'page', 'text', 'string', 'text from the first tab'],
        ['send', 'page', 'binary', 'ArrayBuffer', 'AQL/'],
        ['receive', 'page', 'binary', 'ArrayBuffer', 'AQL/'],
        ['receive', 'injected', 'text', 'string', 'injected by the panel'],
        ['receive', 'injected', 'binary', 'ArrayBuffer', 'Bwg='],
      ]);
      const handshake = (await world.storage.read<HandshakeRecord>('handshakes')).find((record) => record.requestId === connection!.handshakeId);
      expect(handshake?.statusCode).toBe(101);
      expect(handshake?.connectionId).toBe(connection!.id);
      expect(handshake?.requestHeaders.find((header) => header.name.toLowerCase() === 'upgrade')?.value).toBe('websocket');
    }

    // The panel names the worker.
    const [panel] = panels;
    await panel!.locator('.connection-context', { hasText: `shared worker: ${scriptUrl}` }).waitFor();

    // Off in one tab: the worker stays attached for the other; off in both: detached.
    await panel!.getByLabel('Deep capture (workers)').uncheck();
    await panel!.locator('.deep-capture-status').waitFor({ state: 'detached' });
    expect(await debuggerAttachedTo(scriptUrl)).toBe(true);
    await panels[1]!.getByLabel('Deep capture (workers)').uncheck();
    await waitFor(
      () => debuggerAttachedTo(scriptUrl),
      (attached) => attached === false,
    );
    for (const panel of panels) await panel.close();
    await Promise.all([first.page.close(), second.page.close()]);
  });

  test('with deep capture off, a Shared Worker is never attached and its socket is not stored', async () => {
    const scriptUrl = script(world.server, '/deep/unwatched.js', sharedWorkerBody('/deep-unwatched'));
    const { page, tabId } = await openInspectedPage(world.browser, sharedWorkerPage('/deep/off.html', '/deep/unwatched.js'));
    const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    await expect.poll(() => panel.getByLabel('Deep capture (workers)').isChecked()).toBe(false);
    await post(page, 'unseen');
    await waitFor(
      () => heard(page),
      (list) => list.includes('unseen'),
    );
    expect(await debuggerAttachedTo(scriptUrl)).toBe(false);
    expect(await deepConnections(tabId, `${world.server.wsUrl}/deep-unwatched`)).toEqual([]);
    await panel.close();
    await page.close();
  });

  test('deep capture stays on across a restart of the extension’s service worker; Resend goes out through the worker’s socket', async () => {
    const scriptUrl = script(world.server, '/deep/restart.js', sharedWorkerBody('/deep-restart'));
    const { page, tabId } = await openInspectedPage(world.browser, sharedWorkerPage('/deep/restart.html', '/deep/restart.js'));
    const panel = await panelWithDeepCapture(tabId, true, /Debugger on: 1 worker/);
    await panel.close();
    await world.storage.stopServiceWorker();
    // The restarted background takes deep capture up again: a panel opened now shows it on, its worker attached.
    const reopened = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    await reopened.locator('.deep-capture', { hasText: /Debugger on: 1 worker/ }).waitFor();
    expect(await debuggerAttachedTo(scriptUrl)).toBe(true);
    await post(page, 'after the restart');
    await waitFor(
      () => heard(page),
      (list) => list.includes('after the restart'),
    );
    const [connection] = await waitFor(
      () => deepConnections(tabId, `${world.server.wsUrl}/deep-restart`),
      (list) => list.length === 1,
    );
    const messages = await messagesOf(world.storage, connection!.id, 2);
    expect(messages.map((m) => [m.direction, m.payload.preview])).toEqual([
      ['send', 'after the restart'],
      ['receive', 'after the restart'],
    ]);

    // Resend from the panel goes out through the worker's own socket, and is recorded as replayed.
    await selectRow(reopened, 'after the restart');
    await reopened.getByRole('button', { name: '↻ Resend' }).click();
    await reopened.locator('.replay-actions .wsi-ok', { hasText: 'Resent.' }).waitFor();
    await waitFor(
      async () => receivedOn(world.server, '/deep-restart'),
      (list) => list.length === 2,
    );
    expect(receivedOn(world.server, '/deep-restart')).toEqual(['after the restart', 'after the restart']);
    const all = await messagesOf(world.storage, connection!.id, 4);
    expect(all.map((m) => [m.direction, m.origin, m.payload.preview])).toEqual([
      ['send', 'page', 'after the restart'],
      ['receive', 'page', 'after the restart'],
      ['send', 'replayed', 'after the restart'],
      ['receive', 'page', 'after the restart'],
    ]);
    await reopened.getByLabel('Deep capture (workers)').uncheck();
    await waitFor(
      () => debuggerAttachedTo(scriptUrl),
      (attached) => attached === false,
    );
    await reopened.close();
    await page.close();
  });

  test('a service worker of the page: its socket is captured with deep capture on', async () => {
    const scriptUrl = script(
      world.server,
      '/deep/service.js',
      `self.addEventListener('install', () => self.skipWaiting());
       self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
       self.addEventListener('message', (event) => {
         const socket = new WebSocket(new URL('/deep-service', location.href.replace('http', 'ws')));
         socket.onopen = () => socket.send(event.data);
         socket.onmessage = (message) => { event.source.postMessage(message.data); socket.close(1000); };
       });`,
    );
    const pageUrl = world.server.page(
      '/deep/service.html',
      `<!doctype html><meta charset="utf-8"><title>service</title><script>
        window.heard = [];
        navigator.serviceWorker.onmessage = ({ data }) => heard.push(data);
        window.ready = navigator.serviceWorker.register('/deep/service.js', { scope: '/deep/' }).then(() => navigator.serviceWorker.ready);
      </script>`,
    );
    const { page, tabId } = await openInspectedPage(world.browser, pageUrl);
    const panel = await panelWithDeepCapture(tabId, true, /Debugger on: \d+ worker/);
    await waitFor(
      () => panel.locator('.deep-capture-status').getAttribute('title'),
      (title) => title?.includes(`service worker ${scriptUrl}`) === true,
    );
    await page.evaluate(async () => (await navigator.serviceWorker.ready).active!.postMessage('from the service worker'));
    await waitFor(
      () => heard(page),
      (list) => list.length === 1,
    );
    const [connection] = await waitFor(
      () => deepConnections(tabId, `${world.server.wsUrl}/deep-service`),
      (list) => list.length === 1,
    );
    expect(connection!.worker).toEqual({ kind: 'service', scriptUrl, name: '' });
    const messages = await messagesOf(world.storage, connection!.id, 2);
    expect(messages.map((m) => [m.direction, m.payload.preview])).toEqual([
      ['send', 'from the service worker'],
      ['receive', 'from the service worker'],
    ]);
    await panel.getByLabel('Deep capture (workers)').uncheck();
    await panel.locator('.deep-capture-status').waitFor({ state: 'detached' });
    await panel.close();
    await page.close();
  });

  test('on a page deep capture cannot follow, the switch stays off, says why, and is not kept on', async () => {
    const page = await world.browser.context.newPage();
    await page.goto('data:text/html,<title>not http</title><p>a page with no origin to follow');
    const tabId = await tabIdOf(world.browser, page);
    const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    const toggle = panel.getByLabel('Deep capture (workers)');
    await toggle.click();
    await panel.locator('.deep-capture-failed', { hasText: 'Deep capture stopped: deep capture follows http(s) pages only' }).waitFor();
    expect(await toggle.isChecked()).toBe(false);
    // Not kept as on: a restarted background does not take it up.
    expect(await world.storage.page.evaluate(async () => (await chrome.storage.session.get('deepCaptureTabs')).deepCaptureTabs)).not.toContain(tabId);
    await panel.close();
    await page.close();
  });
});
