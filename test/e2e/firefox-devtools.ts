// Opens Firefox's real DevTools on a tab and selects our WebSockets panel, through WebDriver BiDi's
// chrome scope (the harness allows system access). A Firefox DevTools panel is no tab and not in
// extension.getViews(), so we read it with a frame script in its <browser>, which answers by message.
import type { Page } from 'puppeteer-core';
import type { FirefoxWithExtension } from './firefox';

export interface DevToolsPanel {
  /** Runs `fn` in the panel page's own realm (its `browser` included); returns its JSON result. */
  evaluate<T>(fn: (window: Window & { browser: typeof chrome }) => T | Promise<T>): Promise<T>;
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

/** Chrome-scope JavaScript, in browser.xhtml, to which `panels` (a Map on that window) is visible. */
async function evaluateInBrowserWindow(firefox: FirefoxWithExtension, expression: string): Promise<unknown> {
  // BidiBrowser exposes its connection, though puppeteer's Browser type does not declare it.
  const connection = (firefox.browser as unknown as { connection: BidiConnection }).connection;
  const { result: tree } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const window = (tree as { contexts: { context: string; url: string }[] }).contexts.find((c) => c.url.endsWith('/browser.xhtml'));
  if (!window) throw new Error('no browser window in the chrome scope');
  const { result } = await connection.send('script.evaluate', {
    target: { context: window.context },
    awaitPromise: true,
    expression: `(async () => { globalThis.wsiPanels ??= new Map(); const panels = globalThis.wsiPanels; ${expression} })()`,
  });
  const outcome = result as EvaluateResult;
  if (outcome.type !== 'success') throw new Error(`chrome-scope script failed: ${outcome.exceptionDetails?.text}`);
  return outcome.result?.value;
}

/** Opens DevTools on the tab showing `page` and selects the WebSockets panel, loaded. */
export async function openWebSocketsPanel(firefox: FirefoxWithExtension, page: Page): Promise<DevToolsPanel> {
  await page.bringToFront(); // DevTools opens on the selected tab.
  const key = crypto.randomUUID();
  await evaluateInBrowserWindow(
    firefox,
    `const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
    const { gDevTools } = require('devtools/client/framework/devtools');
    const toolbox = await gDevTools.showToolboxForTab(gBrowser.selectedTab, {});
    const wait = async (find, what) => {
      for (const deadline = Date.now() + 15000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        const found = find();
        if (found) return found;
      }
      throw new Error('DevTools: no ' + what);
    };
    // Extension panels register once the devtools_page ran; ours is the only one.
    const toolId = await wait(() => [...toolbox.additionalToolDefinitions.keys()].find((id) => id.startsWith('webext-devtools-panel-')), 'extension panel');
    await toolbox.selectTool(toolId);
    const panelBrowser = await wait(
      () => toolbox.doc.getElementById('toolbox-panel-iframe-' + toolId)?.contentDocument?.querySelector('browser[remote]'),
      'panel browser',
    );
    await wait(() => panelBrowser.currentURI?.spec.endsWith('/src/panel/index.html'), 'panel page');
    panels.set(${JSON.stringify(key)}, panelBrowser);`,
  );
  const panel: DevToolsPanel = {
    async evaluate(fn) {
      const reply = `wsi-panel-${crypto.randomUUID()}`;
      // The frame script sees the page through Xrays; wrappedJSObject is the page's own realm.
      const frameScript = `new Promise((resolve) => resolve((${fn.toString()})(content.wrappedJSObject))).then(
        (value) => sendAsyncMessage(${JSON.stringify(reply)}, JSON.stringify({ value })),
        (error) => sendAsyncMessage(${JSON.stringify(reply)}, JSON.stringify({ error: String(error) })));`;
      const answer = (await evaluateInBrowserWindow(
        firefox,
        `const messageManager = panels.get(${JSON.stringify(key)}).messageManager;
        const answer = new Promise((resolve) => messageManager.addMessageListener(${JSON.stringify(reply)}, (message) => resolve(message.data)));
        messageManager.loadFrameScript('data:,' + encodeURIComponent(${JSON.stringify(frameScript)}), false);
        const silence = new Promise((resolve) => setTimeout(() => resolve(JSON.stringify({ error: 'no answer within 10 s' })), 10000));
        return Promise.race([answer, silence]);`,
      )) as string;
      const parsed = JSON.parse(answer) as { value?: unknown; error?: string };
      if (parsed.error !== undefined) throw new Error(`in the DevTools panel: ${parsed.error}`);
      return parsed.value as never;
    },
  };
  // The <browser> reports its new URI before the page has loaded: wait for the app's document.
  const loaded = (window: Window) => window.location.pathname === '/src/panel/index.html' && window.document.readyState === 'complete';
  for (const deadline = Date.now() + 15_000; !(await panel.evaluate(loaded)); await new Promise((r) => setTimeout(r, 100))) {
    if (Date.now() > deadline) throw new Error('the DevTools panel page did not load');
  }
  return panel;
}
