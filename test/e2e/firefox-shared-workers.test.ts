// Firefox Shared Workers with the built extension and a real `ws` server: the background puts the
// worker hook in front of the worker's script (filterResponseData), and the hook speaks to the page
// hooks of the tabs using it. A classic Shared Worker used by two tabs echoes text and binary: both
// tabs' sessions get its socket with its script URL and handshake, every message once from the time the tab
// constructed the worker (the second comes when the socket is open), and its close; Resend and
// Inject from a panel reach the worker's socket; the worker sees itself as without the extension (its
// location, name, "use strict", line numbers). A module Shared Worker whose import opens a socket
// while it is evaluated, before the worker's own module body, is captured too, its import.meta.url unchanged;
// so is a worker whose script comes from the HTTP cache, a dedicated worker a Shared Worker starts, and a
// socket that fails before the tab joined (its error and close come from the worker's history). A page and its
// same-origin frame using one worker record its socket once in the tab, the page taking over when the
// recording frame goes. Where the hook cannot be added (a plain-http
// page, a blob: worker) the worker runs as without the extension and is listed as not captured.
import { describe, expect, test, vi } from 'vitest';
import type { Page } from 'puppeteer-core';
import { setUpFirefoxWorld } from './firefox-world';
import { noticeNaming, openTab, waitForStored } from './firefox-traffic';
import { expectEachTabRecordedOpen, expectResentInjectedAndClosed, resendThenInject, sortedMessages, twoTabsMessages } from './firefox-worker-replay';
import { script, sharedEchoWorker, socketOpeningModule } from './worker-pages';
import { receivedOn } from '../fixtures/har/e2e-setup';

// A name for 127.0.0.1 that is not `localhost`: a page there is not a secure context.
const PLAIN_HOST = 'wsi-plain.test';
const world = setUpFirefoxWorld({ prefs: { 'network.dns.localDomains': PLAIN_HOST } });

/**
 * A classic Shared Worker in strict mode that tells each tab first what it sees of itself, opens one
 * socket to `socketPath` when a tab first posts, sends what tabs post through it (arrays as bytes),
 * tells every tab what comes back, and closes it when asked. `new Error()` stands on line 2.
 */
function sharedWorkerBody(socketPath: string): string {
  return sharedEchoWorker(socketPath, {
    head: `'use strict';
const errorLine = Number(/:(\\d+):\\d+$/.exec(new Error('where').stack.split('\\n')[0])[1]);
const self_ = { location: self.location.href, name: self.name, strict: (function () { return this === undefined; })(), errorLine };
`,
    greeting: 'self_',
  });
}

/** A page using the Shared Worker at `scriptPath` (named `name`): `window.heard` lists what the worker told it. */
function sharedWorkerPage(path: string, scriptPath: string, options: object): string {
  return world.server.page(
    path,
    `<!doctype html><meta charset="utf-8"><title>${path}</title><script>
      window.heard = [];
      window.worker = new SharedWorker(${JSON.stringify(scriptPath)}, ${JSON.stringify(options)});
      worker.port.onmessage = ({ data }) => heard.push(data);
    </script>`,
  );
}

const heard = (page: Page): Promise<unknown[]> => page.evaluate(() => (window as unknown as { heard: unknown[] }).heard);
const post = (page: Page, data: unknown): Promise<void> =>
  page.evaluate((data) => (window as unknown as { worker: SharedWorker }).worker.port.postMessage(data), data);
const hears = (page: Page, count: number): Promise<unknown[]> =>
  vi.waitFor(
    async () => {
      const list = await heard(page);
      if (list.length < count) throw new Error(`heard ${list.length} of ${count}`);
      return list;
    },
    { timeout: 15_000, interval: 100 },
  );
describe('Shared Workers in Firefox', () => {
  test('a classic Shared Worker used by two tabs: each tab gets its socket once, every message, resend, inject and close', async () => {
    const scriptUrl = script(world.server, '/ffs/shared.js', sharedWorkerBody('/ffs-echo'));
    const pageUrl = sharedWorkerPage('/ffs/two-tabs.html', '/ffs/shared.js', { name: 'feed' });
    const itself = { location: scriptUrl, name: 'feed', strict: true, errorLine: 2 };
    const first = await openTab(world.firefox, world.db, `${pageUrl}?tab=first`);
    expect((await hears(first.page, 1))[0]).toEqual(itself);
    await post(first.page, 'text from the first tab');
    await hears(first.page, 2);
    // The second tab comes when the socket is open: it gets the socket, and what happens from then on.
    const second = await openTab(world.firefox, world.db, `${pageUrl}?tab=second`);
    expect(await hears(second.page, 1)).toEqual([itself]);
    await post(second.page, [1, 2, 255]);
    expect((await hears(first.page, 3)).slice(1)).toEqual(['text from the first tab', 'bytes:1,2,255']);
    expect((await hears(second.page, 2)).slice(1)).toEqual(['bytes:1,2,255']);

    const socketUrl = `${world.server.wsUrl}/ffs-echo`;
    const expected = twoTabsMessages(first, second, 'text from the first tab');
    await expectEachTabRecordedOpen(world.db, expected, socketUrl, { kind: 'shared', scriptUrl, name: 'feed' });

    // From the first tab's panel: Resend goes to the server through the worker's socket, Inject reaches
    // the worker's listener (which tells both tabs) and not the server.
    const panel = await world.firefox.openExtensionPage(`src/panel/index.html?tabId=${first.tabId}`);
    await resendThenInject(panel, 'text from the first tab', 'injected by the panel');
    expect((await hears(first.page, 5)).slice(3)).toEqual(expect.arrayContaining(['text from the first tab', 'injected by the panel']));
    expect((await hears(second.page, 4)).slice(2)).toEqual(expect.arrayContaining(['text from the first tab', 'injected by the panel']));
    await post(first.page, 'close');
    expect((await hears(second.page, 5))[4]).toBe('closed 1000 done');
    expect(receivedOn(world.server, '/ffs-echo')).toEqual(['text from the first tab', 'bytes:1,2,255', 'text from the first tab']);

    await expectResentInjectedAndClosed(world.db, expected, 'text from the first tab', 'injected by the panel');
  });

  test('a page and its same-origin frame using one Shared Worker: the tab records its socket once; when the recording frame goes, the page takes over', async () => {
    script(world.server, '/ffs/framed.js', sharedEchoWorker('/ffs-framed'));
    // Each document constructs the worker when asked: `start()`; `window.heard` lists what it was told.
    const user = `<script>
      window.heard = [];
      window.start = () => {
        window.worker = new SharedWorker('/ffs/framed.js', 'framed');
        worker.port.onmessage = ({ data }) => heard.push(data);
      };
    </script>`;
    world.server.page('/ffs/framed-frame.html', `<!doctype html><title>frame</title>${user}`);
    const pageUrl = world.server.page('/ffs/framed.html', `<!doctype html><title>framed</title>${user}<iframe src="/ffs/framed-frame.html"></iframe>`);
    const tab = await openTab(world.firefox, world.db, pageUrl);
    type Framed = { start(): void; heard: unknown[]; worker: SharedWorker };
    const inFrame = <T>(run: (frame: Framed) => T) =>
      tab.page.evaluate(
        (source) => new Function('frame', `return (${source})(frame)`)((window as unknown as { frames: Framed[] }).frames[0]),
        run.toString(),
      ) as Promise<T>;
    await tab.page.waitForFunction(() => typeof (window.frames[0] as unknown as Framed | undefined)?.start === 'function');
    // The frame joins first, then the page: the frame records for the tab.
    await inFrame((frame) => frame.start());
    await inFrame((frame) => frame.worker.port.postMessage('from the frame'));
    await vi.waitFor(async () => expect(await inFrame((frame) => frame.heard)).toEqual(['from the frame']), { timeout: 15_000, interval: 100 });
    await tab.page.evaluate(() => (window as unknown as Framed).start());
    await post(tab.page, 'from the page');
    expect(await hears(tab.page, 1)).toEqual(['from the page']);
    await waitForStored(world.db, tab.tabId, (s) => s.messages.length >= 4);
    // The frame goes: the page records what follows.
    await tab.page.evaluate(() => document.querySelector('iframe')!.remove());
    await post(tab.page, 'after the frame');
    expect(await hears(tab.page, 2)).toEqual(['from the page', 'after the frame']);
    const stored = await waitForStored(world.db, tab.tabId, (s) => s.messages.length >= 6);
    expect(stored.messages.map((m) => `${m.direction} ${m.payload.preview}`).sort()).toEqual([
      'receive after the frame',
      'receive from the frame',
      'receive from the page',
      'send after the frame',
      'send from the frame',
      'send from the page',
    ]);
    expect(new Set(stored.connections.map((c) => c.url))).toEqual(new Set([`${world.server.wsUrl}/ffs-framed`]));
    await tab.page.close();
  });

  test('a module Shared Worker: a socket its import opens while evaluated is captured; import.meta.url and relative imports unchanged', async () => {
    script(world.server, '/ffs/mod/lib.mjs', socketOpeningModule('/ffs-module'));
    const moduleUrl = script(
      world.server,
      '/ffs/mod/main.mjs',
      `import { early, opened } from './lib.mjs';
       onconnect = async (event) => {
         const port = event.ports[0];
         await opened;
         early.onmessage = (message) => port.postMessage({ echo: message.data, meta: import.meta.url, location: self.location.href });
         early.send('module hello');
       };`,
    );
    const pageUrl = sharedWorkerPage('/ffs/module.html', '/ffs/mod/main.mjs', { type: 'module' });
    const tab = await openTab(world.firefox, world.db, pageUrl);
    expect(await hears(tab.page, 1)).toEqual([{ echo: 'module hello', meta: moduleUrl, location: moduleUrl }]);
    const stored = await waitForStored(world.db, tab.tabId, (s) => s.messages.length >= 2);
    expect(stored.connections.map((c) => [c.url, c.worker])).toEqual([
      [`${world.server.wsUrl}/ffs-module`, { kind: 'shared', scriptUrl: moduleUrl, name: '' }],
    ]);
    expect(sortedMessages(stored)).toEqual([
      ['send', 'page', 'module hello'],
      ['receive', 'page', 'module hello'],
    ]);
  });

  test('a Shared Worker script from the HTTP cache gets the hook too: two workers of one script, the second one served from the cache', async () => {
    let requests = 0;
    world.server.route('/ffs/cached.js', (_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'max-age=3600' }).end(
        // The echo may come before the page's connect event (under load, say): kept until there is a port.
        `const socket = new WebSocket(new URL('/ffs-cached', location.href.replace('http', 'ws')));
         const early = [];
         let port;
         socket.onopen = () => socket.send('hello from ' + self.name);
         socket.onmessage = (message) => (port ? port.postMessage(message.data) : early.push(message.data));
         onconnect = (event) => { port = event.ports[0]; early.splice(0).forEach((data) => port.postMessage(data)); };`,
      );
    });
    const scriptUrl = `${world.server.httpUrl}/ffs/cached.js`;
    const pageUrl = world.server.page(
      '/ffs/cached.html',
      `<!doctype html><meta charset="utf-8"><title>cached shared worker</title><script>
        window.heard = [];
        window.start = (name) => { const worker = new SharedWorker('/ffs/cached.js', name); worker.port.onmessage = ({ data }) => heard.push(data); };
        start('one');
      </script>`,
    );
    const tab = await openTab(world.firefox, world.db, pageUrl);
    expect(await hears(tab.page, 1)).toEqual(['hello from one']);
    // Another name is another worker: its script comes from the cache this time.
    await tab.page.evaluate(() => (window as unknown as { start: (name: string) => void }).start('two'));
    expect(await hears(tab.page, 2)).toEqual(['hello from one', 'hello from two']);
    expect(requests).toBe(1);
    const stored = await waitForStored(world.db, tab.tabId, (s) => s.messages.length >= 4);
    expect(stored.connections.map((c) => c.worker).sort((a, b) => a!.name.localeCompare(b!.name))).toEqual([
      { kind: 'shared', scriptUrl, name: 'one' },
      { kind: 'shared', scriptUrl, name: 'two' },
    ]);
    expect(stored.messages.map((m) => m.payload.preview).sort()).toEqual(['hello from one', 'hello from one', 'hello from two', 'hello from two']);
  });

  test('a dedicated worker a Shared Worker starts is captured too, with its own script URL', async () => {
    const childUrl = script(
      world.server,
      '/ffs/nested/child.js',
      `const socket = new WebSocket(new URL('/ffs-nested', location.href.replace('http', 'ws')));
       socket.onopen = () => socket.send('from the child of ' + self.name);
       socket.onmessage = (message) => postMessage(message.data);`,
    );
    script(
      world.server,
      '/ffs/nested/parent.js',
      `const child = new Worker('child.js', { name: 'inner' });
       onconnect = (event) => (child.onmessage = (message) => event.ports[0].postMessage(message.data));`,
    );
    const tab = await openTab(world.firefox, world.db, sharedWorkerPage('/ffs/nested.html', '/ffs/nested/parent.js', {}));
    expect(await hears(tab.page, 1)).toEqual(['from the child of inner']);
    const stored = await waitForStored(world.db, tab.tabId, (s) => s.messages.length >= 2);
    expect(stored.connections.map((c) => c.worker)).toEqual([{ kind: 'dedicated', scriptUrl: childUrl, name: 'inner' }]);
    expect(sortedMessages(stored)).toEqual([
      ['send', 'page', 'from the child of inner'],
      ['receive', 'page', 'from the child of inner'],
    ]);
  });

  test('a Shared Worker socket that fails: its error and its close (1006) are recorded as a page socket’s', async () => {
    // Nothing listens on port 9 (discard) here: the connection is refused.
    script(
      world.server,
      '/ffs/failing.js',
      `const socket = new WebSocket('ws://127.0.0.1:9/nothing');
       const heard = [];
       const ports = [];
       let closed = false;
       socket.onerror = () => heard.push('error');
       socket.onclose = (close) => { heard.push('close ' + close.code); closed = true; ports.forEach((port) => port.postMessage(heard)); };
       onconnect = (event) => { ports.push(event.ports[0]); if (closed) event.ports[0].postMessage(heard); };`,
    );
    const tab = await openTab(world.firefox, world.db, sharedWorkerPage('/ffs/failing.html', '/ffs/failing.js', {}));
    expect(await hears(tab.page, 1)).toEqual([['error', 'close 1006']]);
    const stored = await waitForStored(world.db, tab.tabId, (s) => s.connections[0]?.state === 'closed');
    expect(stored.connections).toHaveLength(1);
    expect(stored.connections[0]!.url).toBe('ws://127.0.0.1:9/nothing');
    expect(stored.connections[0]!.close?.code).toBe(1006);
    expect(stored.connections[0]!.errors.length).toBeGreaterThan(0);
  });

  test('on a plain-http page (not a secure context, no Sec-Fetch-Dest) a Shared Worker runs as without the extension and is listed as not captured', async () => {
    const fetchDestinations: (string | undefined)[] = [];
    world.server.route('/ffs/plain.js', (req, res) => {
      fetchDestinations.push(req.headers['sec-fetch-dest'] as string | undefined);
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(`onconnect = (event) => event.ports[0].postMessage('plain worker ' + self.name);`);
    });
    const pageUrl = world.server.page(
      '/ffs/plain.html',
      `<!doctype html><meta charset="utf-8"><title>plain http</title><script>
        window.heard = [isSecureContext];
        window.worker = new SharedWorker('/ffs/plain.js', 'plain');
        worker.port.onmessage = ({ data }) => heard.push(data);
      </script>`,
    );
    const tab = await openTab(world.firefox, world.db, pageUrl.replace('127.0.0.1', PLAIN_HOST));
    expect(await hears(tab.page, 2)).toEqual([false, 'plain worker plain']);
    // What the background goes by is not sent from here.
    expect(fetchDestinations).toEqual([undefined]);
    expect(await noticeNaming(world.db, 'Shared worker "plain"')).toContain(
      'could not be captured: Firefox tells the extension a Shared Worker’s script (Sec-Fetch-Dest) only on secure',
    );
  });

  test('a blob: Shared Worker, which has no response to add the hook to, runs as without the extension and is listed as not captured', async () => {
    const pageUrl = world.server.page(
      '/ffs/blob.html',
      `<!doctype html><meta charset="utf-8"><title>blob shared worker</title><script>
        const source = 'onconnect = (event) => event.ports[0].postMessage("blob worker " + self.name);';
        window.heard = [];
        window.worker = new SharedWorker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), 'lonely');
        worker.port.onmessage = ({ data }) => heard.push(data);
      </script>`,
    );
    const tab = await openTab(world.firefox, world.db, pageUrl);
    expect(await hears(tab.page, 1)).toEqual(['blob worker lonely']);
    const notice = await noticeNaming(world.db, 'Shared worker "lonely" blob:');
    expect(notice).toContain('could not be captured: a blob: script has no response the extension could add its hook to');
  });
});
