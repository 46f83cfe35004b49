// 150,000 seeded messages, 3.3 M px of rows at 22 px, more than the virtual list lets its spacer be:
// every row is reachable by the scrollbar, keys, selection and a message found by a filter, and shows
// the id it was stored under (scroll-reach.ts; Firefox: firefox-scroll-reach.test.ts). Here also: a
// wheel notch moves the rows by its own height, not by the mapping's scale, and live rows arriving
// while at the bottom show.
import { expect, test, vi } from 'vitest';
import { MESSAGE_ROW_HEIGHT } from '../../src/panel/components/MessageTable';
import { setUpExtensionBrowser } from './extension-browser';
import { checkScrollReach, type DriverPage } from './scroll-reach';
import { connection, seed, seedGenerated, session, textMessage } from './seed';

const COUNT = 150_000;
const world = setUpExtensionBrowser();

test('150,000 messages: first, middle and last rows reachable by scrollbar, keys and selection, with the right ids', async () => {
  const tabId = 91;
  const seeder = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(seeder, { sessions: [session('reach', tabId)], connections: [connection('reach-a', 'reach', tabId), connection('reach-b', 'reach', tabId)] });
  await seedGenerated(seeder, { sessionId: 'reach', connectionIds: ['reach-a', 'reach-b'], count: COUNT, startTime: Date.now() });
  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  await checkScrollReach(page as unknown as DriverPage, COUNT, MESSAGE_ROW_HEIGHT);

  const viewport = page.locator('.message-rows');
  const firstSeqInView = () =>
    viewport.evaluate((element) => {
      const top = element.getBoundingClientRect().top;
      const row = [...element.querySelectorAll('[role=row]')].find((candidate) => candidate.getBoundingClientRect().top >= top - 1);
      return Number(/"seq":(\d+),/.exec(row?.querySelector('.col-preview')?.textContent ?? '')?.[1]);
    });
  // A wheel notch of ten rows' height, in the middle: ten rows on, where the mapping's scale (3.3) would give 33.
  await viewport.evaluate((element) => (element.scrollTop = (element.scrollHeight - element.clientHeight) / 2));
  await vi.waitFor(async () => expect(Math.abs((await firstSeqInView()) - COUNT / 2)).toBeLessThan(COUNT / 100));
  const before = await firstSeqInView();
  const box = (await viewport.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 10 * MESSAGE_ROW_HEIGHT);
  await vi.waitFor(async () => expect(await firstSeqInView()).toBe(before + 10));

  // At the bottom, rows written later show there.
  await page.keyboard.press('End');
  await seed(seeder, { messages: [1, 2, 3].map((n) => textMessage('reach', 'reach-a', COUNT + n, `live ${n}`)) });
  const lastTextInView = () =>
    viewport.evaluate((element) => {
      const bottom = element.getBoundingClientRect().bottom;
      const rows = [...element.querySelectorAll('[role=row]')].filter((row) => row.getBoundingClientRect().bottom <= bottom + 1);
      return rows.at(-1)?.querySelector('.col-preview')?.textContent;
    });
  await vi.waitFor(async () => expect(await lastTextInView()).toBe('live 3'), { timeout: 10_000, interval: 100 });
  await expect(page.locator('[role=grid]').getAttribute('aria-rowcount')).resolves.toBe(String(COUNT + 3 + 1));
  await seeder.close();
});
