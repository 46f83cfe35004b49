// Firefox lets users withhold MV3 host permissions; the panel must say so and offer to ask again.
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { Page } from 'puppeteer-core';
import { HOST_ACCESS_KEY } from '../../src/platform/host-access-key';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from './firefox';

let firefox: FirefoxWithExtension;
beforeAll(async () => {
  firefox = await launchFirefoxWithExtension();
});
afterAll(async () => {
  await firefox?.close();
});

const hasAllSites = (page: Page) => page.evaluate(() => browser.permissions.contains({ origins: ['<all_urls>'] }));

/** The copy the background keeps for Firefox DevTools panels, which have no permissions API. */
const expectMirrored = (page: Page, granted: boolean) =>
  vi.waitFor(async () => expect(await page.evaluate(async (key) => (await browser.storage.local.get(key))[key], HOST_ACCESS_KEY)).toBe(granted), {
    timeout: 10_000,
    interval: 100,
  });

test('a temporary add-on starts with its host permissions granted, and the background says so in storage', async () => {
  const page = await firefox.openExtensionPage('manifest.json');
  expect(await hasAllSites(page)).toBe(true);
  await expectMirrored(page, true);
  await page.close();
});

test.each(['src/panel/index.html?tabId=1', 'src/panel/history.html'])(
  'with host access withdrawn, %s explains it and its button asks for access again',
  async (path) => {
    const page = await firefox.openExtensionPage(path);
    await page.evaluate(() => browser.permissions.remove({ origins: ['<all_urls>'] }));
    expect(await hasAllSites(page)).toBe(false);
    await expectMirrored(page, false);
    await firefox.gotoExtensionPage(page, path); // a fresh panel, as the user would open it

    const notice = await page.waitForSelector('.host-access-notice', { timeout: 10_000 });
    expect(await notice!.evaluate((element) => element.textContent)).toMatch(/not been allowed to access websites/);
    expect(await page.evaluate(() => document.querySelectorAll('.host-access-notice').length)).toBe(1);
    // A real click: permissions.request() only works inside a user gesture. The harness turns off the
    // prompt, so Firefox grants at once, as if the user had clicked "Allow".
    await page.click('.host-access-grant');
    await page.waitForSelector('.host-access-notice', { hidden: true, timeout: 10_000 });
    expect(await hasAllSites(page)).toBe(true);
    await expectMirrored(page, true);
    await page.close();
  },
);

test('the notice also appears when access is withdrawn while the panel is open', async () => {
  const page = await firefox.openExtensionPage('src/panel/history.html');
  await page.evaluate(() => browser.permissions.remove({ origins: ['<all_urls>'] }));
  await page.waitForSelector('.host-access-notice', { timeout: 10_000 });
  await page.close();
});

declare const browser: typeof chrome;
