import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchFirefoxWithExtension, type FirefoxWithExtension } from './firefox';

let firefox: FirefoxWithExtension;
beforeAll(async () => {
  firefox = await launchFirefoxWithExtension();
});
afterAll(async () => {
  await firefox?.close();
});

test('the built extension installs in Firefox and its pages run with the WebExtension API', async () => {
  const page = await firefox.openExtensionPage('src/panel/history.html');
  const manifest = await page.evaluate(() => {
    const { name, manifest_version, background } = browser.runtime.getManifest() as chrome.runtime.ManifestV3 & {
      background: { scripts?: string[] };
    };
    return { name, manifest_version, scripts: background.scripts };
  });
  expect(manifest).toEqual({ name: 'WebSocket Inspector', manifest_version: 3, scripts: [expect.any(String)] });
});

declare const browser: typeof chrome;
