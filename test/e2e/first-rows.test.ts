// The panel's first rows are drawn before its modules load (src/panel/first-rows.ts): then the panel
// shows the same rows in the same places, removes the drawing in the frame its rows appear, and works
// as ever (selection, rows read later). Firefox: firefox-first-rows.test.ts.
import { expect, test } from 'vitest';
import { tabIdOf } from './chromium';
import { openExtensionStorage } from './db';
import { setUpExtensionBrowser } from './extension-browser';
import { checkHandOver, RECORD_OPENING, type OpeningRecord } from './first-rows';
import { connection, eventually, seed, seedGenerated, session } from './seed';
import { startTestServer } from './servers';
import type { FirstPageHead } from '../../src/db/first-page';

const world = setUpExtensionBrowser();
const COUNT = 3000;

/** Opens the panel on `tabId` at each viewport size and checks its opening (first-rows.ts). */
async function checkOpenings(tabId: number, viewports: readonly { width: number; height: number }[]): Promise<void> {
  for (const viewport of viewports) {
    const opening = await world.browser.context.newPage();
    await opening.setViewportSize(viewport);
    await opening.addInitScript({ content: RECORD_OPENING });
    await opening.goto(`chrome-extension://${world.browser.extensionId}/src/panel/index.html?tabId=${tabId}`);
    await opening.waitForFunction(() => (globalThis as { __opening?: OpeningRecord }).__opening?.panel);
    checkHandOver(await opening.evaluate(() => (globalThis as unknown as { __opening: OpeningRecord }).__opening));
    await opening.close();
  }
}

// Captured by the background, which keeps the first page's head: the drawing comes from that head.
test('traffic captured in uneven batches: the first rows drawn from its head are the rows the panel shows, in the same places', async () => {
  const server = await startTestServer({ perMessageDeflate: false });
  const storage = await openExtensionStorage(world.browser);
  try {
    const COUNT = 700;
    server.page('/first-rows.html', '<!doctype html><title>first rows</title>');
    const page = await world.browser.context.newPage();
    await page.goto(`${server.httpUrl}/first-rows.html`);
    const tabId = await tabIdOf(world.browser, page);
    // A few messages at a time first (small chunks, so the first page spans reads of 1 and 8 chunks), then a burst.
    await page.evaluate(
      async ({ url, count }) => {
        const ws = new WebSocket(url);
        await new Promise((resolve) => (ws.onopen = resolve));
        const pause = () => new Promise((resolve) => setTimeout(resolve, 40));
        for (let i = 0; i < 60; i++) {
          ws.send(`{"step":${i},"body":"${'s'.repeat(i * 7)}"}`);
          await pause();
        }
        for (let i = 60; i < count; i++) ws.send(`{"step":${i}}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      },
      { url: `${server.wsUrl}/echo`, count: COUNT },
    );
    await eventually(async () => (await storage.read<{ tabId: number; id: string }>('sessions')).filter((s) => s.tabId === tabId).length).toBe(1);
    const sessionId = (await storage.read<{ tabId: number; id: string }>('sessions')).find((s) => s.tabId === tabId)!.id;
    // Every message stored (sent and echoed: twice each), and the session's head with them.
    type Counted = { sessionId: string; sentCount: number; receivedCount: number };
    const stored = async () =>
      (await storage.read<Counted>('connections')).filter((c) => c.sessionId === sessionId).reduce((sum, c) => sum + c.sentCount + c.receivedCount, 0);
    await eventually(stored).toBe(2 * COUNT);
    expect((await storage.read<FirstPageHead>('heads')).find((head) => head.sessionId === sessionId)?.count).toBeGreaterThan(0);
    await checkOpenings(tabId, [
      { width: 1280, height: 720 },
      { width: 560, height: 900 },
    ]);
    await page.close();
  } finally {
    await storage.page.close();
    await server.close();
  }
});

test('the first rows drawn are the rows the panel shows, in the same places; the panel then selects and loads as before', async () => {
  const tabId = 4242;
  const seeder = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(seeder, {
    sessions: [session('first-rows', tabId)],
    connections: [connection('first-rows-a', 'first-rows', tabId), connection('first-rows-b', 'first-rows', tabId)],
  });
  await seedGenerated(seeder, { sessionId: 'first-rows', connectionIds: ['first-rows-a', 'first-rows-b'], count: COUNT, startTime: Date.now() });
  await seeder.close();

  // Wide (three columns), DevTools docked at the side (details under the table), and narrowest (one column).
  await checkOpenings(tabId, [
    { width: 1280, height: 720 },
    { width: 800, height: 600 },
    { width: 560, height: 900 },
  ]);

  const page = await world.browser.openExtensionPage(`src/panel/index.html?tabId=${tabId}`);
  // Every row is read in, and the table follows the bottom as before.
  const rows = page.locator('.message-rows [role=row]');
  await eventually(() => rows.last().locator('.col-preview').textContent()).toContain(`"seq":${COUNT - 1},`);
  const row = rows.nth(-3);
  const text = await row.locator('.col-preview').textContent();
  await row.click();
  await expect.poll(() => row.getAttribute('aria-selected')).toBe('true');
  await eventually(() => page.locator('.detail-pane').textContent()).toContain(JSON.parse(text!).body);
});
