// The page hook in Firefox (firefox-esr, MV3 MAIN-world content script): a page observes the same
// WebSocket with and without the extension. Needs a Firefox build in $WSI_OUT_DIR/firefox.
// The hook leaves no trace a page (or this test) can see, so its presence is shown by what the
// extension stored of the probe's sockets.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { FIREFOX_DIST, launchFirefoxWithExtension, launchPlainFirefox, type FirefoxWithExtension } from './firefox';
import { startTestServer, type TestServer } from './servers';
import { openFirefoxDatabase } from './firefox-db';
import { openTab, waitForStored } from './firefox-traffic';
import { observe } from './hook-probe';

const hasBuild = existsSync(join(FIREFOX_DIST, 'manifest.json'));

let withExtension: FirefoxWithExtension;
let baseline: Browser;
let server: TestServer;

beforeAll(async () => {
  if (!hasBuild) return;
  [withExtension, baseline, server] = await Promise.all([launchFirefoxWithExtension(), launchPlainFirefox(), startTestServer()]);
});
afterAll(async () => {
  await withExtension?.close();
  await baseline?.close();
  await server?.close();
});

test.skipIf(!hasBuild)('Firefox: a page observes the same WebSocket with and without the hook', async () => {
  const url = server.page('/probe.html', '<!doctype html><title>probe</title><body></body>');
  const db = await openFirefoxDatabase(withExtension);
  const { page: hooked, tabId } = await openTab(withExtension, db, url);
  const plain: Page = await baseline.newPage();
  await plain.goto(url);
  const observedHooked = await hooked.evaluate(observe, server.wsUrl);
  const observedPlain = await plain.evaluate(observe, server.wsUrl);
  await waitForStored(db, tabId, ({ connections }) => connections.some((c) => c.url === `${server.wsUrl}/echo`));
  // The one difference left in Firefox: the hook's trap shows as a "<anonymous code>" frame (no URL,
  // no extension name) in the stacks of errors thrown through it. Everything else is identical.
  const withoutHookFrames = (value: unknown, strip: boolean): unknown =>
    JSON.parse(JSON.stringify(value, (_, field) => (strip && typeof field === 'string' ? field.replace(/^[^\n]*@<anonymous code>:\d+:\d+\n/gm, '') : field)));
  expect(JSON.stringify(observedHooked)).toContain('@<anonymous code>');
  expect(withoutHookFrames(observedHooked, true)).toEqual(withoutHookFrames(observedPlain, false));
  expect(observedPlain.instance).toEqual([true, true, true, true, '[object WebSocket]', true, true, true]);
});
