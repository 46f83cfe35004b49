// The timeline: drawn from the stored messages, a dragged range filters the table to exactly the messages
// of the buckets selected, a click selects the nearest message, and the range can be cleared.
import { expect, test } from 'vitest';
import { setUpExtensionBrowser } from './extension-browser';
import { connection, eventually, seed, session, textMessage } from './seed';
import { dragRightHalf } from './timeline-drag';

const world = setUpExtensionBrowser();

test('dragging across the chart filters the table to that time range; clicking selects the nearest message', async () => {
  const tabId = 88;
  const start = Date.UTC(2026, 11, 4, 12, 0, 0);
  // Two bursts ten seconds apart: 120 messages in the first second, 40 in the eleventh.
  const first = Array.from({ length: 120 }, (_, i) => textMessage('t', 't-a', i + 1, `{"burst":1,"i":${i}}`, { time: start + i * 8 }));
  const second = Array.from({ length: 40 }, (_, i) => textMessage('t', 't-a', 121 + i, `{"burst":2,"i":${i}}`, { time: start + 10_000 + i * 20 }));
  const seeder = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(seeder, {
    sessions: [session('t', tabId, { startedAt: start })],
    connections: [connection('t-a', 't', tabId, { createdAt: start - 50, openedAt: start - 40, closedAt: start + 11_000, state: 'closed' })],
    messages: [...first, ...second],
  });
  await seeder.close();
  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  const grid = page.getByRole('grid', { name: 'Messages' });
  await eventually(() => grid.getAttribute('aria-rowcount')).toBe('161');

  await page.getByRole('button', { name: 'Timeline' }).click();
  const plot = page.locator('.timeline .u-over');
  await eventually(() => plot.count()).toBe(1);
  expect(await page.locator('.lifecycle-row').count()).toBe(1);
  const box = (await plot.boundingBox())!;
  // From the middle of the quiet gap to past the right edge: the second burst only.
  await dragRightHalf(page.mouse, box);
  await eventually(() => grid.getAttribute('aria-rowcount')).toBe('41');
  const previews = page.locator('.message-rows [role=row] .col-preview');
  const shown = await previews.allTextContents();
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.every((text) => text.startsWith('{"burst":2,'))).toBe(true);
  expect(await page.locator('.timeline-range').textContent()).toContain('✕');

  // Clearing the range shows every message again.
  await page.locator('.timeline-range').click();
  await eventually(() => grid.getAttribute('aria-rowcount')).toBe('161');

  // A click late in the quiet gap selects the nearest message: the second burst's first.
  await page.mouse.click(box.x + box.width * 0.83, box.y + box.height / 2);
  await eventually(() => page.locator('.message-rows [role=row][aria-selected=true] .col-preview').textContent()).toBe('{"burst":2,"i":0}');
});
