// Sockets in workers, in real Chromium with the built extension and a real `ws` server: captured with
// the worker's script URL, while the worker sees itself as it would without the extension (its URL,
// name, relative imports and fetches, the order of its first messages); a page whose CSP refuses the
// bootstrap keeps a working worker that is listed as not captured; resend and inject reach a worker's socket.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { waitFor } from './db';
import { connectionTo, latestSession, messagesOf, openInspectedPage, receivedOn, setUpWorld } from '../fixtures/har/e2e-setup';
import { reportingWorker, script, workerPage } from './worker-pages';
import type { ConnectionRecord } from '../../src/shared/models';
import type { Rule } from '../../src/shared/intercept';

const world = setUpWorld();

interface Report {
  location: string;
  locationString: string;
  name: string;
  lib: string;
  fetched: unknown;
  metaUrl?: string;
  echo: string;
}

const result = (page: Page) => page.evaluate(() => (window as unknown as { result: Promise<Report> }).result);

/** Serves the files every worker here imports or fetches relative to itself, under `dir`. */
function serveNeighbours(dir: string): void {
  script(world.server, `${dir}/lib.js`, `self.lib = 'classic lib';`);
  script(world.server, `${dir}/lib.mjs`, `export const lib = 'module lib';`);
  world.server.route(`${dir}/data.json`, (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"fetched":true}'));
}

/** Stores `rules` as the panel does (checked and stored by the background; every page's relay follows). */
async function setRules(rules: Partial<Rule>[]): Promise<void> {
  const page = await world.browser.openExtensionPage('src/panel/history.html');
  expect(await page.evaluate((rules) => chrome.runtime.sendMessage({ t: 'set-rules', rules }), rules)).toEqual({ ok: true });
  await page.close();
}

/** A rule that replaces `word` with "edited" in sent text messages to URLs matching `url`. */
function editingRule(name: string, url: string, word: string): Partial<Rule> {
  return {
    name,
    direction: 'send',
    url,
    condition: { kind: 'text', text: word },
    action: { kind: 'replace', find: word, regex: false, flags: '', replacement: 'edited' },
  };
}

async function storedWorkerConnection(tabId: number, url: string): Promise<ConnectionRecord> {
  const session = await latestSession(world.storage, tabId);
  return connectionTo(world.storage, session.id, url);
}

describe('workers', () => {
  test('a classic worker: its socket is captured with its script URL, and it sees its own URL, name, relative imports and first messages in order', async () => {
    serveNeighbours('/classic');
    const scriptUrl = script(world.server, '/classic/worker.js', reportingWorker(`importScripts('lib.js');`, '/classic-echo'));
    const { page, tabId } = await openInspectedPage(world.browser, workerPage(world.server, '/classic.html', 'classic/worker.js', { name: 'feed' }));
    const report = await result(page);
    expect(report).toEqual({
      location: scriptUrl,
      locationString: scriptUrl,
      name: 'feed',
      lib: 'classic lib',
      fetched: { fetched: true },
      echo: JSON.stringify(['first', { second: [1, 2] }]),
    });
    expect(await page.evaluate(() => (window as unknown as { viaPort: Promise<unknown> }).viaPort)).toEqual({ via: 'port', after: 2 });

    const connection = await storedWorkerConnection(tabId, `${world.server.wsUrl}/classic-echo`);
    expect(connection.worker).toEqual({ kind: 'dedicated', scriptUrl, name: 'feed' });
    const messages = await messagesOf(world.storage, connection.id, 2);
    expect(messages.map((m) => [m.direction, m.payload.preview])).toEqual([
      ['send', report.echo],
      ['receive', report.echo],
    ]);
    // The panel names the worker on the connection.
    const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    await panel.locator('.connection-context', { hasText: `worker “feed”: ${scriptUrl}` }).waitFor();
    await panel.close();
    await page.close();
  });

  test('a module worker keeps import.meta.url, its relative imports, its name and the order of its first messages; its socket is captured', async () => {
    serveNeighbours('/module');
    const scriptUrl = script(
      world.server,
      '/module/worker.mjs',
      reportingWorker(`import { lib } from './lib.mjs'; self.lib = lib; self.metaUrl = import.meta.url;`, 'echo-module'),
    );
    const { page, tabId } = await openInspectedPage(
      world.browser,
      workerPage(world.server, '/module.html', 'module/worker.mjs', { type: 'module', name: 'modular' }),
    );
    const report = await result(page);
    expect(report).toEqual({
      location: scriptUrl,
      locationString: scriptUrl,
      metaUrl: scriptUrl,
      name: 'modular',
      lib: 'module lib',
      fetched: { fetched: true },
      echo: JSON.stringify(['first', { second: [1, 2] }]),
    });
    // The port, posted third and held by the hook until the worker started, still comes after the first two.
    expect(await page.evaluate(() => (window as unknown as { viaPort: Promise<unknown> }).viaPort)).toEqual({ via: 'port', after: 2 });
    const connection = await storedWorkerConnection(tabId, `${world.server.wsUrl}/module/echo-module`);
    expect(connection.worker).toEqual({ kind: 'dedicated', scriptUrl, name: 'modular' });
    await messagesOf(world.storage, connection.id, 2);
    await page.close();
  });

  test('a worker started by a worker is captured with its own script URL', async () => {
    serveNeighbours('/nested');
    const childUrl = script(world.server, '/nested/child.js', reportingWorker(`importScripts('lib.js');`, '/nested-echo'));
    // The parent relays between the page and its own worker, started with a relative URL.
    script(
      world.server,
      '/nested/parent.js',
      `const child = new Worker('child.js', { name: 'inner' });
       child.onmessage = (event) => postMessage(event.data);
       self.onmessage = (event) => child.postMessage(event.data, [...event.ports]);`,
    );
    const { page, tabId } = await openInspectedPage(world.browser, workerPage(world.server, '/nested.html', 'nested/parent.js', {}));
    const report = await result(page);
    expect(report).toMatchObject({ location: childUrl, name: 'inner', lib: 'classic lib', echo: JSON.stringify(['first', { second: [1, 2] }]) });
    expect(await page.evaluate(() => (window as unknown as { viaPort: Promise<unknown> }).viaPort)).toEqual({ via: 'port', after: 2 });
    const connection = await storedWorkerConnection(tabId, `${world.server.wsUrl}/nested-echo`);
    expect(connection.worker).toEqual({ kind: 'dedicated', scriptUrl: childUrl, name: 'inner' });
    await page.close();
  });

  test('a page whose CSP refuses blob: workers keeps a working worker, listed as not captured with the reason', async () => {
    serveNeighbours('/strict');
    const scriptUrl = script(world.server, '/strict/worker.js', reportingWorker(`importScripts('lib.js');`, '/strict-echo'));
    const csp = { 'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src 'self' ws:" };
    const { page, tabId } = await openInspectedPage(world.browser, workerPage(world.server, '/strict.html', 'strict/worker.js', { name: 'strict' }, csp));
    const report = await result(page);
    expect(report).toMatchObject({ location: scriptUrl, name: 'strict', lib: 'classic lib', echo: JSON.stringify(['first', { second: [1, 2] }]) });
    expect(await page.evaluate(() => (window as unknown as { viaPort: Promise<unknown> }).viaPort)).toEqual({ via: 'port', after: 2 });
    const notices = await waitFor(
      async () => ((await world.storage.local('notices')) ?? []) as { text: string }[],
      (list) => list.some((notice) => notice.text.includes(scriptUrl)),
    );
    const notice = notices.find((n) => n.text.includes(scriptUrl))!.text;
    expect(notice).toContain('could not be captured');
    expect(notice).toContain('Content Security Policy');
    // Nothing of the uncaptured worker's socket was stored.
    const session = await latestSession(world.storage, tabId);
    const connections = await world.storage.read<ConnectionRecord>('connections', 'sessionId', session.id);
    expect(connections.filter((c) => c.url.endsWith('/strict-echo'))).toEqual([]);
    await page.close();
  });

  test('a WebSocketStream in a worker, opened with a relative URL, is captured with the worker and the API', async () => {
    const scriptUrl = script(
      world.server,
      '/wss-worker/worker.js',
      `(async () => {
         const stream = new WebSocketStream('../wss-in-worker');
         const { readable, writable } = await stream.opened;
         const writer = writable.getWriter();
         const reader = readable.getReader();
         await writer.write('from a worker stream');
         postMessage((await reader.read()).value);
       })();`,
    );
    const html = `<!doctype html><title>wss worker</title><script>
      window.result = new Promise((resolve) => { new Worker('wss-worker/worker.js').onmessage = (event) => resolve(event.data); });
    </script>`;
    const { page, tabId } = await openInspectedPage(world.browser, world.server.page('/wss-worker.html', html));
    expect(await page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result)).toBe('from a worker stream');
    const connection = await storedWorkerConnection(tabId, `${world.server.wsUrl}/wss-in-worker`);
    expect(connection).toMatchObject({ api: 'WebSocketStream', worker: { kind: 'dedicated', scriptUrl, name: '' } });
    expect((await messagesOf(world.storage, connection.id, 2)).map((m) => [m.direction, m.payload.preview])).toEqual([
      ['send', 'from a worker stream'],
      ['receive', 'from a worker stream'],
    ]);
    await page.close();
  });

  test('a Shared Worker used by two tabs stays one worker, and is listed as not captured', async () => {
    const scriptUrl = script(
      world.server,
      '/shared/hub.js',
      `let tabs = 0;
       onconnect = (event) => { tabs++; const port = event.ports[0]; port.onmessage = () => port.postMessage({ tabs, location: self.location.href, name: self.name }); };`,
    );
    const html = `<!doctype html><title>shared</title><script>
      const hub = new SharedWorker('shared/hub.js', { name: 'hub' });
      window.result = new Promise((resolve) => { hub.port.onmessage = (event) => resolve(event.data); });
      hub.port.postMessage('hello');
    </script>`;
    const first = await openInspectedPage(world.browser, world.server.page('/shared-1.html', html));
    const second = await openInspectedPage(world.browser, world.server.page('/shared-2.html', html));
    const seen = (page: Page) => page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result);
    expect(await seen(first.page)).toEqual({ tabs: 1, location: scriptUrl, name: 'hub' });
    expect(await seen(second.page)).toEqual({ tabs: 2, location: scriptUrl, name: 'hub' });
    const notices = await waitFor(
      async () => ((await world.storage.local('notices')) ?? []) as { text: string }[],
      // One notice per tab; the second tab's may be stored after the first's.
      (list) => list.filter((notice) => notice.text.includes(`Shared worker "hub" ${scriptUrl} could not be captured`)).length >= 2,
    );
    expect(notices.some((notice) => notice.text.includes('/shared-2.html'))).toBe(true);
    // Chromium can capture it through the debugger: the notice says how.
    expect(notices.find((notice) => notice.text.includes('"hub"'))?.text).toContain('Turn on Deep capture (workers) in the panel');
    await first.page.close();
    await second.page.close();
  });

  test("resend and inject reach a worker's socket", async () => {
    serveNeighbours('/replay');
    script(world.server, '/replay/worker.js', reportingWorker(`importScripts('lib.js');`, '/replay-echo'));
    const { page, tabId } = await openInspectedPage(world.browser, workerPage(world.server, '/replay.html', 'replay/worker.js', {}));
    const report = await result(page);
    const connection = await storedWorkerConnection(tabId, `${world.server.wsUrl}/replay-echo`);
    await messagesOf(world.storage, connection.id, 2);

    const command = (t: 'send' | 'inject', id: string, data: string) =>
      world.storage.sendFromExtensionPage({ t: 'command', tabId, frameId: 0, command: { t, id, conn: connection.id, payload: { kind: 'text', data } } });
    expect(await command('send', 'resend-1', report.echo)).toEqual({ ok: true });
    await waitFor(
      async () => receivedOn(world.server, '/replay-echo'),
      (got) => got.length === 2,
    );
    expect(receivedOn(world.server, '/replay-echo')).toEqual([report.echo, report.echo]);
    expect(await command('inject', 'inject-1', 'from nowhere')).toEqual({ ok: true });
    // The worker's own listener heard the echoes and the injected message; the server never got it.
    const heard = await waitFor(
      () => page.evaluate(() => (window as unknown as { ask(q: unknown): Promise<string[]> }).ask({ ask: 'heard' })),
      (list) => list.length === 3,
    );
    expect(heard).toEqual([report.echo, report.echo, 'from nowhere']);
    const stored = await messagesOf(world.storage, connection.id, 5);
    expect(stored.map((m) => [m.direction, m.origin])).toEqual([
      ['send', 'page'],
      ['receive', 'page'],
      ['send', 'replayed'],
      ['receive', 'page'],
      ['receive', 'injected'],
    ]);
    await page.close();
  });

  test("a new connection from a worker's socket opens in that worker, and replays its messages there", async () => {
    serveNeighbours('/again');
    const scriptUrl = script(world.server, '/again/worker.js', reportingWorker(`importScripts('lib.js');`, '/again-echo'));
    const { tabId } = await openInspectedPage(world.browser, workerPage(world.server, '/again.html', 'again/worker.js', { name: 'again' }));
    const source = await storedWorkerConnection(tabId, `${world.server.wsUrl}/again-echo`);
    await messagesOf(world.storage, source.id, 2);
    const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
    await panel.locator(`[data-connection-id="${source.id}"]`).click();
    await panel.getByRole('button', { name: '⊕ New connection' }).click();
    const dialog = panel.getByRole('dialog', { name: 'New connection from the worker' });
    await dialog.getByLabel('WebSocket URL').fill(`${world.server.wsUrl}/again-second`);
    await dialog.getByRole('group', { name: 'Messages to replay' }).getByRole('checkbox').first().check();
    await dialog.getByRole('button', { name: 'Connect and replay 1' }).click();
    await dialog.getByText('1 of 1 sent — done').waitFor();
    await waitFor(
      async () => receivedOn(world.server, '/again-second'),
      (got) => got.length === 1,
    );
    // The worker's hook recorded the new socket: it was opened there, not in the page.
    const second = await storedWorkerConnection(tabId, `${world.server.wsUrl}/again-second`);
    expect(second.worker).toEqual({ kind: 'dedicated', scriptUrl, name: 'again' });
    expect(second.origin).toBe('replayed');
    await panel.close();
  });

  test('rules stored after a worker started act on its socket from then on: classic, nested and module workers', async () => {
    serveNeighbours('/after');
    // Each worker starts while there are no rules: its first messages pass unruled.
    script(world.server, '/after/child.js', reportingWorker(`importScripts('lib.js');`, '/after-nested'));
    script(
      world.server,
      '/after/parent.js',
      `const child = new Worker('child.js');
       child.onmessage = (event) => postMessage(event.data);
       self.onmessage = (event) => child.postMessage(event.data, [...event.ports]);`,
    );
    script(world.server, '/after/worker.mjs', reportingWorker(`import { lib } from './lib.mjs'; self.lib = lib;`, '../after-module'));
    const unruled = JSON.stringify(['first', { second: [1, 2] }]);
    const nested = await openInspectedPage(world.browser, workerPage(world.server, '/after-nested.html', 'after/parent.js', {}));
    const module = await openInspectedPage(world.browser, workerPage(world.server, '/after-module.html', 'after/worker.mjs', { type: 'module' }));
    expect((await result(nested.page)).echo).toBe(unruled);
    expect((await result(module.page)).echo).toBe(unruled);
    await setRules([editingRule('later', '*/after-*', 'later')]);
    try {
      // The rules reach each page, then its workers, in their own time: the worker sends until one arrives edited.
      for (const [page, path] of [
        [nested.page, '/after-nested'],
        [module.page, '/after-module'],
      ] as const) {
        const got = await waitFor(
          async () => {
            await page.evaluate(() => (window as unknown as { worker: Worker }).worker.postMessage({ ask: 'send', text: 'later' }));
            return receivedOn(world.server, path);
          },
          (list) => list.includes('edited'),
        );
        expect(got[0]).toBe(unruled);
        expect(got.slice(1).every((text) => text === 'later' || text === 'edited')).toBe(true);
        // From then on none slips past the rules.
        await page.evaluate(() => (window as unknown as { worker: Worker }).worker.postMessage({ ask: 'send', text: 'later' }));
        const after = await waitFor(
          async () => receivedOn(world.server, path),
          (list) => list.length > got.length,
        );
        expect(after.slice(got.indexOf('edited'))).toEqual(after.slice(got.indexOf('edited')).map(() => 'edited'));
      }
    } finally {
      await setRules([]);
      await nested.page.close();
      await module.page.close();
    }
  });

  test("rules and breakpoints act on a worker's socket: the first message reaches the server edited exactly once, a held one is released from the panel", async () => {
    serveNeighbours('/ruled');
    // Nested: the rules must reach a worker through the worker that started it.
    const childUrl = script(world.server, '/ruled/child.js', reportingWorker(`importScripts('lib.js');`, '/ruled-echo'));
    script(
      world.server,
      '/ruled/parent.js',
      `const child = new Worker('child.js');
       child.onmessage = (event) => postMessage(event.data);
       self.onmessage = (event) => child.postMessage(event.data, [...event.ports]);`,
    );
    await setRules([editingRule('rename', '*/ruled-*', 'first')]);
    try {
      const { page, tabId } = await openInspectedPage(world.browser, workerPage(world.server, '/ruled.html', 'ruled/parent.js', {}));
      const edited = JSON.stringify(['edited', { second: [1, 2] }]);
      expect((await result(page)).echo).toBe(edited);
      expect(receivedOn(world.server, '/ruled-echo')).toEqual([edited]);
      const connection = await storedWorkerConnection(tabId, `${world.server.wsUrl}/ruled-echo`);
      expect(connection.worker).toEqual({ kind: 'dedicated', scriptUrl: childUrl, name: '' });
      const [sent] = await messagesOf(world.storage, connection.id, 2);
      expect([sent!.payload.preview, sent!.mark?.steps, sent!.mark?.original?.data]).toEqual([
        edited,
        [{ action: 'modified', by: 'rename' }],
        JSON.stringify(['first', { second: [1, 2] }]),
      ]);
      // A worker started once the page has its rules gets them first thing, before its script runs.
      script(world.server, '/ruled/late.js', `const ws = new WebSocket('../ruled-late'); ws.onopen = () => ws.send('first from a late worker');`);
      await page.evaluate(() => new Worker('ruled/late.js'));
      expect(
        await waitFor(
          async () => receivedOn(world.server, '/ruled-late'),
          (got) => got.length > 0,
        ),
      ).toEqual(['edited from a late worker']);

      // A breakpoint holds the worker's next send; the panel's Forward (edited) reaches the worker that holds it.
      const panel = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
      await panel.getByRole('button', { name: 'Intercept' }).click();
      const pane = panel.getByRole('region', { name: 'Intercept' });
      await pane.getByLabel('Hold which direction').selectOption({ label: 'sent' });
      await pane.getByText('Active in this tab.').waitFor(); // the page's hook has it, and passed it on to its workers
      await page.evaluate(() => (window as unknown as { worker: Worker }).worker.postMessage({ ask: 'send', text: 'held in a worker' }));
      const editor = panel.getByLabel('Held sent message');
      await editor.getByRole('textbox', { name: 'Message text' }).fill('released from the panel');
      expect(receivedOn(world.server, '/ruled-echo')).toEqual([edited]);
      await editor.getByRole('button', { name: 'Forward' }).click();
      expect(
        await waitFor(
          async () => receivedOn(world.server, '/ruled-echo'),
          (got) => got.length === 2,
        ),
      ).toEqual([edited, 'released from the panel']);
      await panel.close();
      await page.close();
    } finally {
      await setRules([]);
    }
  });
});
