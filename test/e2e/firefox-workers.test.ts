// Sockets in workers in Firefox (no WebSocketStream there): a classic and a module worker with
// relative imports, and a worker started by a worker, captured with their script URLs, each seeing
// itself as it would without the extension; Resend, Edit and send and Inject from the panel go through
// a dedicated worker's own socket.
import { describe, expect, test, vi } from 'vitest';
import type { Page } from 'puppeteer-core';
import { setUpFirefoxWorld } from './firefox-world';
import { openTab, waitForStored } from './firefox-traffic';
import { dialogOutcome, resendThenInject, sendFromDialog, sortedMessages } from './firefox-worker-replay';
import { reportingWorker, script, workerPage } from './worker-pages';
import { receivedOn } from '../fixtures/har/e2e-setup';

const world = setUpFirefoxWorld();

const report = (page: Page) => page.evaluate(() => (window as unknown as { result: Promise<Record<string, unknown>> }).result);

function serveNeighbours(dir: string): void {
  script(world.server, `${dir}/lib.js`, `self.lib = 'classic lib';`);
  script(world.server, `${dir}/lib.mjs`, `export const lib = 'module lib';`);
  world.server.route(`${dir}/data.json`, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"fetched":true}'));
}

const ECHO = JSON.stringify(['first', { second: [1, 2] }]);

/** What the worker's own message listener heard on its socket, once it heard `count` messages. */
const workerHeard = (page: Page, count: number): Promise<unknown[]> =>
  vi.waitFor(
    async () => {
      const heard = await page.evaluate(() => (window as unknown as { ask(question: unknown): Promise<unknown[]> }).ask({ ask: 'heard' }));
      if (heard.length < count) throw new Error(`heard ${heard.length} of ${count}`);
      return heard;
    },
    { timeout: 15_000, interval: 200 },
  );

describe('workers in Firefox', () => {
  test('classic, module and nested workers: captured with their script URLs, unchanged for their scripts', async () => {
    serveNeighbours('/ff');
    const classicUrl = script(world.server, '/ff/classic.js', reportingWorker(`importScripts('lib.js');`, '/ff-classic'));
    const moduleUrl = script(
      world.server,
      '/ff/module.mjs',
      reportingWorker(`import { lib } from './lib.mjs'; self.lib = lib; self.metaUrl = import.meta.url;`, '/ff-module'),
    );
    const childUrl = script(world.server, '/ff/child.js', reportingWorker(`importScripts('lib.js');`, '/ff-nested'));
    script(
      world.server,
      '/ff/parent.js',
      `const child = new Worker('child.js', { name: 'inner' });
       child.onmessage = (event) => postMessage(event.data);
       self.onmessage = (event) => child.postMessage(event.data, [...event.ports]);`,
    );
    const classic = await openTab(world.firefox, world.db, workerPage(world.server, '/ff-classic.html', 'ff/classic.js', { name: 'feed' }));
    expect(await report(classic.page)).toEqual({
      location: classicUrl,
      locationString: classicUrl,
      name: 'feed',
      lib: 'classic lib',
      fetched: { fetched: true },
      echo: ECHO,
    });
    const module = await openTab(world.firefox, world.db, workerPage(world.server, '/ff-module.html', 'ff/module.mjs', { type: 'module' }));
    expect(await report(module.page)).toMatchObject({ location: moduleUrl, metaUrl: moduleUrl, lib: 'module lib', fetched: { fetched: true }, echo: ECHO });
    const nested = await openTab(world.firefox, world.db, workerPage(world.server, '/ff-nested.html', 'ff/parent.js', {}));
    expect(await report(nested.page)).toMatchObject({ location: childUrl, name: 'inner', echo: ECHO });

    const cases = [
      { tab: classic, path: '/ff-classic', worker: { kind: 'dedicated', scriptUrl: classicUrl, name: 'feed' } },
      { tab: module, path: '/ff-module', worker: { kind: 'dedicated', scriptUrl: moduleUrl, name: '' } },
      { tab: nested, path: '/ff-nested', worker: { kind: 'dedicated', scriptUrl: childUrl, name: 'inner' } },
    ];
    for (const { tab, path, worker } of cases) {
      const { connections, messages } = await waitForStored(world.db, tab.tabId, (stored) => stored.messages.length >= 2);
      expect(connections.map((c) => [c.url, c.worker])).toEqual([[`${world.server.wsUrl}${path}`, worker]]);
      expect(messages.map((m) => [m.direction, m.payload.preview])).toEqual([
        ['send', ECHO],
        ['receive', ECHO],
      ]);
    }
  });

  test("Resend, Edit and send and Inject from the panel go through a dedicated worker's own socket", async () => {
    serveNeighbours('/ffr');
    script(world.server, '/ffr/worker.js', reportingWorker(`importScripts('lib.js');`, '/ffr-echo'));
    const { page, tabId } = await openTab(world.firefox, world.db, workerPage(world.server, '/ffr.html', 'ffr/worker.js', { name: 'replayed' }));
    expect((await report(page)).echo).toBe(ECHO);
    await waitForStored(world.db, tabId, (stored) => stored.messages.length >= 2);

    const panel = await world.firefox.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    // Resend goes to the server through the worker's socket; Inject reaches the worker's listener, not the server.
    await resendThenInject(panel, ECHO, 'injected by the panel');
    expect(await dialogOutcome(panel)).toBe('Delivered to the worker as a server message.');
    expect(await workerHeard(page, 3)).toEqual(expect.arrayContaining([ECHO, ECHO, 'injected by the panel']));
    await sendFromDialog(panel, ECHO, 0, 'Edit and send', 'edited in the panel');
    expect(await dialogOutcome(panel)).toBe('Sent through the worker’s socket.');
    expect((await workerHeard(page, 4))[3]).toBe('edited in the panel');
    expect(receivedOn(world.server, '/ffr-echo')).toEqual([ECHO, ECHO, 'edited in the panel']);

    const stored = await waitForStored(world.db, tabId, (s) => s.messages.length >= 7);
    expect(stored.connections.map((c) => [c.url, c.worker])).toEqual([
      [`${world.server.wsUrl}/ffr-echo`, { kind: 'dedicated', scriptUrl: `${world.server.httpUrl}/ffr/worker.js`, name: 'replayed' }],
    ]);
    const messages = sortedMessages(stored);
    expect(messages.slice(0, 2)).toEqual([
      ['send', 'page', ECHO],
      ['receive', 'page', ECHO],
    ]);
    // The resend's echo and the injected message may come in either order.
    expect(messages.slice(2, 5)).toEqual(
      expect.arrayContaining([
        ['send', 'replayed', ECHO],
        ['receive', 'page', ECHO],
        ['receive', 'injected', 'injected by the panel'],
      ]),
    );
    expect(messages.slice(5)).toEqual([
      ['send', 'replayed', 'edited in the panel'],
      ['receive', 'page', 'edited in the panel'],
    ]);
    await panel.close();
    await page.close();
  });
});
