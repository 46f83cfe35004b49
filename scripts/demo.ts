// `npm run demo [-- --headless]`: serve the live demo, open Chromium with the extension and DevTools on
// the WebSockets panel. Headless: screenshot the panel, print what was captured, exit.
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDemoServer } from './demo/feeds';
import { unpackedExtensionId } from './demo/extension-id';
import { DEMO_RULES } from './demo/intercept-examples';

const headless = process.argv.includes('--headless');
const extensionDir = resolve(import.meta.dirname, '..', 'dist', 'chrome');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshotPath = resolve(import.meta.dirname, '..', 'artifacts', 'demo-panel.png');
const CAPTURE_SECONDS = 7;

const demo = await startDemoServer(headless ? 0 : Number(process.env.DEMO_PORT ?? 8765));
console.log(`Demo page: ${demo.url}`);

const extensionId = unpackedExtensionId(extensionDir);
const userDataDir = mkdtempSync(join(tmpdir(), 'wsi-demo-'));
// DevTools opens on the panel it last showed: make that ours (panel id = extension origin + title).
mkdirSync(join(userDataDir, 'Default'), { recursive: true });
writeFileSync(
  join(userDataDir, 'Default', 'Preferences'),
  JSON.stringify({ devtools: { preferences: { 'panel-selected-tab': JSON.stringify(`chrome-extension://${extensionId}WebSockets`) } } }),
);

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: chromiumPath,
  headless,
  viewport: null,
  args: [
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--auto-open-devtools-for-tabs',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
// The intercept examples, switched off, for the Rules dialog (scripts/demo/intercept-examples.ts).
const extensionWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
await extensionWorker.evaluate((rules) => chrome.storage.local.set({ interceptRules: rules }), DEMO_RULES);
console.log(`Intercept examples: ${DEMO_RULES.length} rules, switched off (panel → Rules)`);
const page = context.pages()[0] ?? (await context.newPage());
await page.goto(demo.url);

const shutdown = async (): Promise<void> => {
  await context.close().catch(() => undefined);
  await demo.close();
};

if (!headless) {
  console.log('Chromium is open with DevTools on the WebSockets panel. Close the browser or press Ctrl+C to stop.');
  context.on('close', () => void demo.close().then(() => process.exit(0)));
  process.on('SIGINT', () => void shutdown().then(() => process.exit(0)));
} else {
  await page.waitForTimeout(CAPTURE_SECONDS * 1000);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const tabId = await worker.evaluate(async (url) => (await chrome.tabs.query({ url })).at(0)?.id ?? -1, demo.url);
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 1280, height: 800 });
  await panel.goto(`chrome-extension://${extensionId}/src/panel/index.html?tabId=${tabId}`);
  // The screenshot shows the table once the panel has loaded the captured rows.
  await panel.locator('.message-rows [role=row]').first().waitFor();
  // The timeline over the table, and an answered request of /api selected: its latency and jump in the detail pane.
  await panel.getByRole('button', { name: 'Timeline' }).click();
  await panel.locator('.timeline .u-over').waitFor();
  // Rows are virtualized: narrow the table to /api's requests and answers to find an answered one, then show all again.
  const filter = panel.getByRole('searchbox', { name: 'Filter messages' });
  await filter.fill('"method"');
  const answered = panel.locator('.message-rows [role=row]').filter({ has: panel.locator('.col-latency', { hasText: /^[\d.]+ m?s$/ }) });
  await answered.last().click({ timeout: 60_000 });
  await panel.getByRole('button', { name: 'Jump to answer' }).waitFor();
  await filter.fill('');
  await panel
    .locator('.filter-status')
    .filter({ hasText: /^([\d,]+) \/ \1/ })
    .waitFor();
  mkdirSync(resolve(screenshotPath, '..'), { recursive: true });
  await panel.screenshot({ path: screenshotPath });
  console.log(`Panel table: ${await panel.locator('.filter-status').textContent()} messages shown`);
  // tsx keeps function names with a __name() helper that the serialised function expects in the page.
  await panel.evaluate('globalThis.__name ??= (fn) => fn');
  const summary = await panel.evaluate(captureSummaryInPage, tabId);
  console.log(`Captured in tab ${tabId}:`);
  for (const line of summary) console.log(`  ${line}`);
  console.log(`Panel screenshot: ${screenshotPath}`);
  await shutdown();
}

/** Runs inside the extension page: reads the extension's IndexedDB with the plain IDB API. */
async function captureSummaryInPage(tabId: number): Promise<string[]> {
  const db = await new Promise<IDBDatabase>((ok, fail) => {
    const request = indexedDB.open('websocket-inspector');
    request.onsuccess = () => ok(request.result);
    request.onerror = () => fail(request.error);
  });
  const all = <T>(store: string): Promise<T[]> =>
    new Promise((ok, fail) => {
      const request = db.transaction(store).objectStore(store).getAll();
      request.onsuccess = () => ok(request.result as T[]);
      request.onerror = () => fail(request.error);
    });
  type Connection = {
    id: string;
    tabId: number;
    url: string;
    state: string;
    sentCount: number;
    receivedCount: number;
    close?: { code: number; reason: string };
  };
  const connections = (await all<Connection>('connections')).filter((c) => c.tabId === tabId);
  return connections.map(
    (c) => `${c.url}  ${c.state}  sent ${c.sentCount}, received ${c.receivedCount}` + (c.close ? `  closed ${c.close.code} "${c.close.reason}"` : ''),
  );
}
