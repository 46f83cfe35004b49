// A table scrolled to its last row stays there, and follows new rows, whatever order the browser reports
// its size and its scrolls in: the panel's first screen must end at the newest rows.
import { expect, test } from 'vitest';
import { setUpExtensionBrowser } from './extension-browser';
import { connection, eventually, seed, seedGenerated, session } from './seed';

const world = setUpExtensionBrowser();
const COUNT = 3000;

/** A tab whose latest session holds COUNT messages on one connection. */
async function seedTab(tabId: number, name: string): Promise<void> {
  const seeder = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(seeder, { sessions: [session(name, tabId)], connections: [connection(`${name}-a`, name, tabId)] });
  await seedGenerated(seeder, { sessionId: name, connectionIds: [`${name}-a`], count: COUNT, startTime: Date.now() });
  await seeder.close();
}

test('rows read in before the table learns its height still leave it at the newest row', async () => {
  const tabId = 4344;
  await seedTab(tabId, 'late-size');

  // A busy machine can deliver the table's first size after its first scroll and its next rows: here the
  // sizes are held back until every row is in.
  const page = await world.browser.context.newPage();
  await page.addInitScript(() => {
    const held: (() => void)[] = [];
    const Native = ResizeObserver;
    globalThis.ResizeObserver = class extends Native {
      constructor(callback: ResizeObserverCallback) {
        super((entries, observer) => held.push(() => callback(entries, observer)));
      }
    };
    (globalThis as unknown as { releaseSizes: () => void }).releaseSizes = () => held.splice(0).forEach((report) => report());
  });
  await page.goto(`chrome-extension://${world.browser.extensionId}/src/panel/index.html?tabId=${tabId}`);
  await page.waitForFunction(() => document.querySelector('.status-bar')?.textContent?.startsWith('3,000 messages'));
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.evaluate(() => (globalThis as unknown as { releaseSizes: () => void }).releaseSizes());
  const rows = page.locator('.message-rows [role=row]');
  await eventually(() => rows.last().locator('.col-preview').textContent()).toContain(`"seq":${COUNT - 1},`);
  await page.close();
});

test('a bar appearing above the table, in the frame the table scrolled, leaves it at its last row', async () => {
  const tabId = 4343;
  await seedTab(tabId, 'follow');

  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  const rows = page.locator('.message-rows [role=row]');
  await eventually(() => rows.last().locator('.col-preview').textContent()).toContain(`"seq":${COUNT - 1},`);

  // The browser reports the table's own scroll after the table has shrunk: both in one task here.
  await page.evaluate(() => {
    const list = document.querySelector<HTMLElement>('.message-rows')!;
    const bar = document.createElement('div');
    bar.style.height = '24px';
    bar.style.flex = 'none';
    list.closest('.message-table')!.before(bar);
    list.dispatchEvent(new Event('scroll'));
  });
  const gapBelowLastRow = () =>
    page.evaluate(() => {
      const list = document.querySelector<HTMLElement>('.message-rows')!;
      const last = [...list.querySelectorAll('[role=row]')].at(-1)!;
      return Math.round(list.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom);
    });
  await expect.poll(gapBelowLastRow).toBeGreaterThanOrEqual(0);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await gapBelowLastRow()).toBeGreaterThanOrEqual(0);
  expect(await rows.last().locator('.col-preview').textContent()).toContain(`"seq":${COUNT - 1},`);
});
