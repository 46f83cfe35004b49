// Sockets in workers in Firefox (no WebSocketStream there): a classic and a module worker with
// relative imports, and a worker started by a worker, captured with their script URLs, each seeing
// itself as it would without the extension.
import { describe, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { setUpFirefoxWorld } from './firefox-world';
import { openTab, waitForStored } from './firefox-traffic';
import { reportingWorker, script, workerPage } from './worker-pages';

const world = setUpFirefoxWorld();

const report = (page: Page) => page.evaluate(() => (window as unknown as { result: Promise<Record<string, unknown>> }).result);

function serveNeighbours(dir: string): void {
  script(world.server, `${dir}/lib.js`, `self.lib = 'classic lib';`);
  script(world.server, `${dir}/lib.mjs`, `export const lib = 'module lib';`);
  world.server.route(`${dir}/data.json`, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"fetched":true}'));
}

const ECHO = JSON.stringify(['first', { second: [1, 2] }]);

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
});
