// The WebSockets panel inside Firefox's real DevTools, where extension pages get only the devtools,
// runtime and storage APIs: no tabs, no permissions.
import { expect, test, vi } from 'vitest';
import { setUpFirefoxWorld } from './firefox-world';
import { openWebSocketsPanel } from './firefox-devtools';
import { openTab, socketPage, waitForStored } from './firefox-traffic';

const world = setUpFirefoxWorld();

const panelText = (window: Window) => window.document.body.innerText;
const openTabUrls = () => world.db.page.evaluate(async () => (await browser.tabs.query({})).map((tab) => tab.url));

test("the WebSockets panel in Firefox DevTools shows the inspected tab's sockets and messages", async () => {
  const url = socketPage(world.server, 'devtools', '/devtools', `socket.onopen = () => socket.send('seen in DevTools');`);
  const { page, tabId } = await openTab(world.firefox, world.db, url);
  await waitForStored(world.db, tabId, ({ messages }) => messages.length === 2);

  const panel = await openWebSocketsPanel(world.firefox, page);
  await vi.waitFor(
    async () => {
      const text = await panel.evaluate(panelText);
      expect(text).toContain(`${world.server.wsUrl}/devtools`);
      expect(text).toContain('seen in DevTools');
    },
    { timeout: 15_000, interval: 250 },
  );
  expect(await panel.evaluate((window) => window.location.search)).toBe('');
  await page.close();
});

test('"Open history" in the DevTools panel opens the history tab, though the panel has no tabs API', async () => {
  const { page } = await openTab(world.firefox, world.db, world.server.page('/history-button.html', '<!doctype html><title>history</title>'));
  const panel = await openWebSocketsPanel(world.firefox, page);
  expect(await panel.evaluate((window) => typeof window.browser.tabs)).toBe('undefined');
  const clickOpenHistory = (window: Window) => {
    const button = [...window.document.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Open history');
    button?.click();
    return button !== undefined;
  };
  await vi.waitFor(async () => expect(await panel.evaluate(clickOpenHistory)).toBe(true), { timeout: 10_000, interval: 250 });
  await vi.waitFor(async () => expect(await openTabUrls()).toContain(world.firefox.extensionUrl('src/panel/history.html')), { timeout: 10_000, interval: 250 });
  await page.close();
});

test('with host access withheld, the DevTools panel explains it although it has no permissions API', async () => {
  await world.db.page.evaluate(() => browser.permissions.remove({ origins: ['<all_urls>'] }));
  const { page } = await openTab(world.firefox, world.db, world.server.page('/withheld.html', '<!doctype html><title>withheld</title>'));

  const panel = await openWebSocketsPanel(world.firefox, page);
  expect(await panel.evaluate((window) => typeof window.browser.permissions)).toBe('undefined');
  const notice = () => panel.evaluate((window) => window.document.querySelector('.host-access-notice')?.textContent ?? '');
  await vi.waitFor(async () => expect(await notice()).toMatch(/not been allowed to access websites/), { timeout: 10_000, interval: 250 });
  expect(await panel.evaluate((window) => window.document.querySelector('.host-access-grant')?.textContent)).toBe('Grant access…');

  // The panel cannot ask, so its button opens an extension tab whose own notice can.
  await panel.evaluate((window) => window.document.querySelector<HTMLElement>('.host-access-grant')!.click());
  const historyUrl = world.firefox.extensionUrl('src/panel/history.html');
  await vi.waitFor(async () => expect(await openTabUrls()).toContain(historyUrl), { timeout: 10_000, interval: 250 });
  await page.close();
});

declare const browser: typeof chrome;
