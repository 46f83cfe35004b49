// The panel with 100,000 stored messages: time to the first row, in the DOM and painted (against an
// empty panel opened in the same run), to all rows loaded, and for a filter keystroke to update the table. `node --import tsx bench/panel-100k.ts` (after `npm run build`).
import { launchWithExtension } from '../test/e2e/chromium';
import { connection, seed, seedGenerated, session } from '../test/e2e/seed';
import { median, openTimedPanel, timeKeystrokes } from './panel-timing';

const COUNT = 100_000;
const TAB_ID = 77;
/** A tab with nothing stored: the panel's baseline. */
const EMPTY_TAB_ID = 78;
/**
 * Filter queries, each measured from the input event to the table's new row count. Each one matches a
 * different number of rows than the one before, so the change of count marks the update.
 */
const KEYSTROKES = ['number 1', 'number 12', 'number 123', 'number 1234', 'number 12345', 'number 5', 'tick', 'number 7', ''];

const browser = await launchWithExtension();
const seeder = await browser.openExtensionPage('src/panel/history.html');
await seed(seeder, { sessions: [session('bench', TAB_ID)], connections: [connection('bench-a', 'bench', TAB_ID), connection('bench-b', 'bench', TAB_ID)] });
await seedGenerated(seeder, { sessionId: 'bench', connectionIds: ['bench-a', 'bench-b'], count: COUNT, startTime: Date.now() });
await seeder.close();

const ROUNDS = 3;
const emptyMs: number[] = [];
const firstRowMs: number[] = [];
const emptyPaintedMs: number[] = [];
const firstRowPaintedMs: number[] = [];
const allRowsMs: number[] = [];
let page!: Awaited<ReturnType<typeof openTimedPanel>>['page'];
for (let round = 0; round < ROUNDS; round++) {
  const empty = await openTimedPanel(browser, EMPTY_TAB_ID, 0);
  emptyMs.push(empty.timings.allRows);
  emptyPaintedMs.push(empty.timings.emptyPainted!);
  await empty.page.close();
  const full = await openTimedPanel(browser, TAB_ID, COUNT);
  firstRowMs.push(full.timings.firstRow!);
  firstRowPaintedMs.push(full.timings.firstRowPainted!);
  allRowsMs.push(full.timings.allRows);
  if (round < ROUNDS - 1) await full.page.close();
  else page = full.page;
}

const keystrokeMs = await timeKeystrokes(page, KEYSTROKES);
const sorted = [...keystrokeMs].sort((a, b) => a - b);
console.log(`Panel with ${COUNT} stored messages (2-core machine, headless Chromium), medians of ${ROUNDS} openings, from navigation start`);
const withDelta = (values: number[], baseline: number[]) => `${median(values).toFixed(0)} ms (+${(median(values) - median(baseline)).toFixed(0)} ms)`;
console.log(
  '| empty panel ready (baseline) | first row in the DOM | empty panel painted | first row painted | all rows loaded | filter keystroke → table (median) | worst keystroke | target |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(
  `| ${median(emptyMs).toFixed(0)} ms | ${withDelta(firstRowMs, emptyMs)} | ${median(emptyPaintedMs).toFixed(0)} ms | ${withDelta(firstRowPaintedMs, emptyPaintedMs)} | ${median(allRowsMs).toFixed(0)} ms | ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms | ${sorted.at(-1)!.toFixed(1)} ms | keystroke < 100 ms: ${sorted.at(-1)! < 100 ? 'met' : 'NOT met'}; first row painted < 100 ms: ${median(firstRowPaintedMs) < 100 ? 'met' : 'NOT met'} |`,
);
const list = (values: number[]) => values.map((ms) => ms.toFixed(0)).join(', ');
console.log(`openings: empty ${list(emptyMs)} ms (painted ${list(emptyPaintedMs)}); first row ${list(firstRowMs)} ms (painted ${list(firstRowPaintedMs)})`);
console.log(`keystrokes: ${KEYSTROKES.map((q, i) => `"${q}" ${keystrokeMs[i]!.toFixed(1)} ms`).join(', ')}`);
await browser.close();
