// The panel's first rows are drawn before its modules load (src/panel/first-rows.ts): then the panel
// shows the same rows in the same places, removes the drawing in the frame its rows appear, and works
// as ever (selection, rows read later). Firefox: firefox-first-rows.test.ts.
import { expect, test } from 'vitest';
import { setUpExtensionBrowser } from './extension-browser';
import { checkHandOver, RECORD_OPENING, type OpeningRecord } from './first-rows';
import { connection, eventually, seed, seedGenerated, session } from './seed';

const world = setUpExtensionBrowser();
const COUNT = 3000;

/** Opens the panel on `tabId` in a window of `viewport`'s size and records its opening (first-rows.ts). */
async function openPanel(tabId: number, viewport: { width: number; height: number }): Promise<OpeningRecord> {
  const opening = await world.browser.context.newPage();
  await opening.setViewportSize(viewport);
  await opening.addInitScript({ content: RECORD_OPENING });
  await opening.goto(`chrome-extension://${world.browser.extensionId}/src/panel/index.html?tabId=${tabId}`);
  await opening.waitForFunction(() => (globalThis as { __opening?: OpeningRecord }).__opening?.panel);
  const record = await opening.evaluate(() => (globalThis as unknown as { __opening: OpeningRecord }).__opening);
  await opening.close();
  return record;
}

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
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 800, height: 600 },
    { width: 560, height: 900 },
  ])
    checkHandOver(await openPanel(tabId, viewport));

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

// Such rows sit under the panel's toolbar, whose height the drawing cannot know: the panel draws them.
test('a session with too few rows to fill the table: not drawn early, so they do not jump; the panel shows them', async () => {
  const tabId = 4243;
  const seeder = await world.browser.openExtensionPage('src/panel/history.html');
  await seed(seeder, { sessions: [session('first-rows-few', tabId)], connections: [connection('first-rows-few-a', 'first-rows-few', tabId)] });
  await seedGenerated(seeder, { sessionId: 'first-rows-few', connectionIds: ['first-rows-few-a'], count: 6, startTime: Date.now() });
  await seeder.close();
  const opening = await openPanel(tabId, { width: 1280, height: 720 });
  expect(opening.drawn).toBeNull();
  expect(opening.panel).toHaveLength(6);
  opening.panel!.forEach((row, seq) => expect(row.text).toContain(`"seq":${seq},`));
});
