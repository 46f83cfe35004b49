// Launches firefox-esr with the built extension (dist/firefox) through puppeteer-core over WebDriver BiDi.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GECKO_ID } from '../../scripts/manifest';

export const FIREFOX_DIST = resolve(import.meta.dirname, '../..', process.env.WSI_OUT_DIR ?? 'dist', 'firefox');
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface FirefoxWithExtension {
  browser: Browser;
  /** The moz-extension:// host, fixed before install so tests know it without asking Firefox. */
  uuid: string;
  /** moz-extension://UUID/ + path. */
  extensionUrl(path: string): string;
  /** Opens an extension page in a new tab, e.g. 'src/panel/index.html?tabId=3', loaded completely. */
  openExtensionPage(path: string): Promise<Page>;
  /** Navigates an existing tab to an extension page. */
  gotoExtensionPage(page: Page, path: string): Promise<void>;
  /** A new tab for ordinary (http) pages. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Extra Firefox preferences, e.g. a short 'extensions.background.idle.timeout'. */
  prefs?: Record<string, string | number | boolean>;
}

export async function launchFirefoxWithExtension(options: LaunchOptions = {}): Promise<FirefoxWithExtension> {
  if (!existsSync(join(FIREFOX_DIST, 'manifest.json'))) throw new Error(`No build at ${FIREFOX_DIST}: run npm run build`);
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // Without system access WebDriver BiDi refuses to navigate to moz-extension:// URLs.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      // Firefox reuses a UUID it finds here for the add-on id, so every extension URL is known up front.
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      // permissions.request() then grants at once instead of opening a doorhanger no test can click.
      'extensions.webextOptionalPermissionPrompts': false,
      ...options.prefs,
    },
  });
  try {
    const addonId = await browser.installExtension(FIREFOX_DIST);
    if (addonId !== GECKO_ID) throw new Error(`installed ${addonId}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  const extensionUrl = (path: string): string => `moz-extension://${uuid}/${path.replace(/^\//, '')}`;
  const gotoExtensionPage = async (page: Page, path: string): Promise<void> => {
    const url = extensionUrl(path);
    await navigateAndWaitForLoad(page, url);
    const landed = await page.evaluate(() => location.href);
    if (landed !== url) throw new Error(`opened ${landed} instead of ${url}: was the add-on UUID not applied?`);
  };
  return {
    browser,
    uuid,
    extensionUrl,
    gotoExtensionPage,
    async openExtensionPage(path) {
      const page = await browser.newPage();
      await gotoExtensionPage(page, path);
      return page;
    },
    newPage: () => browser.newPage(),
    close: () => browser.close(),
  };
}

/** A Firefox without the extension: the baseline a page with the extension must not tell apart from. */
export function launchPlainFirefox(): Promise<Browser> {
  return puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true });
}

interface BidiNavigable {
  browsingContext?: { navigate(url: string, wait: 'none' | 'interactive' | 'complete'): Promise<void> };
}

/**
 * page.goto() never settles for moz-extension:// URLs (puppeteer sees no navigation events for the
 * extension process), so send BiDi's browsingContext.navigate ourselves and wait for "complete".
 */
async function navigateAndWaitForLoad(page: Page, url: string): Promise<void> {
  const context = (page.mainFrame() as unknown as BidiNavigable).browsingContext;
  if (!context) throw new Error('puppeteer-core no longer exposes the BiDi browsing context of a frame');
  await context.navigate(url, 'complete');
}

/**
 * A token that changes whenever Firefox starts the extension's event page again, or null while it is
 * suspended. Read through extension.getViews(), which, unlike runtime calls, does not wake it.
 */
export function backgroundGeneration(extensionPage: Page): Promise<number | null> {
  return extensionPage.evaluate(() => {
    const background = browser.extension.getViews().find((view) => view.location.pathname === '/_generated_background_page.html');
    return background ? background.performance.timeOrigin : null;
  });
}

/** The tab id Firefox gave the tab showing `pageUrl`, asked from an extension page. */
export async function tabIdOf(extensionPage: Page, pageUrl: string): Promise<number> {
  const id = await extensionPage.evaluate(async (target) => {
    const tabs = await browser.tabs.query({});
    return tabs.find((tab) => tab.url === target)?.id ?? -1;
  }, pageUrl);
  if (id < 0) throw new Error(`no tab for ${pageUrl}`);
  return id;
}

/** The WebExtension namespace of an extension page, as seen inside page.evaluate callbacks. */
declare const browser: typeof chrome;
