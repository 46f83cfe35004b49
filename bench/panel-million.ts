// The panel with a million stored messages, beside 100,000 and an empty panel in the same browser
// and run: time to the first row painted and to every row loaded, filter keystroke → table (median and
// p95 over several queries, typed twice), End and a scrollbar jump to the middle (does the right row
// show, and how soon), and the page's JavaScript heap after a full collection, once all rows are loaded and
// again once the panel's background work on them (decoding, pairing, indexing) is done.
//   node --import tsx bench/panel-million.ts   (after `npm run build`; WSI_OUT_DIR picks another build)
import { loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { launchWithExtension } from '../test/e2e/chromium';
import { connection, seed, seedGenerated, session } from '../test/e2e/seed';
import { heapAfterCollection, heapWhenSettled, median, openTimedPanel, quantile, timeKeystrokes } from './panel-timing';

const SIZES = [1_000_000, 100_000];
const EMPTY_TAB_ID = 78;
const tabOf = (count: number) => 80 + SIZES.indexOf(count);
/** Each matches a different number of rows than the one before (the change of count marks the update). */
const QUERIES = ['number 1', 'number 12', 'number 123', 'number 1234', 'number 12345', 'number 5', 'tick', 'number 7', 'zzz', ''];
const KEYSTROKE_TARGET_MS = 100;
const MB = 1024 * 1024;

console.log(
  `load average before: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')}`,
);
const browser = await launchWithExtension();
const seeder = await browser.openExtensionPage('src/panel/history.html');
for (const count of SIZES) {
  const tabId = tabOf(count);
  const id = `bench-${count}`;
  await seed(seeder, { sessions: [session(id, tabId)], connections: [connection(`${id}-a`, id, tabId), connection(`${id}-b`, id, tabId)] });
  const started = performance.now();
  await seedGenerated(seeder, { sessionId: id, connectionIds: [`${id}-a`, `${id}-b`], count, startTime: Date.now() });
  console.log(`seeded ${count.toLocaleString('en')} messages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
await seeder.close();

/** The `seq` of the first and last rows in the DOM's viewport (the seeded text starts {"seq":N,). */
const seqsInView = (page: Page) =>
  page.evaluate(() => {
    const viewport = document.querySelector('.message-rows')!.getBoundingClientRect();
    const seqs = [...document.querySelectorAll('.message-rows [role=row]')]
      .filter((row) => {
        const box = row.getBoundingClientRect();
        return box.top >= viewport.top - 1 && box.bottom <= viewport.bottom + 1;
      })
      .map((row) => Number(/"seq":(\d+),/.exec(row.querySelector('.col-preview')?.textContent ?? '')?.[1]));
    return [seqs[0], seqs.at(-1)] as [number | undefined, number | undefined];
  });

/** ms from `act` until `shown` holds for the rows in view, and what was in view then. */
async function timeUntilShown(page: Page, act: () => Promise<void>, shown: (first: number, last: number) => boolean) {
  const started = performance.now();
  await act();
  for (;;) {
    const [first, last] = await seqsInView(page);
    if (first !== undefined && last !== undefined && shown(first, last)) return { ms: performance.now() - started, first, last };
    if (performance.now() - started > 30_000) throw new Error(`rows ${first}…${last} in view, not the expected ones`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const empty = await openTimedPanel(browser, EMPTY_TAB_ID, 0);
const emptyHeap = await heapAfterCollection(empty.page);
await empty.page.close();
console.log(
  `empty panel: said "No messages recorded." at ${empty.timings.allRows.toFixed(0)} ms, painted at ${empty.timings.emptyPainted!.toFixed(0)} ms; heap ${(emptyHeap / MB).toFixed(1)} MB`,
);

const rows: string[] = [];
for (const count of SIZES) {
  const { page, timings } = await openTimedPanel(browser, tabOf(count), count);
  const heap = await heapAfterCollection(page);
  const keystrokes = await timeKeystrokes(page, [...QUERIES, ...QUERIES]);
  await page.locator('[role=grid]').focus();
  const end = await timeUntilShown(
    page,
    () => page.keyboard.press('End'),
    (_, last) => last === count - 1,
  );
  const jump = await timeUntilShown(
    page,
    () =>
      page.locator('.message-rows').evaluate((viewport) => {
        viewport.scrollTop = (viewport.scrollHeight - viewport.clientHeight) / 2;
      }),
    (first) => Math.abs(first - count / 2) < count / 100,
  );
  const settledHeap = await heapWhenSettled(page);
  await page.close();
  rows.push(
    `| ${count.toLocaleString('en')} | ${timings.firstRowPainted!.toFixed(0)} ms | ${(timings.allRows / 1000).toFixed(1)} s | ` +
      `${median(keystrokes).toFixed(1)} / ${quantile(keystrokes, 0.95).toFixed(1)} / ${Math.max(...keystrokes).toFixed(1)} ms | ` +
      `${end.ms.toFixed(0)} ms (last seq ${end.last}) | ${jump.ms.toFixed(0)} ms (seq ${jump.first} at the top) | ` +
      `${heapFigure(heap)} | ${heapFigure(settledHeap)} | ${(settledHeap / emptyHeap).toFixed(1)} | ` +
      `${median(keystrokes) < KEYSTROKE_TARGET_MS ? 'met' : 'NOT met'} |`,
  );
  function heapFigure(bytes: number) {
    return `${(bytes / MB).toFixed(1)} MB (${((bytes - emptyHeap) / count).toFixed(0)} B/row)`;
  }
  console.log(
    `${count}: keystrokes ${QUERIES.map((query, i) => `"${query}" ${keystrokes[i]!.toFixed(0)}/${keystrokes[i + QUERIES.length]!.toFixed(0)}`).join(', ')} ms`,
  );
}

console.log(
  '\n| messages | first row painted | all rows loaded | keystroke → table, median / p95 / worst | End → last row shown | scrollbar to the middle → rows shown | JS heap after GC, rows loaded | once decoding and indexing are done | × empty panel, done | keystroke median < 100 ms |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of rows) console.log(row);
console.log(
  `load average after: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(', ')}`,
);
await browser.close();
