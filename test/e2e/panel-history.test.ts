// The standalone history tab: every stored session, open one, delete one, OS colour scheme.
import { expect, test } from 'vitest';
import { setUpExtensionBrowser } from './extension-browser';
import { binaryMessage, connection, seed, session, textMessage, eventually } from './seed';

const world = setUpExtensionBrowser();

test('history lists stored sessions, opens one, deletes one', async () => {
  const page = await world.browser.openExtensionPage('src/panel/history.html');
  const started = new Date(2026, 4, 6, 7, 8, 9).getTime();
  await seed(page, {
    sessions: [
      session('h-live', 501, { title: 'Trading desk', pageUrl: 'https://trade.example.test/desk', startedAt: started }),
      session('h-file', -1, { title: 'capture.har', pageUrl: 'https://old.example.test/', startedAt: started + 60_000, imported: true }),
    ],
    connections: [
      connection('h-live-c', 'h-live', 501, { url: 'wss://trade.example.test/quotes' }),
      connection('h-file-c', 'h-file', -1, { url: 'wss://old.example.test/ws' }),
    ],
    messages: [
      textMessage('h-live', 'h-live-c', 1, '{"quote":1}'),
      textMessage('h-live', 'h-live-c', 2, '{"quote":2}'),
      binaryMessage('h-file', 'h-file-c', 1, new Uint8Array([0xca, 0xfe])),
    ],
  });
  const live = page.locator('[data-session-id="h-live"]');
  const imported = page.locator('[data-session-id="h-file"]');
  await eventually(() => live.textContent()).toContain('2 messages');
  expect(await live.textContent()).toContain('Trading desk');
  expect(await live.textContent()).toContain('https://trade.example.test/desk');
  expect(await live.textContent()).toContain('2026-05-06 07:08:09');
  expect(await imported.textContent()).toContain('imported');
  expect(await imported.textContent()).toContain('1 messages');
  // Newest first.
  expect(await page.locator('.session-item').first().getAttribute('data-session-id')).toBe('h-file');
  // No recording controls without an inspected tab.
  expect(await page.getByText('Pause recording').count()).toBe(0);

  await live.click();
  const previews = page.locator('.message-rows [role=row] .col-preview');
  await eventually(() => previews.allTextContents()).toEqual(['{"quote":1}', '{"quote":2}']);
  expect(await page.locator('.connection-list').textContent()).toContain('wss://trade.example.test/quotes');
  await page.screenshot({ path: '.tmp/screenshots/history-light.png' });

  await imported.click();
  await eventually(() => previews.allTextContents()).toEqual(['ca fe']);

  // Deleting goes through the background, which deletes past sessions; the list must not bring it back.
  await live.locator('.session-delete').click();
  await eventually(() => live.count()).toBe(0);
  await page.waitForTimeout(2500);
  expect(await live.count()).toBe(0);
  expect(await imported.count()).toBe(1);
});

test('history follows the OS dark colour scheme', async () => {
  const page = await world.browser.openExtensionPage('src/panel/history.html');
  await page.emulateMedia({ colorScheme: 'dark' });
  await eventually(() => page.evaluate(() => document.documentElement.className)).toContain('theme-dark');
  await page.locator('.session-item').first().click();
  await page.locator('.message-rows [role=row]').first().click();
  await page.screenshot({ path: '.tmp/screenshots/history-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });
  await eventually(() => page.evaluate(() => document.documentElement.className)).toContain('theme-light');
});
