// The page hook in Firefox (firefox-esr, MV3 MAIN-world content script): a page observes the same
// WebSocket with and without the extension. Needs a Firefox build in $WSI_OUT_DIR/firefox.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { FIREFOX_DIST, FIREFOX_PATH, launchFirefoxWithExtension, type FirefoxWithExtension } from './firefox';
import { startTestServer, type TestServer } from './servers';
import { observe } from './hook-probe';

const hasBuild = existsSync(join(FIREFOX_DIST, 'manifest.json'));

let withExtension: FirefoxWithExtension;
let baseline: Browser;
let server: TestServer;

beforeAll(async () => {
  if (!hasBuild) return;
  [withExtension, baseline, server] = await Promise.all([
    launchFirefoxWithExtension(),
    puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true }),
    startTestServer(),
  ]);
});
afterAll(async () => {
  await withExtension?.close();
  await baseline?.close();
  await server?.close();
});

async function probe(page: Page, url: string): Promise<Record<string, unknown>> {
  await page.goto(url);
  return page.evaluate(observe, server.wsUrl);
}

/** Firefox names the MAIN-world script's frames "<anonymous code>"; the hook's construct trap shows there. */
function hookIsPresent(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    try {
      new WebSocket('http://[');
    } catch (e) {
      return /^construct@/m.test(String((e as Error).stack));
    }
    return false;
  });
}

test.skipIf(!hasBuild)('Firefox: a page observes the same WebSocket with and without the hook', async () => {
  const url = server.page('/probe.html', '<!doctype html><title>probe</title><body></body>');
  const hooked = await withExtension.newPage();
  const plain = await baseline.newPage();
  const observedHooked = await probe(hooked, url);
  const observedPlain = await probe(plain, url);
  expect(await hookIsPresent(hooked)).toBe(true);
  expect(await hookIsPresent(plain)).toBe(false);
  expect(observedHooked).toEqual(observedPlain);
  expect(observedPlain.instance).toEqual([true, true, true, true, '[object WebSocket]', true, true, true]);
});
