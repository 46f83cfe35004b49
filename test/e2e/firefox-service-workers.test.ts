// Firefox Service Workers with the built extension and a real `ws` server: the background puts the
// worker hook in front of the Service Worker's script as it does for Shared Workers (filterResponseData,
// Sec-Fetch-Dest `serviceworker`), and every open tab of the origin records the worker's sockets.
// A classic Service Worker echoes text and binary through one socket: the tab that registered it and
// a second tab of the origin, opened when the socket is open (with a same-origin frame), each get the
// socket once with its script URL and handshake, every message from the tab's start, and its close;
// Resend and Inject from a panel reach the worker's socket; the worker sees itself as without the
// extension, and registering it again from the second tab installs no new version (the prefixed script
// is the same every time). A module Service Worker whose import opens a socket while it is evaluated is
// captured too.
import { describe, expect, test, vi } from 'vitest';
import type { Page } from 'puppeteer-core';
import { setUpFirefoxWorld } from './firefox-world';
import { openTab, waitForStored } from './firefox-traffic';
import { expectEachTabRecordedOpen, expectResentInjectedAndClosed, resendThenInject, sortedMessages, twoTabsMessages } from './firefox-worker-replay';
import { script, socketOpeningModule } from './worker-pages';
import { receivedOn } from '../fixtures/har/e2e-setup';

// Firefox stops a Service Worker idle for 30 s; a test's worker must outlive its pauses.
const world = setUpFirefoxWorld({ prefs: { 'dom.serviceWorkers.idle_timeout': 600_000, 'dom.serviceWorkers.idle_extended_timeout': 600_000 } });

/**
 * A classic Service Worker in strict mode: to `itself` it answers what it sees of itself; it opens one
 * socket to `socketPath` when first posted anything else, sends what it is posted (arrays as bytes),
 * tells every window of its origin what comes back and the close, and closes it when posted `close`.
 * `new Error()` stands on line 2.
 */
function serviceEchoWorker(socketPath: string): string {
  return `'use strict';
const errorLine = Number(/:(\\d+):\\d+$/.exec(new Error('where').stack.split('\\n')[0])[1]);
const itself = { location: self.location.href, strict: (function () { return this === undefined; })(), errorLine };
let socket, opened;
const show = (data) => typeof data === 'string' ? data : 'bytes:' + Array.from(new Uint8Array(data)).join(',');
const tell = async (data) => { for (const client of await clients.matchAll({ includeUncontrolled: true, type: 'window' })) client.postMessage(data); };
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('message', (event) => event.waitUntil((async () => {
  const data = event.data;
  if (data === 'itself') return event.source.postMessage(itself);
  if (data === 'close') return socket.close(1000, 'done');
  if (!socket) {
    socket = new WebSocket(new URL(${JSON.stringify(socketPath)}, location.href.replace('http', 'ws')));
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (message) => tell(show(message.data));
    socket.onclose = (close) => tell('closed ' + close.code + ' ' + close.reason);
    opened = new Promise((resolve) => (socket.onopen = resolve));
  }
  await opened;
  socket.send(Array.isArray(data) ? new Uint8Array(data) : data);
})()));`;
}

/**
 * A page registering the Service Worker at `scriptPath` (options `options`): `window.heard` lists what
 * the worker told it, `window.post(data)` posts to the active worker, `window.versions` counts the
 * versions it saw installed. `body`: more markup.
 */
function servicePage(path: string, scriptPath: string, options: object, body = ''): string {
  return world.server.page(
    path,
    `<!doctype html><meta charset="utf-8"><title>${path}</title><script>
      window.heard = [];
      window.versions = 0;
      navigator.serviceWorker.onmessage = ({ data }) => heard.push(data);
      const registered = navigator.serviceWorker.register(${JSON.stringify(scriptPath)}, ${JSON.stringify(options)});
      registered.then((registration) => registration.addEventListener('updatefound', () => versions++));
      window.post = async (data) => (await navigator.serviceWorker.ready).active.postMessage(data);
    </script>${body}`,
  );
}

const heard = (page: Page): Promise<unknown[]> => page.evaluate(() => (window as unknown as { heard: unknown[] }).heard);
const post = (page: Page, data: unknown): Promise<void> =>
  page.evaluate((data) => (window as unknown as { post(data: unknown): Promise<void> }).post(data), data);
const hears = (page: Page, count: number): Promise<unknown[]> =>
  vi.waitFor(
    async () => {
      const list = await heard(page);
      if (list.length < count) throw new Error(`heard ${list.length} of ${count}`);
      return list;
    },
    { timeout: 15_000, interval: 100 },
  );
describe('Service Workers in Firefox', () => {
  test('a classic Service Worker and two tabs of its origin: each tab gets its socket once, every message, resend, inject and close', async () => {
    const scriptUrl = script(world.server, '/ffsw/sw.js', serviceEchoWorker('/ffsw-echo'));
    world.server.page('/ffsw/frame.html', '<!doctype html><title>frame</title>');
    const pageUrl = servicePage('/ffsw/page.html', '/ffsw/sw.js', { scope: '/ffsw/' });
    const secondUrl = servicePage('/ffsw/second.html', '/ffsw/sw.js', { scope: '/ffsw/' }, '<iframe src="/ffsw/frame.html"></iframe>');
    const first = await openTab(world.firefox, world.db, pageUrl);
    await post(first.page, 'itself');
    expect(await hears(first.page, 1)).toEqual([{ location: scriptUrl, strict: true, errorLine: 2 }]);
    await post(first.page, 'text from the first tab');
    await hears(first.page, 2);
    // The second tab comes when the socket is open: it gets the socket, and what happens from then on.
    const second = await openTab(world.firefox, world.db, secondUrl);
    await second.page.waitForFunction(() => document.querySelector('iframe')?.contentDocument?.readyState === 'complete');
    await post(second.page, [1, 2, 255]);
    expect((await hears(first.page, 3)).slice(1)).toEqual(['text from the first tab', 'bytes:1,2,255']);
    expect(await hears(second.page, 1)).toEqual(['bytes:1,2,255']);

    const socketUrl = `${world.server.wsUrl}/ffsw-echo`;
    const expected = twoTabsMessages(first, second, 'text from the first tab');
    await expectEachTabRecordedOpen(world.db, expected, socketUrl, { kind: 'service', scriptUrl, name: '' });

    const panel = await world.firefox.openExtensionPage(`src/panel/index.html?tabId=${first.tabId}`);
    await resendThenInject(panel, 'text from the first tab', 'injected by the panel');
    expect((await hears(second.page, 3)).slice(1)).toEqual(expect.arrayContaining(['text from the first tab', 'injected by the panel']));
    await post(first.page, 'close');
    expect((await hears(second.page, 4))[3]).toBe('closed 1000 done');
    expect(receivedOn(world.server, '/ffsw-echo')).toEqual(['text from the first tab', 'bytes:1,2,255', 'text from the first tab']);

    await expectResentInjectedAndClosed(world.db, expected, 'text from the first tab', 'injected by the panel');
    // One version only: the second tab's registration fetched the script again and found it unchanged.
    expect(await second.page.evaluate(() => (window as unknown as { versions: number }).versions)).toBe(0);
    await panel.close();
    await first.page.close();
    await second.page.close();
  });

  test('a module Service Worker: a socket its import opens while evaluated is captured, import.meta.url unchanged', async () => {
    script(world.server, '/ffsw-mod/lib.mjs', socketOpeningModule('/ffsw-module'));
    const moduleUrl = script(
      world.server,
      '/ffsw-mod/sw.mjs',
      `import { early, opened } from './lib.mjs';
       self.addEventListener('message', (event) => event.waitUntil((async () => {
         await opened;
         early.onmessage = (message) => event.source.postMessage({ echo: message.data, meta: import.meta.url, location: self.location.href });
         early.send('module hello');
       })()));`,
    );
    const pageUrl = servicePage('/ffsw-mod/page.html', '/ffsw-mod/sw.mjs', { scope: '/ffsw-mod/', type: 'module' });
    const tab = await openTab(world.firefox, world.db, pageUrl);
    await post(tab.page, 'go');
    expect(await hears(tab.page, 1)).toEqual([{ echo: 'module hello', meta: moduleUrl, location: moduleUrl }]);
    const stored = await waitForStored(world.db, tab.tabId, (s) => s.messages.length >= 2);
    expect(stored.connections.map((c) => [c.url, c.worker])).toEqual([
      [`${world.server.wsUrl}/ffsw-module`, { kind: 'service', scriptUrl: moduleUrl, name: '' }],
    ]);
    expect(sortedMessages(stored)).toEqual([
      ['send', 'page', 'module hello'],
      ['receive', 'page', 'module hello'],
    ]);
    await tab.page.close();
  });
});
