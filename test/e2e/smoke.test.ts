import { expect, test } from 'vitest';
import { setUpExtensionBrowser } from './extension-browser';

const world = setUpExtensionBrowser();

test('the built extension loads in Chromium with its service worker', async () => {
  expect(world.browser.extensionId).toMatch(/^[a-p]{32}$/);
  const worker = await world.browser.serviceWorker();
  const manifestName = await worker.evaluate(() => chrome.runtime.getManifest().name);
  expect(manifestName).toBe('WebSocket Inspector');
});
