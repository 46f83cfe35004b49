// 100,000 seeded messages: the table stays virtualized, scrolls to the end, and filters quickly.
import { expect, test } from 'vitest';
import { setUpExtensionBrowser } from './extension-browser';
import { connection, seed, seedGenerated, session, eventually } from './seed';

const COUNT = 100_000;
const world = setUpExtensionBrowser();

test('100,000 messages: few DOM rows, the end is reachable, each filter keystroke updates the table', async () => {
  const tabId = 77;
  // Seed from the history tab (it reads only the session list), then open the panel on the full database.
  const seeder = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(seeder, { sessions: [session('big', tabId)], connections: [connection('big-a', 'big', tabId), connection('big-b', 'big', tabId)] });
  await seedGenerated(seeder, { sessionId: 'big', connectionIds: ['big-a', 'big-b'], count: COUNT, startTime: Date.now() });
  await seeder.close();
  const opened = Date.now();
  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  const grid = page.getByRole('grid', { name: 'Messages' });
  await eventually(() => grid.getAttribute('aria-rowcount'), 60_000).toBe(String(COUNT + 1));
  console.log(`panel loaded ${COUNT} rows in ${Date.now() - opened} ms`);

  const domRows = page.locator('.message-rows [role=row]');
  expect(await domRows.count()).toBeLessThan(100);

  // From the top, scroll the viewport to its end: the last message is rendered.
  await grid.focus();
  await page.keyboard.press('Home');
  await eventually(() => domRows.first().locator('.col-preview').textContent()).toContain('"seq":0,');
  await page.locator('.message-rows').evaluate((viewport) => {
    viewport.scrollTop = viewport.scrollHeight;
    viewport.dispatchEvent(new Event('scroll'));
  });
  await eventually(() => domRows.last().locator('.col-preview').textContent()).toContain(`"seq":${COUNT - 1},`);
  expect(await domRows.count()).toBeLessThan(100);

  // Each filter keystroke updates the table to exactly the matching rows. (How fast: bench/panel-100k.ts.)
  const needles = ['number 9999', 'number 42', 'zzz', 'number 7', 'tick'];
  const expectedRows = needles.map((needle) => {
    let count = 0;
    for (let i = 0; i < COUNT; i++) if (`{"seq":${i},"event":"tick","body":"message number ${i}"}`.includes(needle)) count++;
    return count;
  });
  const timings = await page.evaluate(
    async ({ needles, expectedRows }) => {
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter messages"]')!;
      const grid = document.querySelector('[role=grid]')!;
      const result: number[] = [];
      for (const [i, needle] of needles.entries()) {
        const start = performance.now();
        input.value = needle;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        while (grid.getAttribute('aria-rowcount') !== String(expectedRows[i]! + 1)) await new Promise((resolve) => setTimeout(resolve, 1));
        result.push(performance.now() - start);
      }
      return result;
    },
    { needles, expectedRows },
  );
  console.log(`filter keystroke → table update over ${COUNT} rows (ms): ${timings.map((t) => t.toFixed(1)).join(', ')}`);
  expect(await domRows.count()).toBeLessThan(100);
  await page.screenshot({ path: '.tmp/screenshots/panel-100k.png' });
});
