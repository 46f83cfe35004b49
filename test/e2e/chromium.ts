// Launches Debian's Chromium with the built extension (dist/chrome) through playwright-core.
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CHROME_DIST = resolve(import.meta.dirname, '../..', process.env.WSI_OUT_DIR ?? 'dist', 'chrome');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  /** The extension's service worker (refetch after a restart with `serviceWorker()`). */
  serviceWorker(): Promise<Worker>;
  /** Opens an extension page, e.g. 'src/panel/index.html?tabId=3'. */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** Flags for Debian's Chromium on a machine with no outside network. */
export const QUIET_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-gpu',
];

/** Chromium with no extension: the baseline for benchmarks and for "what does a plain page see". */
export async function launchPlain(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'wsi-plain-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: QUIET_CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function launchWithExtension(options: { devtools?: boolean; headless?: boolean } = {}): Promise<ExtensionBrowser> {
  if (!existsSync(join(CHROME_DIST, 'manifest.json'))) throw new Error(`No build at ${CHROME_DIST}: run npm run build`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'wsi-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: options.headless ?? true,
    args: [
      ...QUIET_CHROMIUM_ARGS,
      `--disable-extensions-except=${CHROME_DIST}`,
      `--load-extension=${CHROME_DIST}`,
      ...(options.devtools ? ['--auto-open-devtools-for-tabs'] : []),
    ],
  });
  // Pages may register service workers of their own: the extension's is the one at a chrome-extension: URL.
  const isOurs = (worker: Worker): boolean => worker.url().startsWith('chrome-extension://');
  const serviceWorker = async (): Promise<Worker> =>
    context.serviceWorkers().filter(isOurs).at(-1) ?? (await context.waitForEvent('serviceworker', { predicate: isOurs }));
  const worker = await serviceWorker();
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The tab id Chrome gave `page`, asked of the extension's service worker by the page's URL. A page may
 * navigate while we ask (some tests' pages leave at once), so the URL is read again until a tab has it.
 */
export async function tabIdOf(browser: ExtensionBrowser, page: Page): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const url = page.url();
    const worker = await browser.serviceWorker();
    const id = await worker.evaluate(async (target) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((tab) => tab.url === target)?.id ?? -1;
    }, url);
    if (id >= 0) return id;
    if (Date.now() > deadline) throw new Error(`no tab for ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
