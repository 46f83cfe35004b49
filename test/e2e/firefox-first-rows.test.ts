// Firefox: the panel's first rows are drawn before its modules load, then the panel shows the same rows
// in the same places, removes the drawing in the frame its rows appear, and selects as before
// (first-rows.test.ts for Chromium). Firefox runs no init script in extension pages, so the panel
// opens in a frame of another extension page, which records its opening.
import { expect, test, vi } from 'vitest';
import { checkHandOver, recordOpeningInFrame, type OpeningRecord } from './first-rows';
import { setUpFirefoxWorld } from './firefox-world';
import { connection, seed, seedGenerated, session } from './seed';

const world = setUpFirefoxWorld();
const COUNT = 3000;
const WAIT = { timeout: 15_000, interval: 200 };

type Recorded = { contentWindow: { __opening?: OpeningRecord } };

test('Firefox: the first rows drawn are the rows the panel shows, in the same places; the panel then selects as before', async () => {
  const tabId = 4243;
  const page = await world.firefox.openExtensionPage('src/panel/history.html');
  await seed(page, {
    sessions: [session('first-rows', tabId)],
    connections: [connection('first-rows-a', 'first-rows', tabId), connection('first-rows-b', 'first-rows', tabId)],
  });
  await seedGenerated(page, { sessionId: 'first-rows', connectionIds: ['first-rows-a', 'first-rows-b'], count: COUNT, startTime: Date.now() });

  await page.evaluate(recordOpeningInFrame(`index.html?tabId=${tabId}`));
  await page.waitForFunction(() => (document.getElementById('recorded-panel') as unknown as Recorded).contentWindow.__opening?.panel, { timeout: 15_000 });
  checkHandOver(await page.evaluate(() => (document.getElementById('recorded-panel') as unknown as Recorded).contentWindow.__opening!));

  // The frame sits at the page's top left: its coordinates are the page's, for a click as a user's.
  const inPanel = <T>(read: (panel: Document) => T) => page.evaluate(`(${read})(document.getElementById('recorded-panel').contentDocument)`) as Promise<T>;
  const lastText = () => inPanel((panel) => [...panel.querySelectorAll('.message-rows [role=row] .col-preview')].at(-1)?.textContent ?? '');
  await vi.waitFor(async () => expect(await lastText()).toContain(`"seq":${COUNT - 1},`), WAIT);
  const target = await inPanel((panel) => {
    const row = [...panel.querySelectorAll('.message-rows [role=row]')].at(-3)!;
    const box = row.getBoundingClientRect();
    return { id: row.id, x: box.left + box.width / 2, y: box.top + box.height / 2, text: row.querySelector('.col-preview')!.textContent! };
  });
  await page.mouse.click(target.x, target.y);
  const selected = () => inPanel((panel) => panel.querySelector('.message-rows [aria-selected=true]')?.id);
  await vi.waitFor(async () => expect(await selected()).toBe(target.id), WAIT);
  await vi.waitFor(
    async () => expect(await inPanel((panel) => panel.querySelector('.detail-pane')!.textContent)).toContain(JSON.parse(target.text).body),
    WAIT,
  );
});
