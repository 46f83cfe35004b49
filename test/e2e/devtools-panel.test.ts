// The panel inside REAL DevTools: Chromium opens DevTools for each tab (--auto-open-devtools-for-tabs);
// the DevTools window, our devtools page and our panel are targets reachable only through raw CDP.
// Playwright gives a page-level CDP session (context.browser() is null for persistent contexts);
// from it Target.getTargets lists them all, and Target.attachToTarget (non-flat) with
// Target.sendMessageToTarget lets us evaluate inside the devtools:// page and the panel's iframe.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { launchWithExtension, tabIdOf, type ExtensionBrowser } from './chromium';
import { startTestServer, type TestServer } from './servers';

interface TargetInfo {
  targetId: string;
  type: string;
  title: string;
  url: string;
  parentId?: string;
}

/** Evaluates expressions in another target over a non-flat session on `cdp`. */
class RemoteTarget {
  private nextId = 1;
  private readonly pending = new Map<number, (message: unknown) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget' as never, (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== this.sessionId) return;
      const message = JSON.parse(event.message);
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  static async attach(cdp: CDPSession, targetId: string): Promise<RemoteTarget> {
    const { sessionId } = (await cdp.send('Target.attachToTarget' as never, { targetId, flatten: false } as never)) as { sessionId: string };
    return new RemoteTarget(cdp, sessionId);
  }

  async send<T>(method: string, params: object): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<{ result?: T; error?: unknown }>((resolve) => this.pending.set(id, resolve as never));
    await this.cdp.send('Target.sendMessageToTarget' as never, { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) } as never);
    const reply = await answer;
    if (reply.error) throw new Error(`${method} failed: ${JSON.stringify(reply.error)}`);
    return reply.result as T;
  }

  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.send<{ result: { value?: unknown }; exceptionDetails?: unknown }>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (reply.exceptionDetails) throw new Error(`evaluate failed: ${JSON.stringify(reply.exceptionDetails)}`);
    return reply.result.value as T;
  }
}

async function targets(cdp: CDPSession): Promise<TargetInfo[]> {
  return ((await cdp.send('Target.getTargets' as never)) as { targetInfos: TargetInfo[] }).targetInfos;
}

async function poll<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let server: TestServer;
let browser: ExtensionBrowser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchWithExtension({ devtools: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test('the WebSockets panel runs inside real DevTools for the inspected tab and lists its socket', async () => {
  const url = server.page(
    '/devtools-socket.html',
    `<title>socket page</title><script>
      const socket = new WebSocket('${server.wsUrl}/echo');
      socket.onopen = () => socket.send('hello from the inspected page');
    </script>`,
  );
  const page: Page = await browser.context.newPage();
  await page.goto(url);
  const inspectedTabId = await tabIdOf(browser, page);
  const cdp = await browser.context.newCDPSession(page);

  // The DevTools window opened for this page is a devtools:// page target titled after the page.
  const devtoolsWindow = await poll(
    async () => (await targets(cdp)).find((t) => t.type === 'page' && t.url.startsWith('devtools://') && t.title.includes('devtools-socket.html')),
    'the DevTools window of the page',
  );
  // Our devtools page runs in an iframe of it and creates the panel.
  const extensionOrigin = `chrome-extension://${browser.extensionId}`;
  await poll(
    async () => (await targets(cdp)).find((t) => t.parentId === devtoolsWindow.targetId && t.url === `${extensionOrigin}/src/devtools/devtools.html`),
    'the devtools page',
  );

  // DevTools creates an extension panel's iframe only when it is shown: show it as DevTools' own UI
  // would. Extension panel ids are the extension origin followed by the title. The devtools page may
  // not have created the panel yet when its target appears (showPanel of an unknown id does nothing),
  // so every round shows it again until its iframe exists.
  const devtools = await RemoteTarget.attach(cdp, devtoolsWindow.targetId);
  const panelFrame = await poll(async () => {
    await devtools.evaluate<string>(`(async () => {
      const UI = await import('./ui/legacy/legacy.js');
      await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(`${extensionOrigin}WebSockets`)});
    })()`);
    return (await targets(cdp)).find(
      (t) => t.type === 'iframe' && t.parentId === devtoolsWindow.targetId && t.url === `${extensionOrigin}/src/panel/index.html`,
    );
  }, 'the panel iframe');
  const panel = await RemoteTarget.attach(cdp, panelFrame.targetId);

  // The panel rendered, and DevTools told it the inspected tab.
  await poll(async () => ((await panel.evaluate<boolean>(`!!document.querySelector('[role=grid]')`)) ? true : undefined), 'the panel to render');
  expect(await panel.evaluate<number>('chrome.devtools.inspectedWindow.tabId')).toBe(inspectedTabId);
  expect(await panel.evaluate<string>('document.documentElement.className')).toMatch(/theme-(light|dark)/);

  // The socket the page opened is listed, and its message is in the table.
  const socketUrl = `${server.wsUrl}/echo`;
  await poll(
    async () => ((await panel.evaluate<string>(`document.querySelector('.connection-list')?.textContent ?? ''`)).includes(socketUrl) ? true : undefined),
    `the panel to list ${socketUrl}`,
  );
  await poll(
    async () =>
      (await panel.evaluate<string>(`document.querySelector('.message-rows')?.textContent ?? ''`)).includes('hello from the inspected page') ? true : undefined,
    'the sent message in the table',
  );
  // Switching DevTools to its dark theme switches the panel too (devtools.panels theme change handler).
  await devtools.evaluate(`(async () => {
    const Common = await import('./core/common/common.js');
    Common.Settings.Settings.instance().moduleSetting('ui-theme').set('dark');
  })()`);
  await poll(async () => ((await panel.evaluate<string>('document.documentElement.className')).includes('theme-dark') ? true : undefined), 'the dark theme');
  const shot = await devtools.send<{ data: string }>('Page.captureScreenshot', { format: 'png' });
  mkdirSync('.tmp/screenshots', { recursive: true });
  writeFileSync('.tmp/screenshots/devtools-panel.png', Buffer.from(shot.data, 'base64'));
});
